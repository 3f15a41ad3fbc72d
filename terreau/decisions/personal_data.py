"""What people said in decisions: their proposals, questions, reactions, consents, objections and
tensions (see core.personal_data). What they said stays, signed by the neutral name: a decision's
record is the circle's."""

from terreau.core import personal_data

from .models import Proposal, ProposalStep, Question, Response, Tension


def exporter(user) -> personal_data.Export:
    return personal_data.Export(
        {
            "proposals": personal_data.dump(Proposal.objects.filter(proposer=user)),
            "questions": personal_data.dump(Question.objects.filter(asker=user)),
            "responses": personal_data.dump(Response.objects.filter(membership__user=user)),
            "tensions": personal_data.dump(Tension.objects.filter(raised_by=user)),
        }
    )


def eraser(user, neutral_name: str) -> None:
    # The timeline names whose say a facilitator wrote down; the rows that point at the person
    # (proposer, asker, author of a tension) read the neutral name through the user row.
    ProposalStep.objects.filter(on_behalf_of=str(user)).update(on_behalf_of=neutral_name)
