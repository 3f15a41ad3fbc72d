"""Who may read, write, compare and submit the charter (terreau/charter/permissions.py)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from terreau import permissions
from terreau.charter import permissions as charter_permissions
from terreau.charter import selectors, services
from terreau.core.models import Visibility

from .helpers import adopt

pytestmark = pytest.mark.django_db


def adopted(cast, visibility):
    version = services.charter_save(
        community=cast.community,
        actor=cast.core_member,
        sections={"purpose": "Partager les pratiques."},
        base_number=0,
        visibility=visibility,
    )
    adopt(cast, version.number)
    return selectors.charter_for(cast.community)


@pytest.mark.parametrize(
    ("visibility", "readers"),
    [
        (Visibility.PUBLIC, {"anonymous", "outsider", "observer", "core_member"}),
        (Visibility.MEMBERS, {"observer", "core_member"}),
        (Visibility.CORE_TEAM, {"core_member"}),
    ],
)
def test_the_adopted_charter_is_read_as_its_visibility_and_the_community_allow(public_cast, visibility, readers):
    charter = adopted(public_cast, visibility)
    people = {
        "anonymous": AnonymousUser(),
        **{p: getattr(public_cast, p) for p in ("outsider", "observer", "core_member")},
    }
    found = {
        name
        for name, user in people.items()
        if charter_permissions.can_read_adopted(user, public_cast.community, charter)
    }
    assert found == readers


def test_a_private_communitys_charter_is_read_by_its_members_only(cast):
    charter = adopted(cast, Visibility.PUBLIC)
    assert charter_permissions.can_read_adopted(cast.observer, cast.community, charter)
    assert not charter_permissions.can_read_adopted(cast.outsider, cast.community, charter)
    assert not charter_permissions.can_read_adopted(AnonymousUser(), cast.community, None)


def test_the_core_team_writes_compares_and_submits_for_adoption(cast):
    for action in (charter_permissions.EDIT, charter_permissions.HISTORY, charter_permissions.SUBMIT):
        assert permissions.can(cast.core_member, action, cast.community)
        assert not permissions.can(cast.member, action, cast.community)
    assert permissions.can(cast.observer, charter_permissions.READ, cast.community)
