"""The community's Theme (step 2 of 4): its own table name, longer names, and a slug column
that knowledge 0006 fills and 0006 makes unique per community."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0003_theme_from_knowledge"),
        ("knowledge", "0005_theme_moved_to_communities"),
    ]

    operations = [
        migrations.AlterModelTable(name="theme", table=None),
        migrations.RemoveConstraint(model_name="theme", name="knowledge_one_theme_per_name"),
        migrations.AlterField(model_name="theme", name="name", field=models.CharField(max_length=120, verbose_name="name")),
        migrations.AddField(
            model_name="theme",
            name="slug",
            field=models.SlugField(allow_unicode=True, default="", editable=False, max_length=160, verbose_name="short name"),
            preserve_default=False,
        ),
        migrations.AlterModelOptions(
            name="theme", options={"ordering": ["slug", "pk"], "verbose_name": "theme", "verbose_name_plural": "themes"}
        ),
    ]
