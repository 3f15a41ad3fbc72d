"""Access-matrix things of the communities: roles have a visibility (their entries in the matrix
are in tests/test_access_matrix.py, with the other pages of the communities)."""

from terreau.communities import services
from terreau.communities.models import Role
from tests.access import Kind, Route, core_team_only, members_only, pk, thing_url


def plant_role(place, variant, marker):
    cast = place.cast
    role = services.role_save(
        actor=cast.core_member,
        role=Role(community=cast.community, name=marker, description=marker, visibility=variant),
    )
    services.role_assign(actor=cast.core_member, role=role, membership=cast.membership(cast.author))
    return role


KINDS = {"role": Kind(plant_role)}

# Only the core team manages roles, whatever the role: a member is refused before it is looked up.
editing = {"hidden": core_team_only(404)}

OBJECT_ROUTES = {
    # A role's page, with all its holders: whoever may see the role.
    "communities:role": Route("get", "role", thing_url("communities:role", pk), members_only(200)),
    "communities:role_edit": Route(
        "get", "role", thing_url("communities:role_edit", pk), core_team_only(200), **editing
    ),
    "communities:role_retire": Route(
        "post", "role", thing_url("communities:role_retire", pk), core_team_only(302), **editing
    ),
    "communities:role_unassign": Route(
        "post",
        "role",
        thing_url("communities:role_unassign", pk, lambda p, role: p.author_membership.pk),
        core_team_only(302),
        **editing,
    ),
}
