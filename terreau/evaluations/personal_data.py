"""What the evaluations hold of a person (see core.personal_data).

Exported: the interviews they gave or held (with the notes: what was said of and by them), and
the renewal items they carry. Erased: the name typed beside them in an interview (the sweep
replaces it elsewhere); their interviews and items stay, the community's, under the neutral name
their membership now shows.
"""

from django.db.models import Q

from terreau.core import personal_data

from .models import Interview, RenewalItem


def exporter(user) -> personal_data.Export:
    interviews = Interview.objects.filter(Q(interviewee__user=user) | Q(interviewer__user=user)).order_by("pk")
    return personal_data.Export(
        {
            "interviews": personal_data.rows(
                interviews, "pk", "evaluation__community__slug", "evaluation__months", "held_on", "notes"
            ),
            "renewal_items": personal_data.rows(
                RenewalItem.objects.filter(owner__user=user).order_by("pk"),
                "pk",
                "evaluation__community__slug",
                "heading",
                "text",
                "due_date",
            ),
        }
    )


def eraser(user, neutral_name: str) -> None:
    Interview.objects.filter(interviewee__user=user).exclude(interviewee_name="").update(interviewee_name="")
