"""The workspace's answers, taken on or written by members (see core.personal_data)."""

from django.db.models import Q

from terreau.core import personal_data

from .models import Answer, PhaseChange


def exporter(user) -> personal_data.Export:
    return personal_data.Export(
        {
            "answers": personal_data.dump(Answer.objects.filter(Q(assignee__user=user) | Q(updated_by=user))),
            "phase_changes": personal_data.dump(PhaseChange.objects.filter(changed_by=user)),
        }
    )
