"""An application's themes point to the community's Theme rows (step 1 of 2): the written list
becomes `other_themes`, and the relation is added; 0003 converts."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("calls", "0001_initial"),
        ("communities", "0006_theme_unique_slug"),
    ]

    operations = [
        migrations.RenameField(model_name="application", old_name="themes", new_name="other_themes"),
        migrations.AlterField(
            model_name="application",
            name="other_themes",
            field=models.CharField(blank=True, max_length=600, verbose_name="other themes"),
        ),
        migrations.AddField(
            model_name="application",
            name="themes",
            field=models.ManyToManyField(
                blank=True, related_name="applications", to="communities.theme", verbose_name="themes"
            ),
        ),
    ]
