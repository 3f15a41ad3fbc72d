"""Access-matrix entries for the stakeholder map and the objectives and scope."""

import datetime

from terreau.core.models import Visibility
from terreau.definition import services
from terreau.definition.models import Stakeholder
from tests.access import Kind, Route, core_team_only, members_only, pk, thing_url, url


def prepare(place):
    # Shared with the members, so that they read it.
    place.stakeholder = Stakeholder.objects.create(
        community=place.cast.community,
        name="Commune de Gesves",
        kind="municipality",
        interest=4,
        influence=5,
        visibility=Visibility.MEMBERS,
    )


stakeholder_id = lambda p: p.stakeholder.pk  # noqa: E731

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


# Things of every visibility -------------------------------------------------------------------


def plant_stakeholder(place, variant, marker):
    cast = place.cast
    stakeholder = services.stakeholder_save(
        actor=cast.core_member,
        stakeholder=Stakeholder(
            community=cast.community,
            name=marker,
            organisation="Parc naturel",
            kind="association",
            notes=marker,
            visibility=variant,
        ),
    )
    services.conversation_add(
        actor=cast.core_member,
        stakeholder=stakeholder,
        held_on=datetime.date(2025, 4, 1),
        spoken_by="Marc",
        challenges=marker,
    )
    return stakeholder


def plant_definition(place, visibility, marker):
    cast = place.cast
    return services.definition_save(
        actor=cast.core_member,
        community=cast.community,
        objectives={"mutual_help": marker},
        networks=[{"name": marker, "url": "", "relation": marker}],
        scope=marker,
        unique_value=marker,
        permanent_members="",
        guests="",
        not_members=marker,
        visibility=visibility,
    )


KINDS = {
    "stakeholder": Kind(plant_stakeholder),
    "definition": Kind(plant_definition, singleton=True),
}

# Only the core team edits, whatever the thing: a member is refused before it is looked up.
editing = {"hidden": core_team_only(404)}

OBJECT_ROUTES = {
    "definition:stakeholder": Route("get", "stakeholder", thing_url("definition:stakeholder", pk), members_only(200)),
    "definition:stakeholder_edit": Route(
        "get", "stakeholder", thing_url("definition:stakeholder_edit", pk), core_team_only(200), **editing
    ),
    "definition:stakeholder_delete": Route(
        "post", "stakeholder", thing_url("definition:stakeholder_delete", pk), core_team_only(302), **editing
    ),
    "definition:conversation_create": Route(
        "post", "stakeholder", thing_url("definition:conversation_create", pk), core_team_only(200), **editing
    ),
    # The page is the members'; a definition they may not see shows as kept by the core team.
    "definition:scope": Route(
        "get", "definition", lambda p, found: url("definition:scope")(p), members_only(200), hidden=members_only(200)
    ),
    "definition:scope_edit": Route(
        "get", "definition", lambda p, found: url("definition:scope_edit")(p), core_team_only(200), **editing
    ),
}
