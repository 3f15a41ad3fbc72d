"""An action's theme points to the community's Theme rows (step 1 of 3): the written name is
renamed aside and the relation added; 0003 converts, 0004 drops the name."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("launch", "0001_initial"),
        ("communities", "0006_theme_unique_slug"),
    ]

    operations = [
        migrations.RenameField(model_name="action", old_name="theme", new_name="theme_name"),
        migrations.AddField(
            model_name="action",
            name="theme",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="actions",
                to="communities.theme",
                verbose_name="theme",
            ),
        ),
    ]
