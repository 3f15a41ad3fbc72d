"""What elections and calls for role volunteers hold of a person (see core.personal_data).

Exported: the nominations they wrote (theirs to read at any time), those naming them once
revealed (never before: a nomination stays secret until the reveal, in an export too), their
consent answers, the proposals naming them, their offers to calls for role volunteers.

Erased: nothing is deleted, the elections' history stays the community's; their name is swept by
the registry (nominations and reasons name members by their membership, not by a copied name).
"""

from terreau.core import personal_data

from .models import REVEALED_PHASES, Answer, Nomination, Proposal, Volunteer


def exporter(user) -> personal_data.Export:
    written = Nomination.objects.filter(nominator__user=user).select_related("election", "nominee__user")
    naming = Nomination.objects.filter(nominee__user=user, election__phase__in=REVEALED_PHASES).select_related(
        "election", "nominator__user"
    )
    return personal_data.Export(
        {
            "nominations_written": [
                {
                    "election": n.election_id,
                    "round": n.round,
                    "nominee": n.nominee.user.display_name,
                    "reason": n.reason,
                    "written_at": n.created_at,
                }
                for n in written.order_by("created_at", "pk")
            ],
            "nominations_of_me": [
                {
                    "election": n.election_id,
                    "round": n.round,
                    "by": n.nominator.user.display_name,
                    "reason": n.reason,
                    "written_at": n.created_at,
                }
                for n in naming.order_by("created_at", "pk")
            ],
            "proposals_of_me": personal_data.rows(
                Proposal.objects.filter(nominee__user=user).order_by("created_at", "pk"),
                "election_id",
                "reason",
                "outcome",
                "created_at",
            ),
            "consent_answers": personal_data.rows(
                Answer.objects.filter(membership__user=user).order_by("created_at", "pk"),
                "proposal__election_id",
                "choice",
                "reason",
                "created_at",
            ),
            "role_volunteering": personal_data.rows(
                Volunteer.objects.filter(membership__user=user).order_by("created_at", "pk"),
                "call_id",
                "call__title",
                "role_id",
                "motivation",
                "status",
                "note",
                "created_at",
            ),
        }
    )


def eraser(user, neutral_name: str) -> None:
    # An offer not yet answered goes: nobody can take up a role for a person who left.
    Volunteer.objects.filter(membership__user=user, status=Volunteer.Status.PENDING).delete()
