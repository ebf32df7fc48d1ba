"""Korean search: re-tokenise stored articles, and on PostgreSQL index the search document.

The GIN index is on an expression, so it must match the expression in
tracker/search.py (DOCUMENT_SQL) exactly for the planner to use it; the SQL is
written out here so that this migration never changes when that module does.
Other databases get no index: their search falls back to `icontains`.
"""

from django.db import migrations

INDEX_SQL = """
CREATE INDEX IF NOT EXISTS tracker_article_search_gin ON tracker_article USING gin (
    (setweight(to_tsvector('simple'::regconfig, search_title), 'A')
     || setweight(to_tsvector('simple'::regconfig, search_body), 'B'))
)
"""
DROP_SQL = "DROP INDEX IF EXISTS tracker_article_search_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX_SQL)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL)


def retokenise(apps, schema_editor):
    """Articles saved with the placeholder tokeniser get the current tokens."""
    from tracker.search import fields

    Article = apps.get_model("tracker", "Article")
    batch = []
    for article in Article.objects.only("title", "body").iterator(chunk_size=500):
        for name, value in fields(article.title, article.body).items():
            setattr(article, name, value)
        batch.append(article)
        if len(batch) == 500:
            Article.objects.bulk_update(batch, ["search_title", "search_body"])
            batch = []
    Article.objects.bulk_update(batch, ["search_title", "search_body"])


class Migration(migrations.Migration):
    dependencies = [
        # 0003_listing_indexes appeared while this was written; depending on it
        # keeps one leaf (two 0003s on 0002 would need a merge migration).
        ("tracker", "0003_listing_indexes"),
    ]

    operations = [
        migrations.RunPython(retokenise, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
    ]
