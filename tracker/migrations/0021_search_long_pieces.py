"""Store each article's Hangul pieces of five and six syllables too.

A query word of five or six syllables (스마트도시, 연구개발단지) was found by its
four-syllable pieces and then checked against every candidate's stored vector, read
from TOAST: 3-5 pages each, 580 ms for 1,000 candidates read from disk at 1M articles.
As a piece of its own it is one entry of the index, nothing re-read
(tracker/search.py).

Articles whose text has a run of five syllables or more get their pieces rewritten
here, in batches that commit one by one (the migration is not atomic): the table
stays readable, and a stopped run resumes where it was, since an article that
already holds its long pieces is left as it is. The trigger of 0020 keeps each
article's district tokens in front of the rewritten pieces. At 1M articles, where
nearly every synthetic article has such a run, it took as long as 0020's fill
(minutes), then a vacuum. Stop the ingestion workers while it runs: they would store
new articles with pieces of three and four syllables only, which this run may already
have passed.
"""

from django.db import migrations, models, transaction

BATCH = 2000
LONGEST_OLD = 4  # the pieces 0019 stored were three and four syllables long


def fill_long_pieces(apps, schema_editor):
    # The pieces are what search.fields() stores for a new article; a later change to
    # them comes with a migration of its own, so importing the function is safe.
    from tracker.search import grams

    connection = schema_editor.connection
    Article = apps.get_model("tracker", "Article")
    rows = Article.objects.using(connection.alias).order_by("pk")
    last = 0
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
                changed.append((pieces, pk))
        if changed:
            with transaction.atomic(using=connection.alias):
                with connection.cursor() as cursor:
                    cursor.executemany(
                        "UPDATE tracker_article SET search_grams = %s WHERE id = %s",
                        changed,
                    )
        last = batch[-1][0]
    if connection.vendor == "postgresql":
        # The visibility map that index-only counts need, which every rewritten row
        # cleared, and the pieces' statistics; a server without autovacuum would
        # have neither.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) tracker_article")


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
                blank=True, verbose_name="search pieces (three to six syllables)"
            ),
        ),
        # Going back leaves the longer pieces: a search of 0020's code never looks
        # them up, and they match nothing else.
        migrations.RunPython(fill_long_pieces, migrations.RunPython.noop),
    ]
