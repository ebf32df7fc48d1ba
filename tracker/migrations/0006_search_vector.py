"""PostgreSQL: store the weighted search document in a generated column and index it.

0003 indexed the expression itself, so PostgreSQL rebuilt each matching row's
tsvector to re-check phrases and to rank: seconds per broad query at 10k rows.
A STORED generated column keeps the tsvector on disk, always in step with
search_title / search_body, and tracker/search.py filters and ranks on it.

The model does not declare the column (SQLite has no tsvector): Django never
names it, so inserts, updates and selects are unchanged. Adding it rewrites
tracker_article under an exclusive lock, once. The SQL is written out here so
that this migration never changes when tracker/search.py does. Other databases
get nothing: their search falls back to `icontains`.
"""

from django.db import migrations

DOCUMENT_SQL = """
    setweight(to_tsvector('simple'::regconfig, search_title), 'A')
    || setweight(to_tsvector('simple'::regconfig, search_body), 'B')
"""

FORWARD_SQL = [
    f"""
    ALTER TABLE tracker_article ADD COLUMN IF NOT EXISTS search_vector tsvector
    GENERATED ALWAYS AS ({DOCUMENT_SQL}) STORED
    """,
    """
    CREATE INDEX IF NOT EXISTS tracker_article_search_vector_gin
    ON tracker_article USING gin (search_vector)
    """,
    "DROP INDEX IF EXISTS tracker_article_search_gin",
]

# The opposite, leaving the database as 0003 left it.
REVERSE_SQL = [
    f"""
    CREATE INDEX IF NOT EXISTS tracker_article_search_gin
    ON tracker_article USING gin (({DOCUMENT_SQL}))
    """,
    "DROP INDEX IF EXISTS tracker_article_search_vector_gin",
    "ALTER TABLE tracker_article DROP COLUMN IF EXISTS search_vector",
]


def add_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD_SQL:
            schema_editor.execute(sql)


def remove_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in REVERSE_SQL:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0005_groups"),
    ]

    operations = [
        migrations.RunPython(add_vector, remove_vector),
    ]
