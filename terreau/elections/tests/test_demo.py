"""The demo's election and call for role volunteers, on a community like the running demo's."""

import conftest
from terreau.communities.models import Membership, RoleAssignment, RoleKind

from .. import demo
from ..models import Election, Nomination, Phase, RoleCall, Volunteer


def test_the_demo_has_a_completed_election_and_an_open_call_with_two_volunteers(cast):
    # A core team of three, as in the demo.
    third = conftest.make_user("nathalie@circuits-courts.test", "Nathalie Thiry")
    conftest.make_member(cast.community, third, is_core_team=True)
    Membership.objects.filter(community=cast.community, user=cast.facilitator).update(is_core_team=True)
    demo.demo_load(community=cast.community, core=cast.membership(cast.core_member))
    election = Election.objects.get(community=cast.community)
    assert election.phase == Phase.DONE and election.role.kind == RoleKind.FACILITATION
    assert election.term_ends_on is not None
    assert (election.term_ends_on - election.created_at.date()).days in range(364, 367)
    assert Nomination.objects.filter(election=election, round="change").exists()
    assert RoleAssignment.objects.get(role=election.role, membership=election.elected).term_ends_on
    call = RoleCall.objects.get(community=cast.community)
    assert call.is_open and Volunteer.objects.filter(call=call, status="pending").count() == 2
