"""Who may read, write and facilitate the exchanges (terreau/exchanges/permissions.py)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from terreau import permissions
from terreau.core.models import Visibility
from terreau.exchanges import permissions as exchanges_permissions
from terreau.exchanges import services
from terreau.exchanges.models import HelpPost
from terreau.permissions import SignInRequired

pytestmark = pytest.mark.django_db

EVERYONE = ("member", "observer", "facilitator", "core_member", "admin", "outsider")


@pytest.fixture
def question(cast):
    return services.question_ask(actor=cast.member, community=cast.community, title="Quel prix pour un panier ?")


def test_facilitation_is_the_role_or_the_core_team(cast):
    allowed = {
        person for person in EVERYONE if exchanges_permissions.can_facilitate(getattr(cast, person), cast.community)
    }
    assert allowed == {"facilitator", "core_member", "admin"}
    with pytest.raises(PermissionDenied):
        permissions.require(cast.member, exchanges_permissions.FACILITATE, cast.community)
    with pytest.raises(Http404):
        permissions.require(cast.outsider, exchanges_permissions.FACILITATE, cast.community)


def test_the_asker_or_a_facilitator_accepts_an_answer(cast, question):
    allowed = {person for person in EVERYONE if exchanges_permissions.can_accept(getattr(cast, person), question)}
    assert allowed == {"member", "facilitator", "core_member", "admin"}
    assert not exchanges_permissions.can_accept(AnonymousUser(), question)
    with pytest.raises(PermissionDenied):
        exchanges_permissions.require_accept(cast.observer, question)
    with pytest.raises(Http404):
        exchanges_permissions.require_accept(cast.outsider, question)


def test_a_refused_acceptance_is_the_kernels_refusal_not_a_form_error(cast, question):
    answer = services.answer_post(actor=cast.facilitator, question=question, body="Entre 15 et 20 euros.")
    with pytest.raises(PermissionDenied):
        services.answer_accept(actor=cast.observer, answer=answer)


def test_the_author_or_a_facilitator_changes_a_help_posts_status(cast):
    post = services.help_post_create(actor=cast.member, community=cast.community, kind="request", title="Un camion")
    allowed = {
        person for person in EVERYONE if exchanges_permissions.can_change_help_status(getattr(cast, person), post)
    }
    assert allowed == {"member", "facilitator", "core_member", "admin"}
    with pytest.raises(PermissionDenied):
        services.help_set_status(actor=cast.observer, post=post, status=HelpPost.Status.CLOSED)


def test_a_question_the_person_may_not_see_does_not_exist_for_them(cast):
    kept = services.question_ask(
        actor=cast.core_member, community=cast.community, title="Budget du noyau", visibility=Visibility.CORE_TEAM
    )
    with pytest.raises(Http404):
        exchanges_permissions.require_read(cast.member, cast.community, kept)
    with pytest.raises(Http404):
        services.answer_post(actor=cast.member, question=kept, body="Je réponds quand même.")
    assert kept not in exchanges_permissions.questions_visible_to(cast.member, cast.community)
    assert kept in exchanges_permissions.questions_visible_to(cast.core_member, cast.community)


def test_only_members_write_and_the_platform_admin_is_told_so_in_the_form(cast):
    assert exchanges_permissions.membership_for_posting(cast.observer, cast.community) == cast.membership(cast.observer)
    assert exchanges_permissions.can_post(cast.observer, cast.community)
    assert not exchanges_permissions.can_post(cast.admin, cast.community)
    with pytest.raises(ValidationError):  # not a refusal: what the admin typed stays in the form
        exchanges_permissions.membership_for_posting(cast.admin, cast.community)
    with pytest.raises(Http404):
        exchanges_permissions.membership_for_posting(cast.outsider, cast.community)
    with pytest.raises(SignInRequired):
        exchanges_permissions.membership_for_posting(AnonymousUser(), cast.community)


def test_email_settings_belong_to_a_membership(cast):
    assert permissions.can(cast.observer, exchanges_permissions.EMAIL_SETTINGS, cast.community)
    with pytest.raises(PermissionDenied):  # the admin reads the community but holds no membership
        services.preference_update(
            actor=cast.admin,
            community=cast.community,
            frequency="daily",
            time_zone="Europe/Brussels",
            unsubscribed_kinds=[],
        )


def test_turning_a_question_into_knowledge_is_refused_by_the_kernel(cast, question):
    services.answer_post(actor=cast.observer, question=question, body="Entre 15 et 20 euros.")
    assert not exchanges_permissions.can_turn_into_knowledge(cast.observer, question)
    assert not exchanges_permissions.can_turn_into_knowledge(cast.outsider, question)
    with pytest.raises(Http404):
        exchanges_permissions.require_turn_into_knowledge(cast.outsider, question)
    with pytest.raises(PermissionDenied):
        exchanges_permissions.require_turn_into_knowledge(cast.observer, question)


def test_the_notification_centre_asks_to_sign_in(cast):
    permissions.require(cast.outsider, exchanges_permissions.NOTIFICATIONS)
    with pytest.raises(SignInRequired):
        permissions.require(AnonymousUser(), exchanges_permissions.NOTIFICATIONS)
