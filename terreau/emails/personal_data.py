"""The emails sent to a person (see core.personal_data)."""

from terreau.core import personal_data

from .models import Email


def exporter(user) -> personal_data.Export:
    fields = ["to", "subject", "text", "language", "status", "created_at", "sent_at"]
    return personal_data.Export({"emails": list(Email.objects.filter(to__iexact=user.email).values(*fields))})


def eraser(user, neutral_name: str) -> None:
    # An email sent to the person was theirs: it goes. One sent to someone else that names them
    # keeps its words, their name replaced by the sweep.
    Email.objects.filter(to__iexact=user.email).delete()
