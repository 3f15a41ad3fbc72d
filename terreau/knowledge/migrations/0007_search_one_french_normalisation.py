"""Both engines index the terms of one French normalisation, written in Python (knowledge.french).

Before, SQLite stemmed folded words with Snowball and PostgreSQL stemmed with its own `french`
configuration after unaccent: they disagreed with each other and both lost word forms
("fromager" did not find "fromagères"). Now each word is indexed as its stem and as itself,
both computed by terreau.knowledge.french; the names of an item's themes are indexed with its
public text.

SQLite: the three FTS5 tables are made again (same columns) and filled; a table of the words
kept whole (knowledge_search_terms) is made and filled with them, so that the word being typed
is looked up by its beginning through a range of its key (search._expand); a narrow table of
each item's facets (knowledge_search_facets) is made and filled, for the facet counts.
PostgreSQL: the generated tsvector gives way to a plain tsvector column written by
terreau.knowledge.search.index_many (the 'simple' configuration over the terms, and the scope
tokens the search asks with the words), same weights, same STORAGE MAIN and GIN index on
(community_id, search_themes, search); every row is filled. The table of words too.

Going back restores the old generated column (PostgreSQL) and leaves the SQLite tables as they
are: run `terreau.knowledge.search.reindex()` after it.
"""

from django.db import migrations

FTS5 = "USING fts5(scope, title, body, tokenize='unicode61 remove_diacritics 2', detail='full')"
TABLES = ["knowledge_search_pub", "knowledge_search_mem", "knowledge_search_core"]
SQLITE = (
    [f"DROP TABLE IF EXISTS {table}" for table in TABLES]
    + [f"CREATE VIRTUAL TABLE {table} {FTS5}" for table in TABLES]
    + [
        "DROP TABLE IF EXISTS knowledge_search_terms",
        "CREATE TABLE knowledge_search_terms (term TEXT PRIMARY KEY) WITHOUT ROWID",
        "DROP TABLE IF EXISTS knowledge_search_facets",
        "CREATE TABLE knowledge_search_facets (id INTEGER PRIMARY KEY, facets TEXT NOT NULL)",
    ]
)

INDEX = "CREATE INDEX knowledge_item_search ON knowledge_knowledgeitem USING gin (community_id, search_themes, search)"
POSTGRESQL = [
    "DROP INDEX IF EXISTS knowledge_item_search",
    "ALTER TABLE knowledge_knowledgeitem DROP COLUMN IF EXISTS search",
    "ALTER TABLE knowledge_knowledgeitem ADD COLUMN search tsvector NOT NULL DEFAULT ''",
    "ALTER TABLE knowledge_knowledgeitem ALTER COLUMN search SET STORAGE MAIN",
    INDEX,
    "DROP TABLE IF EXISTS knowledge_search_terms",
    "CREATE TABLE knowledge_search_terms (term text PRIMARY KEY)",
]
POSTGRESQL_REVERSE = [
    "DROP TABLE IF EXISTS knowledge_search_terms",
    "DROP INDEX IF EXISTS knowledge_item_search",
    "ALTER TABLE knowledge_knowledgeitem DROP COLUMN IF EXISTS search",
    "ALTER TABLE knowledge_knowledgeitem ADD COLUMN search tsvector GENERATED ALWAYS AS ("
    + " || ".join(
        f"setweight(to_tsvector('terreau_french'::regconfig, coalesce({column}, '')), '{weight}')"
        for column, weight in [
            ("title", "A"),
            ("search_text", "B"),
            ("search_text_members", "C"),
            ("search_text_core", "D"),
        ]
    )
    + ") STORED",
    "ALTER TABLE knowledge_knowledgeitem ALTER COLUMN search SET STORAGE MAIN",
    INDEX,
]


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)

    return run


def rebuild(apps, schema_editor):
    """Every item into the index, read through this migration's models."""
    from terreau.knowledge import search  # the index is derived data: written as the search reads it

    KnowledgeItem = apps.get_model("knowledge", "KnowledgeItem")
    Theme = apps.get_model("communities", "Theme")
    names = dict(Theme.objects.values_list("pk", "name"))
    themes = {}
    for item_id, theme_id in KnowledgeItem.themes.through.objects.order_by("theme_id").values_list(
        "knowledgeitem_id", "theme_id"
    ):
        themes.setdefault(item_id, []).append((theme_id, names.get(theme_id, "")))
    batch = []
    for item in KnowledgeItem.objects.order_by("pk").iterator(chunk_size=1000):
        batch.append((item, themes.get(item.pk, [])))
        if len(batch) == 1000:
            search.index_many(batch)
            batch = []
    search.index_many(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0006_theme_slugs"),
        ("communities", "0004_theme_table_and_slug"),
    ]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}), _run({"postgresql": POSTGRESQL_REVERSE})
        ),
        migrations.RunPython(rebuild, migrations.RunPython.noop),
    ]
