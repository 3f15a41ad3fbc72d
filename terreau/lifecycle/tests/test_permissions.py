"""Who may read and move the lifecycle workspace (terreau/lifecycle/permissions.py)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from terreau import permissions
from terreau.lifecycle import permissions as lifecycle_permissions
from terreau.lifecycle import services

pytestmark = pytest.mark.django_db


def test_members_read_the_answers_their_visibility_allows(cast):
    for key, visibility in (("define.why", "members"), ("define.needs", "core_team")):
        services.answer_save(
            actor=cast.core_member,
            community=cast.community,
            question=key,
            text="Réponse",
            status="settled",
            assignee=None,
            visibility=visibility,
        )
    read = lambda user: {a.question for a in lifecycle_permissions.answers_visible_to(user, cast.community)}  # noqa: E731
    assert read(cast.member) == {"define.why"}
    assert read(cast.core_member) == {"define.why", "define.needs"}
    assert read(cast.outsider) == set()


def test_the_core_team_answers_and_moves_the_phase(cast):
    for action in (lifecycle_permissions.ANSWER, lifecycle_permissions.MOVE_PHASE):
        assert permissions.can(cast.core_member, action, cast.community)
        with pytest.raises(PermissionDenied):
            permissions.require(cast.facilitator, action, cast.community)
    with pytest.raises(Http404):
        permissions.require(cast.outsider, lifecycle_permissions.VIEW, cast.community)
