"""Lists newest first with undated articles last, on PostgreSQL as on SQLite.

PostgreSQL puts NULLs first in a descending order, so its lists opened on every
undated article (at 1M articles, their first 300 pages). The three indexes in list
order are built again DESC NULLS LAST (read backwards: oldest first, undated first,
the exact reverse); SQLite builds them as before (tracker/models/indexes.py). The new
ones are built before the old ones are dropped: building blocks only writes (5 s at
1M articles), while a DROP INDEX locks out reads too until the migration commits.
"""

import tracker.models.indexes
from django.conf import settings
from django.db import migrations, models


# Newest first, undated last.
NEWEST = (
    models.OrderBy(models.F("published_at"), descending=True, nulls_last=True),
    models.OrderBy(models.F("id"), descending=True),
)
# visible(): the rows the analysts' lists show.
VISIBLE = models.Q(
    ("duplicate_of__isnull", True),
    ("is_relevant", True),
    models.Q(("scope", "out"), _negated=True),
    models.Q(("status", "rejected"), _negated=True),
)




class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0025_tally_indexes_cover_counts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(
            tracker.models.indexes.wait_for_locks_briefly, migrations.RunPython.noop
        ),
        migrations.AlterModelOptions(
            name="article",
            options={
                "ordering": NEWEST,
                "verbose_name": "article",
                "verbose_name_plural": "articles",
            },
        ),
        migrations.AddIndex(
            model_name="article",
            index=tracker.models.indexes.NullsOrderedIndex(
                *NEWEST,
                name="article_newest",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=tracker.models.indexes.NullsOrderedIndex(
                *NEWEST,
                condition=VISIBLE,
                name="article_listable_newest",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=tracker.models.indexes.NullsOrderedIndex(
                models.F("publisher"),
                *NEWEST,
                condition=VISIBLE,
                name="article_publisher_newest",
            ),
        ),
        migrations.RemoveIndex(
            model_name="article",
            name="tracker_art_publish_7b6de6_idx",
        ),
        migrations.RemoveIndex(
            model_name="article",
            name="article_listable_recent",
        ),
        migrations.RemoveIndex(
            model_name="article",
            name="article_publisher_listable",
        ),
    ]
