"""An action's theme points to the community's Theme rows (step 2 of 3), data only: the working
group or theme written on an action becomes the community's theme of that name, matched whatever
its case, accents or punctuation, created when the community does not have it yet.

Reversible: going back writes the theme's name on the action again.
"""

from django.db import migrations

from terreau.communities.themes import resolve


def forwards(apps, schema_editor):
    Action = apps.get_model("launch", "Action")
    Theme = apps.get_model("communities", "Theme")
    known = {}
    for action in Action.objects.exclude(theme_name="").order_by("pk"):
        if action.community_id not in known:
            known[action.community_id] = {t.slug: t for t in Theme.objects.filter(community_id=action.community_id)}
        found = resolve(Theme, action.community_id, [action.theme_name], known=known[action.community_id])
        if found:
            action.theme_id = found[0].pk
            action.save(update_fields=["theme"])


def backwards(apps, schema_editor):
    Action = apps.get_model("launch", "Action")
    for action in Action.objects.filter(theme__isnull=False).select_related("theme"):
        action.theme_name = action.theme.name
        action.save(update_fields=["theme_name"])


class Migration(migrations.Migration):
    dependencies = [("launch", "0002_action_theme_as_row")]

    operations = [migrations.RunPython(forwards, backwards)]
