"""Access-matrix entries of the charter.

The adopted charter is read as its visibility allows, and by visitors and outsiders only when
the community is public. The world's charters: the private community's is kept by the core
team, the public community's is for its members (see `KINDS` and test_access_matrix.World).
"""

from django.urls import reverse

from terreau.charter import services
from terreau.charter.models import Charter
from terreau.charter.tests.helpers import adopt
from terreau.decisions import services as decisions
from tests.access import SEES, Kind, Route, core_team_only, everyone, members_only, url


def prepare(place):
    cast = place.cast
    for number, purpose in enumerate(["Partager les pratiques.", "Partager les pratiques de vente directe."]):
        services.charter_save(
            community=cast.community, actor=cast.core_member, sections={"purpose": purpose}, base_number=number
        )
    adopt(cast, 1)


MATRIX = {
    # Everyone reaches the page; what it shows depends on the charter's visibility.
    "charter:detail": ("get", url("charter:detail"), everyone(200)),
    "charter:edit": ("get", url("charter:edit"), core_team_only(200)),
    "charter:history": ("get", url("charter:history"), core_team_only(200)),
    "charter:compare": (
        "get",
        lambda p: reverse("charter:compare", args=[p.slug]) + "?a=1&b=2",
        core_team_only(200),
    ),
    "charter:version": ("get", url("charter:version", lambda p: 1), core_team_only(200)),
    # Submitting opens the core team circle's consent decision: it takes a core-team membership.
    "charter:submit": ("post", url("charter:submit", lambda p: 2), {**core_team_only(302), "admin": 403}),
    # The private community's charter is the core team's: a member finds nothing, a visitor is
    # asked to sign in; the public community's is for its members.
    "charter:download": (
        "get",
        url("charter:download", lambda p: "md"),
        {**members_only(404), "core_member": 200, "admin": 200},
        members_only(200),
    ),
}


# Its visibility ---------------------------------------------------------------------------------


def plant_charter(place, visibility, marker):
    cast = place.cast
    services.charter_save(
        community=cast.community,
        actor=cast.core_member,
        sections={"purpose": marker, "scope": marker},
        base_number=2,
        visibility=visibility,
    )
    pending = services.open_proposal(cast.community)
    if pending is not None:  # the matrix may have submitted version 2
        decisions.withdraw(proposal=pending, actor=pending.proposer)
    adopt(cast, 3)
    return Charter.objects.get(community=cast.community)


def charter_readers(listing, visibility):
    """A private community's charter is never for visitors or outsiders, whatever its visibility."""
    return SEES[visibility] - ({"anonymous", "outsider"} if listing == "private" else set())


KINDS = {"charter": Kind(plant_charter, singleton=True, seen=charter_readers)}


def download(format):
    return lambda place, charter: reverse("charter:download", args=[place.slug, format])


OBJECT_ROUTES = {
    # The page is everyone's; a charter the person may not read is not shown on it.
    "charter:detail": Route(
        "get", "charter", lambda p, charter: url("charter:detail")(p), everyone(200), hidden=everyone(200)
    ),
    "charter:download": Route("get", "charter", download("md"), everyone(200)),
    "charter:download (docx)": Route("get", "charter", download("docx"), everyone(200)),
    "charter:download (odt)": Route("get", "charter", download("odt"), everyone(200)),
}
