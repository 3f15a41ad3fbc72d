"""Every existing community gets its core-team circle; its members stay the core-team memberships."""

from django.db import migrations


def core_team_circles(apps, schema_editor):
    Community = apps.get_model("communities", "Community")
    Circle = apps.get_model("circles", "Circle")
    having = set(Circle.objects.filter(kind="core_team").values_list("community_id", flat=True))
    Circle.objects.bulk_create(
        Circle(community_id=pk, kind="core_team", visibility="members", joining="appointed")
        for pk in Community.objects.exclude(pk__in=having).values_list("pk", flat=True)
    )


class Migration(migrations.Migration):
    dependencies = [("circles", "0001_initial"), ("communities", "0009_roleassignment_term_ends_on")]

    operations = [migrations.RunPython(core_team_circles, migrations.RunPython.noop)]
