"""The community's Theme (step 3 of 4), data only: the comma-separated `themes` text of each
community becomes its Theme rows, matched to the existing ones (knowledge 0006 gave them their
slugs) whatever their case, accents or punctuation, the missing ones created.

Reversible: going back writes each community's themes into its text again.
"""

from django.db import migrations

from terreau.communities.themes import resolve, split_names

TEXT_MAX = 400


def forwards(apps, schema_editor):
    Community = apps.get_model("communities", "Community")
    Theme = apps.get_model("communities", "Theme")
    for community in Community.objects.exclude(themes="").order_by("pk"):
        resolve(Theme, community.pk, split_names(community.themes))
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="communities", model="theme").exists():
        # The audit log's entries about a theme keep naming their kind.
        ContentType.objects.filter(app_label="knowledge", model="theme").update(app_label="communities")


def backwards(apps, schema_editor):
    Community = apps.get_model("communities", "Community")
    Theme = apps.get_model("communities", "Theme")
    for community in Community.objects.order_by("pk"):
        text = ""
        for theme in Theme.objects.filter(community_id=community.pk).order_by("slug", "pk"):
            joined = f"{text}, {theme.name}" if text else theme.name
            if len(joined) > TEXT_MAX:
                break
            text = joined
        if text != community.themes:
            community.themes = text
            community.save(update_fields=["themes"])
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="knowledge", model="theme").exists():
        ContentType.objects.filter(app_label="communities", model="theme").update(app_label="knowledge")


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0004_theme_table_and_slug"),
        ("knowledge", "0006_theme_slugs"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
