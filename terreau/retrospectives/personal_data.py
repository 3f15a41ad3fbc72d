"""What retrospectives hold of a person (see core.personal_data).

Exported: the cards they posted, as far as they may still read them, and how many votes they
cast in each retrospective.

Erased: their cards stay on the board, the community's, with no author; their votes go from the
retrospectives not ended yet (a vote is the person's own voice), and stay in the results of the
ended ones, which the anonymised account no longer names; the records they wrote stay, with no
writer.
"""

from django.db.models import Count

from terreau import permissions
from terreau.core import personal_data

from .models import Card, Retrospective, Vote


def exporter(user) -> personal_data.Export:
    cards = permissions.visible_rows(
        user, Retrospective.objects.filter(cards__author=user).distinct(), "community"
    ).values("pk")
    votes = (
        Vote.objects.filter(voter=user, retrospective__in=permissions.visible_rows(user, Retrospective.objects.all()))
        .values("retrospective_id", "retrospective__title")
        .annotate(votes=Count("pk"))
        .order_by("retrospective_id")
    )
    return personal_data.Export(
        {
            "retrospective_cards": personal_data.rows(
                Card.objects.filter(author=user, retrospective__in=cards).order_by("pk"),
                "pk",
                "retrospective__community__slug",
                "retrospective__title",
                "column",
                "text",
                "created_at",
            ),
            "retrospective_votes": [
                {"retrospective": row["retrospective_id"], "title": row["retrospective__title"], "votes": row["votes"]}
                for row in votes
            ],
        }
    )


def eraser(user, neutral_name: str) -> None:
    Card.objects.filter(author=user).update(author=None)
    Vote.objects.filter(voter=user).exclude(retrospective__status=Retrospective.Status.DONE).delete()
    Retrospective.objects.filter(recorded_by=user).update(recorded_by=None)
    Retrospective.objects.filter(created_by=user).update(created_by=None)
