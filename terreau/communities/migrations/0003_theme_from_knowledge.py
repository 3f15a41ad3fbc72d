"""The knowledge base's Theme becomes the community's Theme (step 1 of 4): in the migration state
only, the model is declared here on its existing table; knowledge 0005 drops it from its state.
No row moves and no id changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0002_invitation_outgoing_email"),
        ("knowledge", "0004_search_texts_by_visibility"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Theme",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=80, verbose_name="name")),
                        (
                            "community",
                            # "+" until the community's `themes` text is gone (0006): the two names would clash.
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="communities.community",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "theme",
                        "verbose_name_plural": "themes",
                        "ordering": ["name", "pk"],
                        "db_table": "knowledge_theme",
                        "constraints": [
                            models.UniqueConstraint(fields=("community", "name"), name="knowledge_one_theme_per_name")
                        ],
                    },
                )
            ],
            database_operations=[],
        )
    ]
