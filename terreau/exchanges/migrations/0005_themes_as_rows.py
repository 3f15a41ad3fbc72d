"""Questions and follows point to the community's Theme rows (step 1 of 3): the old lists of names
are renamed aside, the new relations added; 0006 converts, 0007 drops the names."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("exchanges", "0004_notification_email_and_weekly_message"),
        ("communities", "0006_theme_unique_slug"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="follow", name="follow_theme_once"),
        migrations.RenameField(model_name="question", old_name="themes", new_name="theme_names"),
        migrations.RenameField(model_name="follow", old_name="theme", new_name="theme_name"),
        migrations.AddField(
            model_name="question",
            name="themes",
            field=models.ManyToManyField(
                blank=True, related_name="questions", to="communities.theme", verbose_name="themes"
            ),
        ),
        migrations.AddField(
            model_name="follow",
            name="theme",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="follows",
                to="communities.theme",
            ),
        ),
    ]
