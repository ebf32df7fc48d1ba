"""Store each article's Hangul pieces of three and four syllables, and index them.

A three- or four-syllable query word (구청장, 인공지능) was the phrase of its
bigrams: PostgreSQL listed every article holding its commonest bigram (구청: half of
them), then read each candidate's stored vector to check positions. As one entry of
an index of pieces it is found exactly, with nothing re-read (tracker/search.py).

Existing articles get their pieces here, in batches that commit one by one (the
migration is not atomic): the table stays readable while they are filled (several
minutes at 1M articles), and a run that is stopped resumes where it was. On
PostgreSQL a stored generated column, search_grams_vector, then holds their tsvector
without positions, with a GIN index. It is kept in the row (compressed), not apart
in TOAST: a term in most articles (구청장) is counted by reading rows in order and
testing each row's pieces, one page for several rows instead of three or four pages
for each. Adding it rewrites tracker_article once, under
a lock (about 2 minutes at 1M articles), which also drops the old row versions the
batches left. Stop the ingestion workers while it runs: their code does not know
the new column. The SQL is written out so that this migration never changes when
tracker/search.py does.
"""

from django.db import migrations, models, transaction

BATCH = 1000
TABLE = "tracker_article"

FORWARD_SQL = [
    """
    ALTER TABLE tracker_article ADD COLUMN IF NOT EXISTS search_grams_vector tsvector
    GENERATED ALWAYS AS (strip(to_tsvector('simple'::regconfig, search_grams))) STORED,
    ALTER COLUMN search_grams_vector SET STORAGE MAIN
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
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        table = connection.introspection.get_table_description(cursor, TABLE)
    if "search_grams" in {column.name for column in table}:
        return  # added by a run stopped while filling it
    # Django adds a NOT NULL column on SQLite by remaking the table, which the tally
    # triggers on other tables (0016) refuse; SQLite adds it in place.
    schema_editor.execute(
        f"ALTER TABLE {TABLE} ADD COLUMN search_grams text NOT NULL DEFAULT ''"
    )


def remove_column(apps, schema_editor):
    schema_editor.remove_field(apps.get_model("tracker", "Article"), grams_field())


def fill_grams(apps, schema_editor):
    # The pieces are what search.fields() stores for a new article; a later change
    # to them comes with a migration of its own, so importing the function is safe.
    from tracker.search import grams

    connection = schema_editor.connection
    Article = apps.get_model("tracker", "Article")
    # Rows still without pieces: all of them, or those a stopped run did not reach
    # (an article with no Hangul run of three syllables is read again, cheaply).
    rows = Article.objects.using(connection.alias).filter(search_grams="")
    last = 0
    while batch := list(
        rows.filter(pk__gt=last)
        .order_by("pk")
        .values_list("pk", "title", "body")[:BATCH]
    ):
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE tracker_article SET search_grams = %s WHERE id = %s",
                [(grams(title, body), pk) for pk, title, body in batch],
            )
        last = batch[-1][0]


def add_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD_SQL:
            schema_editor.execute(sql)


def remove_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in REVERSE_SQL:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    atomic = False

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
