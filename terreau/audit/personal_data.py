"""The change log names who made each change (see core.personal_data)."""

from terreau.core import personal_data

from .models import AuditEntry


def exporter(user) -> personal_data.Export:
    fields = ["community_id", "action", "target_label", "before", "after", "created_at"]
    return personal_data.Export({"changes_made": list(AuditEntry.objects.filter(actor=user).values(*fields))})


def eraser(user, neutral_name: str) -> None:
    # An entry is never changed by a person (AuditEntry.save refuses); erasure is the one rewrite
    # the law asks for, done on the rows directly. The change stays, by the neutral name.
    AuditEntry.objects.filter(actor=user).update(actor_name=neutral_name)
