"""Access-matrix entries of the idea box (see tests/test_access_matrix.py).

The idea box is read by whoever may view the community, each idea as its visibility allows.
Proposing and supporting take a membership; editing is for the proposer (while the idea waits
for an answer) and the core team; the answer and what follows it are the core team's.
"""

from terreau.ideas import services
from terreau.ideas.models import Idea
from tests.access import (
    LOGIN,
    MISSING,
    Kind,
    Route,
    core_team_only,
    everyone,
    member_action,
    pk,
    signed_in,
    thing_url,
    url,
)


def prepare(place):
    cast = place.cast
    place.idea = services.idea_propose(
        actor=cast.author, community=cast.community, title="Un marché de producteurs itinérant", text="Chaque mois."
    )


def plant_idea(place, variant, marker):
    return Idea.objects.create(
        community=place.cast.community, title=marker, text=marker, visibility=variant, author=place.cast.author
    )


KINDS = {"idea": Kind(plant_idea)}

_idea = lambda p: p.idea.pk  # noqa: E731

# The proposer and the core team edit; whoever else reads the idea is refused (403).
EDITORS = {**signed_in(403), "author": 200, "core_member": 200, "admin": 200}
# The proposer withdraws it while nobody else supports it; the core team deletes any.
DELETERS = {**signed_in(403), "author": 302, "core_member": 302, "admin": 302}
# Refused before the idea is looked up: the admin holds no membership to support with.
SUPPORT_HIDDEN = {**MISSING, "admin": 403}
# The core team's, refused before the idea is looked up.
ANSWER_HIDDEN = {**core_team_only(404), "anonymous": LOGIN}

OBJECT_ROUTES = {
    "ideas:detail": Route("get", "idea", thing_url("ideas:detail", pk), everyone(200)),
    "ideas:edit": Route("get", "idea", thing_url("ideas:edit", pk), EDITORS),
    "ideas:delete": Route("post", "idea", thing_url("ideas:delete", pk), DELETERS),
    "ideas:support": Route("post", "idea", thing_url("ideas:support", pk), member_action(302), hidden=SUPPORT_HIDDEN),
    # An empty answer re-renders the idea's page with what is missing.
    "ideas:answer": Route("post", "idea", thing_url("ideas:answer", pk), core_team_only(200), hidden=ANSWER_HIDDEN),
}

MATRIX = {
    "ideas:list": ("get", url("ideas:list"), everyone(200)),
    "ideas:list (filtered)": (
        "get",
        lambda p: url("ideas:list")(p) + "?status=open&sort=supported",
        everyone(200),
    ),
    "ideas:create": ("get", url("ideas:create"), member_action(200)),
    "ideas:detail": ("get", url("ideas:detail", _idea), {**everyone(200), "anonymous": LOGIN, "outsider": 404}),
    "ideas:edit": ("get", url("ideas:edit", _idea), {**EDITORS, "outsider": 404}),
    "ideas:delete": ("post", url("ideas:delete", _idea), {**DELETERS, "outsider": 404}),
    "ideas:support": ("post", url("ideas:support", _idea), member_action(302)),
    "ideas:answer": ("post", url("ideas:answer", _idea), core_team_only(200)),
    # Not taken up yet: refused with a message, back to the idea.
    "ideas:to_action": ("post", url("ideas:to_action", _idea), core_team_only(302)),
    # An empty address re-renders the idea's page with what is missing.
    "ideas:to_proposal": ("post", url("ideas:to_proposal", _idea), core_team_only(302)),
}
