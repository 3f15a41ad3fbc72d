"""Access-matrix entries of retrospectives (see tests/test_access_matrix.py).

The list is read by whoever may view the community, each retrospective as its visibility allows.
Posting cards and voting take a membership; a card's author edits and deletes it while the
retrospective is open for cards, and so does a facilitator; the facilitation role and the core
team open one, group cards, move it on, run it live and write its record.
"""

from terreau.retrospectives import services
from terreau.retrospectives.models import Card, Retrospective
from tests.access import (
    LOGIN,
    Kind,
    Route,
    core_team_only,
    everyone,
    facilitators,
    member_action,
    members_only,
    pk,
    thing_url,
    url,
)


def prepare(place):
    cast, community = place.cast, place.cast.community
    place.retro_open = services.retrospective_open(actor=cast.core_member, community=community, title="À refaire")
    place.retro_card = services.card_post(
        actor=cast.author, retrospective=place.retro_open, column="keep", text="Les rencontres"
    )
    other = services.card_post(actor=cast.member, retrospective=place.retro_open, column="keep", text="Les visites")
    place.retro_group = services.group_create(
        actor=cast.core_member,
        retrospective=place.retro_open,
        column="keep",
        cards=[place.retro_card, other],
        title="Se voir",
        version=None,
    )
    place.retro_done = services.retrospective_open(actor=cast.core_member, community=community, title="Finie")
    services.card_post(actor=cast.member, retrospective=place.retro_done, column="stop", text="Les longues réunions")
    services.retrospective_move(actor=cast.core_member, retrospective=place.retro_done, to="voting", version=None)
    services.retrospective_move(actor=cast.core_member, retrospective=place.retro_done, to="done", version=None)


def plant_retrospective(place, variant, marker):
    retrospective = Retrospective.objects.create(
        community=place.cast.community,
        title=marker,
        visibility=variant,
        status=Retrospective.Status.DONE,
        record=f"## {marker}",
        created_by=place.cast.core_member,
    )
    Card.objects.create(retrospective=retrospective, column="add", text=marker, author=place.cast.author)
    return retrospective


KINDS = {"retrospective": Kind(plant_retrospective)}

_open = lambda p: p.retro_open.pk  # noqa: E731
_done = lambda p: p.retro_done.pk  # noqa: E731
_card = lambda p: p.retro_card.pk  # noqa: E731
_group = lambda p: p.retro_group.pk  # noqa: E731

# The card's author and whoever facilitates edit it; whoever else reads it is refused (403).
CARD_EDITORS = {**members_only(403), "author": 200, "facilitator": 200, "core_member": 200, "admin": 200}
CARD_DELETERS = {**members_only(403), "author": 302, "facilitator": 302, "core_member": 302, "admin": 302}
# The facilitators' page of one they may not see: the members are refused before it is looked up.
FACILITATION_HIDDEN = {**core_team_only(404), "anonymous": LOGIN, "facilitator": 404}

OBJECT_ROUTES = {
    "retrospectives:detail": Route("get", "retrospective", thing_url("retrospectives:detail", pk), everyone(200)),
    "retrospectives:record": Route(
        "get", "retrospective", thing_url("retrospectives:record", pk), facilitators(200), hidden=FACILITATION_HIDDEN
    ),
}

MATRIX = {
    "retrospectives:list": ("get", url("retrospectives:list"), everyone(200)),
    "retrospectives:create": ("get", url("retrospectives:create"), facilitators(200)),
    "retrospectives:detail": ("get", url("retrospectives:detail", _open), members_only(200)),
    "retrospectives:detail (done)": ("get", url("retrospectives:detail", _done), members_only(200)),
    # An empty card re-renders the board with what is missing.
    "retrospectives:card_post": ("post", url("retrospectives:card_post", _open), member_action(200)),
    "retrospectives:card_edit": ("get", url("retrospectives:card_edit", _open, _card), CARD_EDITORS),
    "retrospectives:card_delete": ("post", url("retrospectives:card_delete", _open, _card), CARD_DELETERS),
    # An empty form re-renders the board with what is missing.
    "retrospectives:group_create": ("post", url("retrospectives:group_create", _open), facilitators(200)),
    "retrospectives:group_dissolve": (
        "post",
        url("retrospectives:group_dissolve", _open, _group),
        facilitators(302),
    ),
    # No step named: the board again, with the refusal.
    "retrospectives:move": ("post", url("retrospectives:move", _open), facilitators(200)),
    # Not at the vote: refused with a message, back to the board.
    "retrospectives:vote": ("post", url("retrospectives:vote", _open), member_action(302)),
    "retrospectives:record": ("get", url("retrospectives:record", _done), facilitators(200)),
    # Not ended: back to the board.
    "retrospectives:record (open)": ("get", url("retrospectives:record", _open), facilitators(302)),
    "retrospectives:live": ("get", url("retrospectives:live", _open), facilitators(200)),
    "retrospectives:live_card": ("post", url("retrospectives:live_card", _open), facilitators(200)),
    # Not at the vote: the live page again, with the refusal.
    "retrospectives:live_counts": ("post", url("retrospectives:live_counts", _open), facilitators(200)),
}
