"""What decisions hold of a person: exported for them, their name made neutral in the timeline."""

import pytest

from terreau.communities.models import Membership
from terreau.decisions import personal_data, services
from terreau.decisions.models import ProposalStep

from .helpers import proposal, working_group

pytestmark = pytest.mark.django_db


def test_a_person_exports_what_they_said_and_their_name_leaves_the_timeline(cast):
    circle = working_group(cast.community, cast.member, cast.observer)
    found = services.reactions_open(proposal=proposal(cast, circle=circle, proposer=cast.member), actor=cast.member)
    observer = Membership.objects.get(community=cast.community, user=cast.observer)
    services.respond(
        proposal=found, actor=cast.core_member, kind="reaction", text="Dit en réunion.", for_membership=observer
    )
    exported = personal_data.exporter(cast.observer).data
    assert [row["text"] for row in exported["responses"]] == ["Dit en réunion."]
    assert len(personal_data.exporter(cast.member).data["proposals"]) == 1
    personal_data.eraser(cast.observer, "Ancien membre")
    assert ProposalStep.objects.get(kind="reacted").on_behalf_of == "Ancien membre"
