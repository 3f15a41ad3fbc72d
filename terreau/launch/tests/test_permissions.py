"""Who may prepare the launch and read its pack (terreau/launch/permissions.py)."""

import pytest
from django.core.exceptions import PermissionDenied

from terreau import permissions
from terreau.launch import permissions as launch_permissions
from terreau.launch import services
from terreau.launch.models import Action

pytestmark = pytest.mark.django_db


def test_members_see_the_actions_the_core_team_shares(cast):
    for title, visibility in (("Enquête", "members"), ("Budget", "core_team")):
        services.action_save(
            actor=cast.core_member, action=Action(community=cast.community, title=title, visibility=visibility)
        )
    seen = lambda user: {a.title for a in launch_permissions.actions_visible_to(user, cast.community)}  # noqa: E731
    assert seen(cast.member) == {"Enquête"}
    assert seen(cast.core_member) == {"Enquête", "Budget"}


def test_the_core_team_prepares_each_part_of_the_launch_and_members_read_the_pack(cast):
    assert set(launch_permissions.EDIT_BY_SECTION) == {"meeting", "activities", "actions"}
    for action in [*launch_permissions.EDIT_BY_SECTION.values(), launch_permissions.ACTIONS_UPDATE]:
        assert permissions.can(cast.core_member, action, cast.community)
        with pytest.raises(PermissionDenied):
            permissions.require(cast.member, action, cast.community)
    assert permissions.can(cast.observer, launch_permissions.PACK, cast.community)
    assert not permissions.can(cast.outsider, launch_permissions.PACK, cast.community)
