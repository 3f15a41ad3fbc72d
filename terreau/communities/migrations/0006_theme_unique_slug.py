"""The community's Theme (step 4 of 4): one theme per slug in a community, and the community's
`themes` text gone (its themes are its Theme rows, `community.themes`)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("communities", "0005_themes_from_community_text")]

    operations = [
        migrations.AddConstraint(
            model_name="theme",
            constraint=models.UniqueConstraint(fields=("community", "slug"), name="one_theme_per_name"),
        ),
        migrations.RemoveField(model_name="community", name="themes"),
        migrations.AlterField(
            model_name="theme",
            name="community",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="themes", to="communities.community"
            ),
        ),
    ]
