"""Shared by the decisions' tests, and by other apps' tests that need a decision taken (the charter)."""

from datetime import timedelta

from django.utils import timezone

from terreau.circles.models import Circle, CircleKind, CircleMember
from terreau.circles.services import core_team_circle
from terreau.communities.models import Membership
from terreau.decisions import services
from terreau.decisions.models import Proposal, State


def working_group(community, *users, name="Logistique", visibility="members") -> Circle:
    circle = Circle.objects.create(community=community, kind=CircleKind.WORKING_GROUP, name=name, visibility=visibility)
    for user in users:
        CircleMember.objects.create(circle=circle, membership=Membership.objects.get(community=community, user=user))
    return circle


def proposal(cast, *, circle=None, proposer=None, title="Mutualiser la logistique", opened=True, **more) -> Proposal:
    fields = {"deadline": timezone.now() + timedelta(days=14), "visibility": "members", **more}
    found = services.proposal_create(
        community=cast.community,
        actor=proposer or cast.core_member,
        circle=circle or core_team_circle(cast.community),
        title=title,
        text="Un camion partagé entre trois GAL.",
        **fields,
    )
    if opened:
        found = services.proposal_open(proposal=found, actor=proposer or cast.core_member)
    return found


def run_to_adoption(found: Proposal) -> Proposal:
    """Every participant reacts, the proposer keeps the text, everyone consents: adopted."""
    found.refresh_from_db()
    proposer = found.proposer
    if found.state == State.DRAFT:
        found = services.proposal_open(proposal=found, actor=proposer)
    if found.state == State.CLARIFYING:
        found = services.reactions_open(proposal=found, actor=proposer)
    for membership in services.missing_turns(found):
        services.respond(proposal=found, actor=membership.user, kind="reaction", text="D'accord sur le principe.")
    found.refresh_from_db()
    if found.state == State.REACTIONS:
        services.round_close(proposal=found, actor=proposer)
        found.refresh_from_db()
    found = services.keep(proposal=found, actor=proposer)
    for membership in services.missing_turns(found):
        services.respond(proposal=found, actor=membership.user, kind="consent")
    found.refresh_from_db()
    assert found.state == State.ADOPTED, found.state
    return found
