"""The full-text index of the knowledge base, made for the engine the database runs on.

SQLite: a side table of stems and an FTS5 table reading its content from it, kept in step by
triggers. PostgreSQL: unaccent and btree_gin, a French configuration that removes accents
before stemming, a stored generated tsvector (STORAGE MAIN: out of TOAST, ranking stays fast)
and a GIN index on (community_id, search). The tsvector column is not a field of the model.
"""

from django.db import migrations

SQLITE = [
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
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS knowledge_search_doc_au",
    "DROP TRIGGER IF EXISTS knowledge_search_doc_ad",
    "DROP TRIGGER IF EXISTS knowledge_search_doc_ai",
    "DROP TABLE IF EXISTS knowledge_search",
    "DROP TABLE IF EXISTS knowledge_search_doc",
]

POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'terreau_french') THEN
            CREATE TEXT SEARCH CONFIGURATION terreau_french (COPY = french);
            ALTER TEXT SEARCH CONFIGURATION terreau_french
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END $$""",
    "ALTER TABLE knowledge_knowledgeitem ADD COLUMN search tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('terreau_french'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('terreau_french'::regconfig, coalesce(search_text, '')), 'B')) STORED",
    "ALTER TABLE knowledge_knowledgeitem ALTER COLUMN search SET STORAGE MAIN",
    "CREATE INDEX knowledge_item_search ON knowledge_knowledgeitem USING gin (community_id, search)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS knowledge_item_search",
    "ALTER TABLE knowledge_knowledgeitem DROP COLUMN IF EXISTS search",
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
