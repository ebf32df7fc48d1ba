"""Store each article's Hangul pieces of five to ten syllables too.

A query word of five to ten syllables (스마트도시, 연구개발단지) was found by its
four-syllable pieces and then checked against every candidate's stored vector, read
from TOAST: 3-5 pages each, 580 ms for 1,000 candidates read from disk at 1M articles.
As a piece of its own it is one entry of the index, nothing re-read
(tracker/search.py).

Articles whose text has a run of five syllables or more get their pieces rewritten
here, in batches that commit one by one (the migration is not atomic): the table
stays readable, and a stopped run that is started again writes nothing twice: an
article that already holds its long pieces is left as it is (though every article's
text is read again). An article edited after its batch was read keeps the pieces
its edit wrote. The trigger of 0020 keeps each article's district tokens in front of
the rewritten pieces.

Each rewritten row is a new row version, written where there is room. Vacuumed only
at the end, the old versions' pages stayed empty at the front of the table (at 1M
articles, 1.6 GB of its 3.9): a search for a common term, which reads the table in
order, first read all of them. Vacuumed each time a twentieth of the table has been
rewritten, their room takes the next rows' versions, and the table grows by about a
twentieth only (100,000 synthetic articles, nearly all with such a run: 74 s, the
table 194 -> 207 MB). At 1M articles, vacuumed only at the end, it took 13.5 minutes.
Stop the ingestion workers while it runs: they would store new articles with pieces
of three and four syllables only, which this run may already have passed.
"""

from django.db import migrations, models, transaction

BATCH = 2000
VACUUM_SHARE = 20  # vacuum after rewriting one row in this many
LONGEST_OLD = 4  # the pieces 0019 stored were three and four syllables long


def fill_long_pieces(apps, schema_editor):
    # The pieces are what search.fields() stores for a new article; a later change to
    # them comes with a migration of its own, so importing the function is safe.
    from tracker.search import grams

    connection = schema_editor.connection
    Article = apps.get_model("tracker", "Article")
    rows = Article.objects.using(connection.alias).order_by("pk")
    every = max(BATCH, rows.count() // VACUUM_SHARE)
    last = unvacuumed = 0
    while batch := list(
        rows.filter(pk__gt=last).values_list("pk", "title", "body", "search_grams")[
            :BATCH
        ]
    ):
        changed = []
        for pk, title, body, stored in batch:
            pieces = grams(title, body)
            held = set(stored.split())
            if any(p not in held for p in pieces.split() if len(p) > LONGEST_OLD):
                changed.append((pieces, pk, stored))
        if changed:
            with transaction.atomic(using=connection.alias):
                with connection.cursor() as cursor:
                    cursor.executemany(
                        "UPDATE tracker_article SET search_grams = %s"
                        " WHERE id = %s AND search_grams = %s",
                        changed,
                    )
        last = batch[-1][0]
        unvacuumed += len(changed)
        if unvacuumed >= every:
            _vacuum(connection, "VACUUM tracker_article")
            unvacuumed = 0
    # The visibility map that index-only counts need, which every rewritten row
    # cleared, and the pieces' statistics; a server without autovacuum would have
    # neither.
    _vacuum(connection, "VACUUM (ANALYZE) tracker_article")


def _vacuum(connection, sql: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("tracker", "0020_search_districts"),
    ]

    operations = [
        migrations.AlterField(
            model_name="article",
            name="search_grams",
            field=models.TextField(
                blank=True, verbose_name="search pieces (three to ten syllables)"
            ),
        ),
        # Going back leaves the longer pieces: a search of 0020's code never looks
        # them up, and they match nothing else.
        migrations.RunPython(fill_long_pieces, migrations.RunPython.noop),
    ]
