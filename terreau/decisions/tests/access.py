"""Access-matrix entries of decisions (see tests/test_access_matrix.py).

The decision log reads like the community: whoever may view it sees the adopted decisions their
visibility allows, and outside the community only the public decisions of a public community.
Proposals in progress and tensions are the members' (decisions.view); the live mode is the
facilitators' and the core team's (decisions.facilitate). A step is taken by the proposer or
a participant: anyone else who may read the proposal is refused (403) or told why.
"""

from datetime import timedelta

from django.utils import timezone

from terreau.circles.models import Circle, CircleKind, CircleMember
from terreau.decisions import services
from terreau.decisions.models import Response
from tests.access import (
    LOGIN,
    SEES,
    Kind,
    Route,
    everyone,
    facilitators,
    member_action,
    members_only,
    pk,
    thing_url,
    url,
)


def _circle(place):
    cast = place.cast
    circle = Circle.objects.create(community=cast.community, kind=CircleKind.WORKING_GROUP, name="Logistique")
    for user in (cast.member, cast.author, cast.facilitator, cast.observer):
        CircleMember.objects.create(circle=circle, membership=cast.membership(user))
    return circle


def _proposal(place, *, title, text="Un camion partagé.", visibility="members", proposer=None):
    found = services.proposal_create(
        community=place.cast.community,
        actor=proposer or place.cast.author,
        circle=place.decision_circle,
        title=title,
        text=text,
        deadline=timezone.now() + timedelta(days=14),
        visibility=visibility,
    )
    return services.proposal_open(proposal=found, actor=proposer or place.cast.author)


def _adopted(place, **fields):
    found = _proposal(place, **fields)
    found = services.reactions_open(proposal=found, actor=found.proposer)
    services.round_close(proposal=found, actor=found.proposer)
    found.refresh_from_db()
    found = services.keep(proposal=found, actor=found.proposer)
    for membership in services.missing_turns(found):
        services.respond(proposal=found, actor=membership.user, kind="consent")
    found.refresh_from_db()
    return found


def prepare(place):
    cast = place.cast
    place.decision_circle = _circle(place)
    place.proposal = _proposal(place, title="Mutualiser la logistique")
    place.decision_question = services.question_ask(proposal=place.proposal, actor=cast.member, text="Quel coût ?")
    # One in its objection round, with an objection of the member's.
    place.objecting = _proposal(place, title="Un marché fermier commun")
    services.reactions_open(proposal=place.objecting, actor=cast.author)
    services.round_close(proposal=place.objecting, actor=cast.author)
    place.objecting.refresh_from_db()
    services.keep(proposal=place.objecting, actor=cast.author)
    place.objection = services.respond(
        proposal=place.objecting, actor=cast.member, kind=Response.Kind.OBJECTION, text="Trop tôt."
    )
    place.tension = services.tension_raise(
        community=cast.community,
        actor=cast.author,
        circle=place.decision_circle,
        title="Camion vide",
        text="Il roule à vide.",
    )


def _proposer(place, visibility):
    """The core team's own decisions are proposed by one of them: a member writes at most for members."""
    return place.cast.core_member if visibility == "core_team" else None


def plant_decision(place, visibility, marker):
    return _adopted(place, title=marker, text=marker, visibility=visibility, proposer=_proposer(place, visibility))


def plant_proposal(place, visibility, marker):
    return _proposal(place, title=marker, text=marker, visibility=visibility, proposer=_proposer(place, visibility))


def decision_readers(listing, visibility):
    """An adopted decision is read outside the community only when the community is public."""
    return SEES[visibility] - ({"anonymous", "outsider"} if listing == "private" else set())


def proposal_readers(listing, visibility):
    """A proposal in progress is the members' (decisions.view), as its visibility allows."""
    return SEES[visibility] - {"anonymous", "outsider"}


KINDS = {
    "decision": Kind(plant_decision, seen=decision_readers),
    "proposal": Kind(plant_proposal, seen=proposal_readers),
}

OBJECT_ROUTES = {
    "decisions:proposal": Route("get", "decision", thing_url("decisions:proposal", pk), everyone(200)),
    "decisions:proposal (in progress)": Route("get", "proposal", thing_url("decisions:proposal", pk), everyone(200)),
    "decisions:live": Route(
        "get",
        "proposal",
        thing_url("decisions:live", pk),
        facilitators(200),
        # Refused before the thing is looked up: a member may not run a meeting.
        hidden={
            **facilitators(404),
            "anonymous": LOGIN,
            "outsider": 404,
            "observer": 403,
            "member": 403,
            "author": 403,
            "content_manager": 403,
        },
    ),
}

# Only the author (the proposer) amends or answers; the others who read the proposal are refused.
amending = {**members_only(403), "author": 302}

MATRIX = {
    "decisions:log": ("get", url("decisions:log"), everyone(200)),
    "decisions:log_csv": ("get", url("decisions:log_csv"), everyone(200)),
    "decisions:proposals": ("get", url("decisions:proposals"), members_only(200)),
    "decisions:proposal_create": ("get", url("decisions:proposal_create"), member_action(200)),
    "decisions:proposal": ("get", url("decisions:proposal", lambda p: p.proposal.pk), members_only(200)),
    # An unknown step is refused with a message, back on the proposal's page.
    "decisions:step": ("post", url("decisions:step", lambda p: p.proposal.pk), members_only(302)),
    "decisions:respond": ("post", url("decisions:respond", lambda p: p.proposal.pk), members_only(302)),
    # The circle's members and those who steer ask (an empty question is refused with a message).
    "decisions:ask": (
        "post",
        url("decisions:ask", lambda p: p.proposal.pk),
        {**members_only(302), "content_manager": 403},
    ),
    # The amendment comes after the reactions: the proposer is sent back to the proposal's page.
    "decisions:amend": ("get", url("decisions:amend", lambda p: p.proposal.pk), amending),
    "decisions:live": ("get", url("decisions:live", lambda p: p.objecting.pk), facilitators(200)),
    # Only the proposer (the author) answers the questions.
    "decisions:answer": ("post", url("decisions:answer", lambda p: p.decision_question.pk), amending),
    # The objector (the member) withdraws it, or a facilitator on their word.
    "decisions:objection_withdraw": (
        "post",
        url("decisions:objection_withdraw", lambda p: p.objection.pk),
        {**members_only(302), "observer": 403, "author": 403, "content_manager": 403},
    ),
    "decisions:tensions": ("get", url("decisions:tensions"), members_only(200)),
    "decisions:tension_create": ("get", url("decisions:tension_create"), member_action(200)),
    # Its author (the author), a facilitator or the core team closes a tension.
    "decisions:tension_close": (
        "post",
        url("decisions:tension_close", lambda p: p.tension.pk),
        {**members_only(302), "observer": 403, "member": 403, "content_manager": 403},
    ),
}
