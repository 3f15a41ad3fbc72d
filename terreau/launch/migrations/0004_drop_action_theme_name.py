"""An action's theme points to the community's Theme rows (step 3 of 3): the written name goes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("launch", "0003_action_theme_from_name")]

    operations = [migrations.RemoveField(model_name="action", name="theme_name")]
