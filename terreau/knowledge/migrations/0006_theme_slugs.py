"""Every theme gets its slug (its name without case, accents or punctuation), before the
community's themes become unique by slug (communities 0006).

Until now the knowledge base's list was the only one held in rows, unique by exact name: two of
its themes whose names differ only by case, accents or punctuation ("Vente directe",
"vente-directe") become one, the oldest; the items of both keep it (migration 0007 writes the index again).

Going back leaves the merged themes merged.
"""

from django.db import migrations

from terreau.communities.themes import clean_name, theme_slug


def forwards(apps, schema_editor):
    Theme = apps.get_model("communities", "Theme")
    KnowledgeItem = apps.get_model("knowledge", "KnowledgeItem")
    through = KnowledgeItem.themes.through
    kept = {}
    for theme in Theme.objects.order_by("pk"):
        theme.name = clean_name(theme.name)
        theme.slug = theme_slug(theme.name) or str(theme.pk)
        keep = kept.get((theme.community_id, theme.slug))
        if keep is None:
            theme.save(update_fields=["name", "slug"])
            kept[(theme.community_id, theme.slug)] = theme
            continue
        tagged = set(through.objects.filter(theme_id=keep.pk).values_list("knowledgeitem_id", flat=True))
        for link in through.objects.filter(theme_id=theme.pk):
            if link.knowledgeitem_id in tagged:
                link.delete()
            else:
                link.theme_id = keep.pk
                link.save(update_fields=["theme"])
        theme.delete()
    # The index (the theme ids of the search) is written again for every item by migration 0007.


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0005_theme_moved_to_communities"),
        ("communities", "0004_theme_table_and_slug"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
