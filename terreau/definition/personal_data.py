"""Stakeholder conversations name who spoke (see core.personal_data)."""

from django.db.models import Q

from terreau.core import personal_data

from .models import StakeholderConversation


def exporter(user) -> personal_data.Export:
    conversations = StakeholderConversation.objects.filter(Q(membership__user=user) | Q(created_by=user))
    return personal_data.Export({"stakeholder_conversations": personal_data.dump(conversations)})


def eraser(user, neutral_name: str) -> None:
    # "Spoken by" typed as text: the person's name, whatever its length.
    StakeholderConversation.objects.filter(spoken_by__iexact=user.display_name).update(spoken_by=neutral_name)
