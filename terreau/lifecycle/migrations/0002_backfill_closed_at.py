"""A community closed before `Community.closed_at` existed: the date of its last move to closed."""

from django.db import migrations


def backfill(apps, schema_editor):
    Community = apps.get_model("communities", "Community")
    PhaseChange = apps.get_model("lifecycle", "PhaseChange")
    for community in Community.objects.filter(phase="closed", closed_at__isnull=True):
        last = (
            PhaseChange.objects.filter(community=community, to_phase="closed").order_by("-changed_at", "-pk").first()
        )
        if last is not None:
            community.closed_at = last.changed_at
            community.save(update_fields=["closed_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0010_community_closed_at"),
        ("lifecycle", "0001_initial"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
