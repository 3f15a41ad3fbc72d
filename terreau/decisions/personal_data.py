"""What people said in decisions: their proposals, questions, reactions, consents, objections and
tensions (see core.personal_data). Responses go with the membership when it is erased."""

from terreau.core import personal_data

from .models import Proposal, Question, Response, Tension


def exporter(user) -> personal_data.Export:
    return personal_data.Export(
        {
            "proposals": personal_data.dump(Proposal.objects.filter(proposer=user)),
            "questions": personal_data.dump(Question.objects.filter(asker=user)),
            "responses": personal_data.dump(Response.objects.filter(membership__user=user)),
            "tensions": personal_data.dump(Tension.objects.filter(raised_by=user)),
        }
    )
