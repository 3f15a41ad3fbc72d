"""Who may read and change the community's definition (terreau/definition/permissions.py)."""

import pytest

from terreau import permissions
from terreau.definition import permissions as definition_permissions
from terreau.definition import services
from terreau.definition.models import Stakeholder

pytestmark = pytest.mark.django_db


def test_members_see_the_stakeholders_the_core_team_shares(cast):
    for name, visibility in (("Commune de Gesves", "members"), ("Banque locale", "core_team")):
        services.stakeholder_save(
            actor=cast.core_member,
            stakeholder=Stakeholder(
                community=cast.community, name=name, interest=3, influence=3, visibility=visibility
            ),
        )
    seen = lambda user: {s.name for s in definition_permissions.stakeholders_visible_to(user, cast.community)}  # noqa: E731
    assert seen(cast.member) == {"Commune de Gesves"}
    assert seen(cast.core_member) == {"Commune de Gesves", "Banque locale"}
    assert seen(cast.outsider) == set()


def test_each_section_is_changed_by_the_core_team(cast):
    assert set(definition_permissions.EDIT_BY_SECTION) == {"stakeholders", "scope"}
    for action in [*definition_permissions.EDIT_BY_SECTION.values(), definition_permissions.CONVERSATIONS_RECORD]:
        assert permissions.can(cast.core_member, action, cast.community)
        assert not permissions.can(cast.member, action, cast.community)
    assert permissions.can(cast.observer, definition_permissions.VIEW, cast.community)
