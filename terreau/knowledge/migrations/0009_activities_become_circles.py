"""The activities that are working groups or projects become circles of that name (an open
circle of the same name is reused), and point to them: their items then show on the circle's page."""

from django.db import migrations


def activities_to_circles(apps, schema_editor):
    ActivityTag = apps.get_model("knowledge", "ActivityTag")
    Circle = apps.get_model("circles", "Circle")
    for tag in ActivityTag.objects.filter(kind__in=["working_group", "project"], circle__isnull=True):
        circle = Circle.objects.filter(
            community_id=tag.community_id, name=tag.name, closed_at__isnull=True
        ).exclude(kind="core_team").first()
        if circle is None:
            circle = Circle.objects.create(
                community_id=tag.community_id,
                name=tag.name[:120],
                kind=tag.kind,
                joining="open",
                visibility="members",
            )
        tag.circle = circle
        tag.save(update_fields=["circle"])


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0008_activitytag_circle"), ("circles", "0002_core_team_circles")]

    operations = [migrations.RunPython(activities_to_circles, migrations.RunPython.noop)]
