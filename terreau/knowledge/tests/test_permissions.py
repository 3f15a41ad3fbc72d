"""Who may read, write and keep the knowledge base (terreau/knowledge/permissions.py)."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from terreau import permissions
from terreau.communities.models import Role, RoleAssignment, RoleKind
from terreau.core.models import Visibility
from terreau.knowledge import permissions as knowledge_permissions
from terreau.knowledge import services
from terreau.knowledge.models import ContributorInterview
from terreau.knowledge.tests.helpers import make_item, pdf_upload
from terreau.permissions import SignInRequired

pytestmark = pytest.mark.django_db


def test_drafts_are_read_by_their_author_and_content_managers_only(cast):
    item = make_item(cast, publish=False)
    assert knowledge_permissions.can_read(cast.member, cast.community, item)
    assert knowledge_permissions.can_read(cast.core_member, cast.community, item)
    assert not knowledge_permissions.can_read(cast.observer, cast.community, item)


def test_the_queryset_form_agrees_with_can_read(cast):
    published = make_item(cast, title="Publiée")
    draft = make_item(cast, title="Brouillon", publish=False)
    core_draft = make_item(cast, title="Noyau", author=cast.core_member, publish=False)
    for person in ("member", "observer", "core_member", "admin", "outsider"):
        user = getattr(cast, person)
        listed = set(knowledge_permissions.items_visible_to(user, cast.community))
        expected = {
            i for i in (published, draft, core_draft) if knowledge_permissions.can_read(user, cast.community, i)
        }
        assert listed == expected, person
    assert set(knowledge_permissions.items_visible_to(cast.member, cast.community)) == {published, draft}


def test_the_author_and_the_content_managers_edit_an_item(cast):
    item = make_item(cast)
    can_edit = {
        person: knowledge_permissions.can_edit(getattr(cast, person), cast.community, item)
        for person in ("member", "observer", "facilitator", "core_member", "admin", "outsider")
    }
    assert can_edit == {
        "member": True,  # the author
        "observer": False,
        "facilitator": False,
        "core_member": True,
        "admin": True,
        "outsider": False,
    }
    content = Role.objects.get(community=cast.community, kind=RoleKind.CONTENT)
    RoleAssignment.objects.create(role=content, membership=cast.membership(cast.observer))
    permissions.forget(cast.observer, cast.community)
    assert knowledge_permissions.can_edit(cast.observer, cast.community, item)
    for action in (knowledge_permissions.PUBLISH, knowledge_permissions.REVIEW, knowledge_permissions.ENTRY_POINTS):
        assert permissions.can(cast.observer, action, cast.community)
        assert not permissions.can(cast.member, action, cast.community)


def test_a_refused_item_reveals_nothing_to_whoever_may_not_read_it(public_cast):
    cast = public_cast
    item = make_item(cast, visibility=Visibility.PUBLIC)
    draft = make_item(cast, title="Brouillon", publish=False)
    assert knowledge_permissions.item_for(AnonymousUser(), cast.community, item.pk) == item
    with pytest.raises(SignInRequired):  # signed in, they may be its author
        knowledge_permissions.item_for(AnonymousUser(), cast.community, item.pk, edit=True)
    with pytest.raises(Http404):  # outside the community, a knowledge write does not exist
        knowledge_permissions.item_for(cast.outsider, cast.community, item.pk, edit=True)
    with pytest.raises(PermissionDenied):  # a member who reads it
        knowledge_permissions.item_for(cast.observer, cast.community, item.pk, edit=True)
    with pytest.raises(Http404):  # someone else's draft
        knowledge_permissions.item_for(cast.observer, cast.community, draft.pk)
    with pytest.raises(Http404):
        knowledge_permissions.item_for(cast.member, cast.community, 0)
    with pytest.raises(PermissionDenied):
        knowledge_permissions.require_edit(cast.observer, cast.community, item)


def test_an_attachment_narrower_than_its_reader_does_not_exist_for_them(cast):
    item = make_item(cast)
    attachment = services.attachment_add(
        actor=cast.core_member, item=item, upload=pdf_upload(), summary="Bilan", visibility=Visibility.CORE_TEAM
    )
    assert knowledge_permissions.attachment_for(cast.core_member, cast.community, attachment.pk) == attachment
    with pytest.raises(Http404):
        knowledge_permissions.attachment_for(cast.member, cast.community, attachment.pk)
    with pytest.raises(SignInRequired):
        knowledge_permissions.attachment_for(AnonymousUser(), cast.community, attachment.pk)


def test_a_transfer_record_is_changed_by_its_writer_and_the_content_managers(cast):
    interview = services.interview_save(
        actor=cast.observer,
        interview=ContributorInterview(
            community=cast.community,
            interviewee_name="Anne Lenoir",
            held_on=datetime.date(2025, 5, 2),
            questions_answers="## Qu'avez-vous appris ?\nBeaucoup.",
        ),
    )
    for person, expected in [("observer", True), ("core_member", True), ("member", False), ("outsider", False)]:
        assert knowledge_permissions.can_edit_record(getattr(cast, person), cast.community, interview) == expected
    assert knowledge_permissions.record_for(cast.member, cast.community, ContributorInterview, interview.pk)
    with pytest.raises(PermissionDenied):
        knowledge_permissions.record_for(cast.member, cast.community, ContributorInterview, interview.pk, edit=True)
    with pytest.raises(Http404):
        knowledge_permissions.record_for(cast.outsider, cast.community, ContributorInterview, interview.pk)
    assert list(knowledge_permissions.records_visible_to(cast.member, cast.community, ContributorInterview)) == [
        interview
    ]
    assert not knowledge_permissions.records_visible_to(cast.outsider, cast.community, ContributorInterview)
