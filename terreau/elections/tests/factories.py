"""An election's world: a working group of four and the community's communication role."""

from terreau.circles.models import Circle, CircleKind, CircleMember
from terreau.communities.models import Role, RoleKind

from ..models import Election
from ..services import elections as services


def working_group(cast, people=("core_member", "facilitator", "member", "observer"), name="Groupe circuits"):
    circle = Circle.objects.create(community=cast.community, kind=CircleKind.WORKING_GROUP, name=name)
    for person in people:
        CircleMember.objects.create(circle=circle, membership=cast.membership(getattr(cast, person)))
    return circle


def make_election(cast, *, circle=None, visibility="members", role_kind=RoleKind.COMMUNICATION, **fields) -> Election:
    circle = circle or working_group(cast)
    return services.election_create(
        actor=cast.facilitator,
        community=cast.community,
        subject=fields.pop("subject", Election.Subject.ROLE),
        role=Role.objects.get(community=cast.community, kind=role_kind),
        circle=circle,
        description=fields.pop("description", "Faire connaître la communauté, deux heures par mois."),
        term_months=fields.pop("term_months", 12),
        facilitator=cast.membership(cast.facilitator),
        visibility=visibility,
    )


def move(election, actor, name):
    election.refresh_from_db()
    return services.election_move(actor=actor, election=election, version=election.version, move=name)
