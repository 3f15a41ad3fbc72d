"""The knowledge base's Theme is now the community's (communities 0003-0006): the items keep their
themes (same table, same ids; the through table and the search's `search_themes` are untouched)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0004_search_texts_by_visibility"),
        ("communities", "0003_theme_from_knowledge"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="knowledgeitem",
                    name="themes",
                    field=models.ManyToManyField(
                        blank=True, related_name="knowledge_items", to="communities.theme", verbose_name="themes"
                    ),
                ),
                migrations.DeleteModel(name="Theme"),
            ],
            database_operations=[],
        )
    ]
