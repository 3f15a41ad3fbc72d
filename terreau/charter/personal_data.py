"""Charter versions are signed by their author (see core.personal_data)."""

from django.db.models import Q

from terreau.core import personal_data

from .models import CharterVersion


def exporter(user) -> personal_data.Export:
    versions = CharterVersion.objects.filter(Q(author=user) | Q(adopted_by=user))
    return personal_data.Export({"charter_versions": personal_data.dump(versions)})
