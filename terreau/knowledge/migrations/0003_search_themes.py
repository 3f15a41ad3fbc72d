"""PostgreSQL only: the item's theme ids, copied into the row, join the GIN index of the search.

A theme filter written as a join (or EXISTS) on the themes table made the planner walk every
item of the theme by primary key and test its tsvector row by row: the search lost its index
(about 60 ms at 100,000 items). With `search_themes` in the same GIN index as `community_id` and
`search`, one index scan intersects the community, the theme and the words, and only the
matches are read. `terreau.knowledge.search.index()` keeps the column in step with the
themes; like `search`, it is not a field of the model.
"""

from django.db import migrations

POSTGRESQL = [
    "ALTER TABLE knowledge_knowledgeitem ADD COLUMN search_themes bigint[] NOT NULL DEFAULT '{}'",
    "UPDATE knowledge_knowledgeitem i SET search_themes = ARRAY("
    "SELECT t.theme_id FROM knowledge_knowledgeitem_themes t WHERE t.knowledgeitem_id = i.id ORDER BY t.theme_id)",
    "DROP INDEX IF EXISTS knowledge_item_search",
    "CREATE INDEX knowledge_item_search ON knowledge_knowledgeitem USING gin (community_id, search_themes, search)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS knowledge_item_search",
    "ALTER TABLE knowledge_knowledgeitem DROP COLUMN IF EXISTS search_themes",
    "CREATE INDEX knowledge_item_search ON knowledge_knowledgeitem USING gin (community_id, search)",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0002_search")]

    operations = [migrations.RunPython(_run(POSTGRESQL), _run(POSTGRESQL_REVERSE))]
