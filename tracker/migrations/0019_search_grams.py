"""Store each article's Hangul pieces of three and four syllables, and index them.

A three- or four-syllable query word (구청장, 인공지능) was the phrase of its
bigrams: PostgreSQL listed every article holding its commonest bigram (구청: half of
them), then read each candidate's stored vector to check positions. As one entry of
an index of pieces it is found exactly, with nothing re-read (tracker/search.py).

Existing articles get their pieces here, in batches. On PostgreSQL a stored
generated column, search_grams_vector, holds their tsvector without positions, with
a GIN index; adding it rewrites tracker_article once, after the pieces are filled
in, so the rewrite also drops the old row versions the batches leave. The SQL is written out
so that this migration never changes when tracker/search.py does.
"""

from django.db import migrations, models

BATCH = 1000

FORWARD_SQL = [
    """
    ALTER TABLE tracker_article ADD COLUMN IF NOT EXISTS search_grams_vector tsvector
    GENERATED ALWAYS AS (strip(to_tsvector('simple'::regconfig, search_grams))) STORED
    """,
    """
    CREATE INDEX IF NOT EXISTS tracker_article_search_grams_gin
    ON tracker_article USING gin (search_grams_vector)
    """,
]

REVERSE_SQL = [
    "DROP INDEX IF EXISTS tracker_article_search_grams_gin",
    "ALTER TABLE tracker_article DROP COLUMN IF EXISTS search_grams_vector",
]


def grams_field():
    field = models.TextField(
        blank=True, verbose_name="search pieces (three and four syllables)"
    )
    field.set_attributes_from_name("search_grams")
    return field


def add_column(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        # Django adds a NOT NULL column on SQLite by remaking the table, which the
        # tally triggers on other tables (0016) refuse; SQLite adds it in place.
        schema_editor.execute(
            "ALTER TABLE tracker_article"
            " ADD COLUMN search_grams text NOT NULL DEFAULT ''"
        )
    else:
        schema_editor.add_field(apps.get_model("tracker", "Article"), grams_field())


def remove_column(apps, schema_editor):
    schema_editor.remove_field(apps.get_model("tracker", "Article"), grams_field())


def fill_grams(apps, schema_editor):
    # The pieces are what search.fields() stores for a new article; a later change
    # to them comes with a migration of its own, so importing the function is safe.
    from tracker.search import grams

    Article = apps.get_model("tracker", "Article")
    rows = Article.objects.using(schema_editor.connection.alias).order_by("pk")
    last = 0
    while batch := list(rows.filter(pk__gt=last).only("title", "body")[:BATCH]):
        for article in batch:
            article.search_grams = grams(f"{article.title}\n{article.body}")
        rows.bulk_update(batch, ["search_grams"])
        last = batch[-1].pk


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
        ("tracker", "0018_c_list_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="article", name="search_grams", field=grams_field()
                ),
            ],
            database_operations=[migrations.RunPython(add_column, remove_column)],
        ),
        migrations.RunPython(fill_grams, migrations.RunPython.noop),
        migrations.RunPython(add_vector, remove_vector),
    ]
