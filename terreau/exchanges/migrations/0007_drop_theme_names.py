"""Questions and follows point to the community's Theme rows (step 3 of 3): the old names go, and
a member follows a theme once."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("exchanges", "0006_themes_from_names")]

    operations = [
        migrations.RemoveField(model_name="question", name="theme_names"),
        migrations.RemoveField(model_name="follow", name="theme_name"),
        migrations.AddConstraint(
            model_name="follow",
            constraint=models.UniqueConstraint(
                condition=models.Q(theme__isnull=False), fields=("follower", "theme"), name="follow_theme_once"
            ),
        ),
    ]
