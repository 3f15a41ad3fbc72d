"""An application's themes point to the community's Theme rows (step 2 of 2), data only: each
name the applicant chose that is one of the community's themes (whatever its case, accents or
punctuation) becomes a link to it; the others stay written in `other_themes`, as the applicant
wrote them. An outsider's answer never adds a theme to the community.

Reversible: going back writes every theme's name into the text again.
"""

from django.db import migrations

from terreau.communities.themes import split_names, theme_slug

TEXT_MAX = 600


def forwards(apps, schema_editor):
    Application = apps.get_model("calls", "Application")
    Theme = apps.get_model("communities", "Theme")
    known = {}
    links = []
    for application in Application.objects.exclude(other_themes="").select_related("call").order_by("pk"):
        community_id = application.call.community_id
        if community_id not in known:
            known[community_id] = {t.slug: t for t in Theme.objects.filter(community_id=community_id)}
        others, linked = [], set()
        for name in split_names(application.other_themes):
            theme = known[community_id].get(theme_slug(name))
            if theme is None:
                others.append(name)
            elif theme.pk not in linked:
                linked.add(theme.pk)
                links.append(Application.themes.through(application_id=application.pk, theme_id=theme.pk))
        application.other_themes = ", ".join(others)
        application.save(update_fields=["other_themes"])
    Application.themes.through.objects.bulk_create(links, batch_size=500, ignore_conflicts=True)


def backwards(apps, schema_editor):
    Application = apps.get_model("calls", "Application")
    for application in Application.objects.prefetch_related("themes").order_by("pk"):
        names = [theme.name for theme in sorted(application.themes.all(), key=lambda theme: (theme.slug, theme.pk))]
        if names:
            text = ", ".join(names + ([application.other_themes] if application.other_themes else []))
            application.other_themes = text[:TEXT_MAX]
            application.save(update_fields=["other_themes"])


class Migration(migrations.Migration):
    dependencies = [("calls", "0002_application_themes_as_rows")]

    operations = [migrations.RunPython(forwards, backwards)]
