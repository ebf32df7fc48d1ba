"""The kept timeline dates of migration 0023, in the cases it missed (a review found
them):

- A link written before its article exists (foreign keys are checked at commit:
  `loaddata` of a `dumpdata`, which lists tags before articles) read no date; an
  article inserted now passes its date to the links that already name it.
- On PostgreSQL a link inserted while another transaction changed its article's date
  read the old one; it now reads it FOR SHARE, waiting for that change to commit.
- On SQLite, times with a fraction of a second rounded up into the next day
  (`date()` keeps milliseconds); the seconds are read alone now. (Both backends' days
  use Seoul's standard time, +9 hours; PostgreSQL also knows its 1987-88 summer time,
  SQLite does not.)

`manage.py tally --rebuild` sets every link's dates again, after a load that turned
the triggers off.
"""

from django.db import migrations

PG_DAY = "(({at} AT TIME ZONE 'Asia/Seoul')::date)"
SQLITE_DAY = "date(substr({at}, 1, 19), '+9 hours')"
KEPT = "event_date, article_id, timeline_date, article_published_at"

POSTGRES = [
    f"""
    CREATE OR REPLACE FUNCTION tracker_link_when() RETURNS trigger AS $$
    BEGIN
        SELECT a.published_at INTO NEW.article_published_at
        FROM tracker_article a WHERE a.id = NEW.article_id FOR SHARE;
        NEW.timeline_date := COALESCE(NEW.event_date, {PG_DAY.format(at="NEW.article_published_at")});
        RETURN NEW;
    END $$ LANGUAGE plpgsql
    """,
    """CREATE TRIGGER tracker_article_when_insert AFTER INSERT ON tracker_article
    FOR EACH ROW EXECUTE FUNCTION tracker_article_when()""",
]
POSTGRES_BACK = [
    "DROP TRIGGER IF EXISTS tracker_article_when_insert ON tracker_article",
    f"""
    CREATE OR REPLACE FUNCTION tracker_link_when() RETURNS trigger AS $$
    BEGIN
        SELECT a.published_at INTO NEW.article_published_at
        FROM tracker_article a WHERE a.id = NEW.article_id;
        NEW.timeline_date := COALESCE(NEW.event_date, {PG_DAY.format(at="NEW.article_published_at")});
        RETURN NEW;
    END $$ LANGUAGE plpgsql
    """,
]


def sqlite_triggers(day: str) -> list[str]:
    fill = f"""UPDATE tracker_initiativelink SET
        article_published_at = (SELECT a.published_at FROM tracker_article a
                                WHERE a.id = NEW.article_id),
        timeline_date = COALESCE(NEW.event_date, (SELECT {day.format(at="a.published_at")}
                                  FROM tracker_article a WHERE a.id = NEW.article_id))
        WHERE id = NEW.id;"""
    from_article = f"""UPDATE tracker_initiativelink SET
        article_published_at = NEW.published_at,
        timeline_date = COALESCE(event_date, {day.format(at="NEW.published_at")})
        WHERE article_id = NEW.id;"""
    return [
        "DROP TRIGGER IF EXISTS tracker_link_when_insert",
        "DROP TRIGGER IF EXISTS tracker_link_when_update",
        "DROP TRIGGER IF EXISTS tracker_article_when",
        f"""CREATE TRIGGER tracker_link_when_insert AFTER INSERT
        ON tracker_initiativelink BEGIN {fill} END""",
        f"""CREATE TRIGGER tracker_link_when_update AFTER UPDATE OF {KEPT}
        ON tracker_initiativelink BEGIN {fill} END""",
        f"""CREATE TRIGGER tracker_article_when AFTER UPDATE OF published_at
        ON tracker_article WHEN OLD.published_at IS NOT NEW.published_at
        BEGIN {from_article} END""",
    ]


SQLITE = [
    *sqlite_triggers(SQLITE_DAY),
    f"""CREATE TRIGGER tracker_article_when_insert AFTER INSERT ON tracker_article
    BEGIN UPDATE tracker_initiativelink SET article_published_at = NEW.published_at,
        timeline_date = COALESCE(event_date, {SQLITE_DAY.format(at="NEW.published_at")})
        WHERE article_id = NEW.id; END""",
    # The days 0023's rounding moved.
    "UPDATE tracker_initiativelink SET article_published_at = NULL",
]
SQLITE_BACK = [
    "DROP TRIGGER IF EXISTS tracker_article_when_insert",
    *sqlite_triggers("date({at}, '+9 hours')"),
]


def _run(schema_editor, statements: dict[str, list[str]]) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in statements:
        raise RuntimeError(f"kept timeline dates need triggers written for {vendor}")
    with schema_editor.connection.cursor() as cursor:
        for statement in statements[vendor]:
            cursor.execute(statement)


def forwards(apps, schema_editor):
    _run(schema_editor, {"postgresql": POSTGRES, "sqlite": SQLITE})


def backwards(apps, schema_editor):
    _run(schema_editor, {"postgresql": POSTGRES_BACK, "sqlite": SQLITE_BACK})


class Migration(migrations.Migration):
    dependencies = [("tracker", "0023_initiative_link_latest")]

    operations = [migrations.RunPython(forwards, backwards)]
