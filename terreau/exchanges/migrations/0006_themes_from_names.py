"""Questions and follows point to the community's Theme rows (step 2 of 3), data only: each name a
question or a follow held becomes the community's theme of that name, matched whatever its case,
accents or punctuation, created when the community no longer had it (a theme renamed in the
community's text had orphaned them). Two follows of one theme by one member become one.

Reversible: going back writes the themes' names into the questions and follows again.
"""

from django.db import migrations

from terreau.communities.themes import resolve


class Themes:
    """The Theme rows of each community, read once, resolved by name."""

    def __init__(self, apps):
        self.model = apps.get_model("communities", "Theme")
        self.known = {}

    def __call__(self, community_id, names):
        if community_id not in self.known:
            self.known[community_id] = {t.slug: t for t in self.model.objects.filter(community_id=community_id)}
        return resolve(self.model, community_id, names, known=self.known[community_id])


def _names(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [str(name) for name in value or [] if isinstance(name, str | int)]


def forwards(apps, schema_editor):
    Question = apps.get_model("exchanges", "Question")
    Follow = apps.get_model("exchanges", "Follow")
    themes = Themes(apps)
    links = []
    for question in Question.objects.only("pk", "community_id", "theme_names").order_by("pk").iterator():
        for theme in themes(question.community_id, _names(question.theme_names)):
            links.append(Question.themes.through(question_id=question.pk, theme_id=theme.pk))
    Question.themes.through.objects.bulk_create(links, batch_size=500, ignore_conflicts=True)
    seen = set()
    for follow in Follow.objects.exclude(theme_name="").order_by("pk"):
        found = themes(follow.community_id, [follow.theme_name])
        key = (follow.follower_id, found[0].pk if found else None)
        if not found or key in seen:
            follow.delete()
            continue
        seen.add(key)
        follow.theme_id = found[0].pk
        follow.save(update_fields=["theme"])


def backwards(apps, schema_editor):
    Question = apps.get_model("exchanges", "Question")
    Follow = apps.get_model("exchanges", "Follow")
    for question in Question.objects.prefetch_related("themes").order_by("pk"):
        names = [theme.name for theme in sorted(question.themes.all(), key=lambda theme: (theme.slug, theme.pk))]
        if names:
            question.theme_names = names
            question.save(update_fields=["theme_names"])
    for follow in Follow.objects.filter(theme__isnull=False).select_related("theme"):
        follow.theme_name = follow.theme.name
        follow.save(update_fields=["theme_name"])


class Migration(migrations.Migration):
    dependencies = [("exchanges", "0005_themes_as_rows")]

    operations = [migrations.RunPython(forwards, backwards)]
