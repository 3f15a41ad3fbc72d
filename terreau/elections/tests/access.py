"""Access-matrix entries of the elections and calls for role volunteers (see tests/test_access_matrix.py).

Elections and calls are members' business (never public): members read those their visibility
allows; setting up and facilitating is for the core team and the facilitation role; nominating,
answering and volunteering take a membership. A nomination's reason is planted with a marker
before the reveal: only its writer (a core team member) may find it on any page, feed, notification, export or file
the matrix reads.
"""

from terreau.circles.models import Circle, CircleKind, CircleMember
from terreau.communities.models import Role, RoleKind
from terreau.core.models import Visibility
from terreau.elections.models import Election
from terreau.elections.services import elections as election_services
from terreau.elections.services import role_calls as call_services
from tests.access import (
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

SECRET = "MkSecretNominationReasonZq"
VARIANTS = [Visibility.MEMBERS, Visibility.CORE_TEAM]


def _circle(place, name):
    circle = Circle.objects.create(community=place.cast.community, kind=CircleKind.WORKING_GROUP, name=name)
    for person in ["observer", "member", "author", "facilitator", "core_member"]:
        CircleMember.objects.create(circle=circle, membership=place.cast.membership(getattr(place.cast, person)))
    return circle


def _election(place, *, description, visibility=Visibility.MEMBERS, circle=None):
    cast = place.cast
    return election_services.election_create(
        actor=cast.core_member,
        community=cast.community,
        subject=Election.Subject.ROLE,
        role=Role.objects.get(community=cast.community, kind=RoleKind.COMMUNICATION),
        circle=circle or _circle(place, f"Cercle {description[:20]}"),
        description=description,
        term_months=12,
        facilitator=cast.membership(cast.core_member),
        visibility=visibility,
    )


def _call(place, *, title, text, visibility=Visibility.MEMBERS):
    community = place.cast.community
    return call_services.role_call_create(
        actor=place.cast.core_member,
        community=community,
        title=title,
        text=text,
        roles=Role.objects.filter(community=community, kind__in=[RoleKind.LOGISTICS, RoleKind.WATCH]),
        visibility=visibility,
    )


def prepare(place):
    cast = place.cast
    place.election = _election(place, description="Le rôle de communication, deux heures par mois.")
    election_services.election_move(
        actor=cast.core_member, election=place.election, version=place.election.version, move="open_nominations"
    )
    # A nomination before the reveal: its reason is for its writer's eyes only (the core team's
    # member here, who finds it on the election's page: the matrix checks each marker shows somewhere).
    secret = f"{SECRET}{place.listing.title()}"
    election_services.nominate(
        actor=cast.core_member,
        election=place.election,
        nominee=cast.membership(cast.observer),
        reason=f"Parce que {secret}",
    )
    place.reveal(secret, {"core_member"})
    place.role_call = _call(place, title="Appel aux forces vives", text="Nous cherchons du renfort.")
    place.call_to_close = _call(place, title="Appel à clôturer", text="Un appel de plus.")
    place.volunteer = call_services.volunteer(
        actor=cast.observer, call=place.role_call, role=place.role_call.roles.first(), motivation="J'aime organiser."
    )


def plant_election(place, visibility, marker):
    return _election(place, description=f"Un rôle: {marker}", visibility=visibility)


def plant_call(place, visibility, marker):
    return _call(place, title="Appel", text=f"Message {marker}", visibility=visibility)


KINDS = {
    "election": Kind(plant_election, variants=VARIANTS),
    "role_call": Kind(plant_call, variants=VARIANTS),
}

# A member who sees the election may not facilitate it.
OBJECT_ROUTES = {
    "elections:detail": Route("get", "election", thing_url("elections:detail", pk), everyone(200)),
    "elections:live": Route("get", "election", thing_url("elections:live", pk), facilitators(200)),
    "elections:call": Route("get", "role_call", thing_url("elections:call", pk), everyone(200)),
    "elections:call_review": Route(
        "get",
        "role_call",
        thing_url("elections:call_review", pk),
        core_team_only(200),
        # The review is refused before the call is looked up.
        hidden={
            **core_team_only(404),
            "observer": 403,
            "member": 403,
            "author": 403,
            "facilitator": 403,
            "content_manager": 403,
        },
    ),
}

election_id = lambda p: p.election.pk  # noqa: E731
call_id = lambda p: p.role_call.pk  # noqa: E731

MATRIX = {
    "elections:list": ("get", url("elections:list"), members_only(200)),
    "elections:create": ("get", url("elections:create"), facilitators(200)),
    "elections:detail": ("get", url("elections:detail", election_id), members_only(200)),
    "elections:live": ("get", url("elections:live", election_id), facilitators(200)),
    # Without the page's version, a facilitator's move is told the election moved on (409).
    "elections:move": ("post", url("elections:move", election_id), facilitators(409)),
    # An empty form re-renders with its errors.
    "elections:nominate": ("post", url("elections:nominate", election_id), members_only(200)),
    "elections:propose": ("post", url("elections:propose", election_id), facilitators(200)),
    "elections:answer": ("post", url("elections:answer", election_id), members_only(200)),
    "elections:calls": ("get", url("elections:calls"), members_only(200)),
    "elections:call_create": ("get", url("elections:call_create"), core_team_only(200)),
    "elections:call": ("get", url("elections:call", call_id), members_only(200)),
    "elections:volunteer": ("post", url("elections:volunteer", call_id), member_action(200)),
    "elections:call_review": ("get", url("elections:call_review", call_id), core_team_only(200)),
    "elections:call_close": ("post", url("elections:call_close", lambda p: p.call_to_close.pk), core_team_only(302)),
    "elections:decide": (
        "post",
        url("elections:decide", call_id, lambda p: p.volunteer.pk),
        core_team_only(302),
    ),
}
