"""The search reads an item's text in three parts, by who may read them (security issue 8).

Before, an item's search text held the summaries of all its attachments and all its fields:
a visitor found a public item by a word of its core-team-only attachment and read that word in
the snippet. Now `search_text` holds what every reader of the item sees, `search_text_members`
what only readers of members' things see, `search_text_core` what only the core team sees
(terreau.knowledge.services.search_texts), and each engine keeps the parts apart:

SQLite: the side table and its FTS5 table give way to one FTS5 table per audience (visitors,
members, core team), each with only the items and the text its audience may read.
PostgreSQL: the generated tsvector weighs the three parts B, C and D (the title stays A).

Every item's texts are computed again here; migration 0007 fills the index. Going back leaves
the old SQLite index empty: run `terreau.knowledge.search.reindex()` after it.
"""

from django.db import migrations, models

# The one field narrower than its item when this was written (knowledge.access.FIELD_VISIBILITY).
FIELD_VISIBILITY = {"contact_email": "members"}
TEXT_FIELDS = {"public": "search_text", "members": "search_text_members", "core_team": "search_text_core"}

FTS5 = "USING fts5(scope, title, body, tokenize='unicode61 remove_diacritics 2', detail='full')"
SQLITE = [
    "DROP TRIGGER IF EXISTS knowledge_search_doc_au",
    "DROP TRIGGER IF EXISTS knowledge_search_doc_ad",
    "DROP TRIGGER IF EXISTS knowledge_search_doc_ai",
    "DROP TABLE IF EXISTS knowledge_search",
    "DROP TABLE IF EXISTS knowledge_search_doc",
    f"CREATE VIRTUAL TABLE knowledge_search_pub {FTS5}",
    f"CREATE VIRTUAL TABLE knowledge_search_mem {FTS5}",
    f"CREATE VIRTUAL TABLE knowledge_search_core {FTS5}",
]
SQLITE_REVERSE = [
    "DROP TABLE IF EXISTS knowledge_search_pub",
    "DROP TABLE IF EXISTS knowledge_search_mem",
    "DROP TABLE IF EXISTS knowledge_search_core",
    # As migration 0002 made them.
    "CREATE TABLE knowledge_search_doc (rowid INTEGER PRIMARY KEY, scope TEXT NOT NULL, "
    "title TEXT NOT NULL, body TEXT NOT NULL)",
    "CREATE VIRTUAL TABLE knowledge_search USING fts5(scope, title, body, content='knowledge_search_doc', "
    "content_rowid='rowid', tokenize='unicode61 remove_diacritics 2', detail='full')",
    "CREATE TRIGGER knowledge_search_doc_ai AFTER INSERT ON knowledge_search_doc BEGIN "
    "INSERT INTO knowledge_search(rowid, scope, title, body) VALUES (new.rowid, new.scope, new.title, new.body); END",
    "CREATE TRIGGER knowledge_search_doc_ad AFTER DELETE ON knowledge_search_doc BEGIN "
    "INSERT INTO knowledge_search(knowledge_search, rowid, scope, title, body) "
    "VALUES ('delete', old.rowid, old.scope, old.title, old.body); END",
    "CREATE TRIGGER knowledge_search_doc_au AFTER UPDATE ON knowledge_search_doc BEGIN "
    "INSERT INTO knowledge_search(knowledge_search, rowid, scope, title, body) "
    "VALUES ('delete', old.rowid, old.scope, old.title, old.body); "
    "INSERT INTO knowledge_search(rowid, scope, title, body) VALUES (new.rowid, new.scope, new.title, new.body); END",
]


def _tsvector(parts):
    return " || ".join(
        f"setweight(to_tsvector('terreau_french'::regconfig, coalesce({column}, '')), '{weight}')"
        for column, weight in parts
    )


POSTGRESQL = [
    "DROP INDEX IF EXISTS knowledge_item_search",
    "ALTER TABLE knowledge_knowledgeitem DROP COLUMN IF EXISTS search",
    "ALTER TABLE knowledge_knowledgeitem ADD COLUMN search tsvector GENERATED ALWAYS AS ("
    + _tsvector(
        [("title", "A"), ("search_text", "B"), ("search_text_members", "C"), ("search_text_core", "D")]
    )
    + ") STORED",
    "ALTER TABLE knowledge_knowledgeitem ALTER COLUMN search SET STORAGE MAIN",
    "CREATE INDEX knowledge_item_search ON knowledge_knowledgeitem USING gin (community_id, search_themes, search)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS knowledge_item_search",
    "ALTER TABLE knowledge_knowledgeitem DROP COLUMN IF EXISTS search",
    "ALTER TABLE knowledge_knowledgeitem ADD COLUMN search tsvector GENERATED ALWAYS AS ("
    + _tsvector([("title", "A"), ("search_text", "B")])
    + ") STORED",
    "ALTER TABLE knowledge_knowledgeitem ALTER COLUMN search SET STORAGE MAIN",
    "CREATE INDEX knowledge_item_search ON knowledge_knowledgeitem USING gin (community_id, search_themes, search)",
]


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)

    return run


def _texts(item, summaries) -> dict:
    """services.search_texts as it was written with this migration."""
    parts = {visibility: [] for visibility in TEXT_FIELDS}
    for name, value in (item.fields or {}).items():
        if value and isinstance(value, str | int):
            parts[FIELD_VISIBILITY.get(name, "public")].append(str(value))
    parts["public"].append(item.body)
    if item.contact_id:
        user = item.contact.user
        parts["public"].append(user.display_name or user.email)
    for visibility, summary in summaries:
        parts.setdefault(visibility, []).append(summary)
    return {visibility: "\n".join(part for part in parts[visibility] if part) for visibility in TEXT_FIELDS}


def split_texts(apps, schema_editor):
    KnowledgeItem = apps.get_model("knowledge", "KnowledgeItem")
    Attachment = apps.get_model("knowledge", "Attachment")
    summaries = {}
    for item_id, visibility, summary in (
        Attachment.objects.exclude(summary="").order_by("pk").values_list("item_id", "visibility", "summary")
    ):
        summaries.setdefault(item_id, []).append((visibility, summary))
    batch = []

    def flush():
        # The index is derived data: migration 0007 writes it again for every item.
        KnowledgeItem.objects.bulk_update(batch, list(TEXT_FIELDS.values()))
        batch.clear()

    for item in KnowledgeItem.objects.select_related("contact__user").order_by("pk").iterator(chunk_size=500):
        for visibility, text in _texts(item, summaries.get(item.pk, [])).items():
            setattr(item, TEXT_FIELDS[visibility], text)
        batch.append(item)
        if len(batch) == 500:
            flush()
    flush()


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0003_search_themes")]

    operations = [
        migrations.AddField(
            model_name="knowledgeitem",
            name="search_text_members",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="knowledgeitem",
            name="search_text_core",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
        migrations.RunPython(split_texts, migrations.RunPython.noop),
    ]
