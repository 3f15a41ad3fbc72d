"""Actions of the action plan are carried by members (see core.personal_data)."""

from django.db.models import Q

from terreau import permissions
from terreau.core import personal_data

from .models import Action


def exporter(user) -> personal_data.Export:
    actions = permissions.visible_rows(
        user, Action.objects.filter(Q(owners__user=user) | Q(created_by=user) | Q(note_by=user)).distinct()
    )
    return personal_data.Export({"actions": personal_data.dump(actions)})
