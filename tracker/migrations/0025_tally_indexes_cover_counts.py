"""The kept counts' two indexes carry each row's count and latest time (INCLUDE, on
PostgreSQL), so a period's sums and latest times are read from the index alone.

The all-time overview sums every day of a dimension (143,000 rows of initiatives and
46,000 of districts at a million articles): read from the table, its queries took
260 ms of a cold overview on a 2-core machine, from the index 160 ms. SQLite has no
INCLUDE and keeps the plain indexes; the model's state is unchanged (tally.py says
so beside the indexes).
"""

from django.db import migrations

INDEXES = {
    "tally_by_day": "dimension, day, key",
    "tally_by_key": "dimension, key, day",
}


def _recreate(schema_editor, include: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, columns in INDEXES.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        schema_editor.execute(
            f"CREATE INDEX {name} ON tracker_tally ({columns}){include}"
        )


def cover(apps, schema_editor):
    _recreate(schema_editor, " INCLUDE (n, last)")


def uncover(apps, schema_editor):
    _recreate(schema_editor, "")


class Migration(migrations.Migration):
    dependencies = [("tracker", "0024_timeline_dates_on_article_insert")]

    operations = [migrations.RunPython(cover, uncover)]
