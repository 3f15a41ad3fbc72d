"""Access-matrix entries of the charter (the world's community is private; its charter is public and adopted)."""

from django.urls import reverse

from terreau.charter import services
from tests.access import core_team_only, everyone, members_only, url


def prepare(world):
    cast = world.cast
    for number, purpose in enumerate(["Partager les pratiques.", "Partager les pratiques de vente directe."]):
        services.charter_save(
            community=cast.community, actor=cast.core_member, sections={"purpose": purpose}, base_number=number
        )
    services.charter_adopt(community=cast.community, number=1, actor=cast.core_member)


MATRIX = {
    # Everyone reaches the page; what it shows depends on the charter's visibility (tested in test_views).
    "charter:detail": ("get", url("charter:detail"), everyone(200)),
    "charter:edit": ("get", url("charter:edit"), core_team_only(200)),
    "charter:history": ("get", url("charter:history"), core_team_only(200)),
    "charter:compare": (
        "get",
        lambda w: reverse("charter:compare", args=[w.slug]) + "?a=1&b=2",
        core_team_only(200),
    ),
    "charter:version": ("get", url("charter:version", lambda w: 1), core_team_only(200)),
    "charter:adopt": ("post", url("charter:adopt", lambda w: 2), core_team_only(302)),
    # A private community: the adopted charter is for its members; a visitor is asked to sign in.
    "charter:download": ("get", url("charter:download", lambda w: "md"), members_only(200)),
}
