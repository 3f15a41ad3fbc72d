"""Access-matrix entries for the stakeholder map and the objectives and scope."""

from terreau.core.models import Visibility
from terreau.definition.models import Stakeholder
from tests.access import core_team_only, members_only, url


def prepare(world):
    # Shared with the members, so that they read it; a core-team-only one answers them 404
    # (see test_views.py).
    world.stakeholder = Stakeholder.objects.create(
        community=world.cast.community,
        name="Commune de Gesves",
        kind="municipality",
        interest=4,
        influence=5,
        visibility=Visibility.MEMBERS,
    )


stakeholder_id = lambda w: w.stakeholder.pk  # noqa: E731

MATRIX = {
    "definition:stakeholders": ("get", url("definition:stakeholders"), members_only(200)),
    "definition:stakeholder_create": ("get", url("definition:stakeholder_create"), core_team_only(200)),
    "definition:stakeholder": ("get", url("definition:stakeholder", stakeholder_id), members_only(200)),
    "definition:stakeholder_edit": ("get", url("definition:stakeholder_edit", stakeholder_id), core_team_only(200)),
    "definition:stakeholder_delete": (
        "post",
        url("definition:stakeholder_delete", stakeholder_id),
        core_team_only(302),
    ),
    # Empty data: the page comes back with the form's errors.
    "definition:conversation_create": (
        "post",
        url("definition:conversation_create", stakeholder_id),
        core_team_only(200),
    ),
    "definition:stakeholders_csv": ("get", url("definition:stakeholders_csv"), members_only(200)),
    "definition:stakeholders_import": ("get", url("definition:stakeholders_import"), core_team_only(200)),
    "definition:scope": ("get", url("definition:scope"), members_only(200)),
    "definition:scope_edit": ("get", url("definition:scope_edit"), core_team_only(200)),
}
