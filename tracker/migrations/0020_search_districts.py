"""Each article's standing districts as tokens at the start of its search pieces.

A search within a district (셔틀 in 마포구) found every article holding the word by the
search index, then read each from the table to check its district links: 12,000 rows
read for 1,000 matches, most of them from disk when cold. With the districts in the
pieces' index (zgu7 for any standing link to district 7, zgup7 for a primary one, as
tracker/search.py writes them), the index intersects the two before a row is read.

On PostgreSQL triggers keep the tokens:
- a district link added, changed, rejected or deleted rewrites its article's tokens,
  only when they differ (ingestion stores them with a new article);
- any update that writes search_grams (an admin edit, a full save of a model loaded
  before a link changed) gets the tokens of the links as they are, not as written.
SQLite keeps none: its search reads the links.

Existing articles get their tokens here, in batches that commit one by one (the
migration is not atomic): the table stays readable, and a stopped run resumes where it
was. Each filled row is a new row version with new entries in every index: about as
long as 0019's fill (9 minutes at 1M articles on a 2-core machine), then a vacuum
(under a minute). Stop the ingestion workers while it runs.
"""

from django.db import migrations, transaction

BATCH = 5000
# Tokens at the start of the pieces, each followed by a space; all of them, or none.
TOKENS = "^(zgup?[0-9]+ )+"
PREFIX = "^(?:zgup?[0-9]+ )*"

FUNCTIONS = [
    """
    CREATE OR REPLACE FUNCTION tracker_district_tokens(article bigint) RETURNS text
    LANGUAGE sql STABLE AS $$
        SELECT coalesce(string_agg(t.token || ' ', '' ORDER BY t.token COLLATE "C"), '')
        FROM tracker_districtlink l
        CROSS JOIN LATERAL (VALUES ('zgu' || l.district_id),
            (CASE WHEN l.role = 'primary' THEN 'zgup' || l.district_id END)) AS t(token)
        WHERE l.article_id = article AND l.review_state <> 'rejected'
            AND t.token IS NOT NULL
    $$""",
    f"""
    CREATE OR REPLACE FUNCTION tracker_with_districts(article bigint, grams text)
    RETURNS text LANGUAGE sql STABLE AS $$
        SELECT tracker_district_tokens(article) || regexp_replace(grams, '{TOKENS}', '')
    $$""",
    """
    CREATE OR REPLACE FUNCTION tracker_article_districts() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_grams := tracker_with_districts(NEW.id, NEW.search_grams);
        RETURN NEW;
    END $$""",
    # Once per statement, for the articles whose links it changed (a batch's insert of
    # 60 links is one statement): only where the tokens the pieces start with are not
    # their links', which ingestion stored already. Writing search_grams back as it is
    # lets the trigger above say what it holds.
    f"""
    CREATE OR REPLACE FUNCTION tracker_refresh_districts(articles bigint[]) RETURNS void
    LANGUAGE sql AS $$
        UPDATE tracker_article a SET search_grams = a.search_grams
        WHERE a.id = ANY(articles) AND tracker_district_tokens(a.id)
            IS DISTINCT FROM substring(a.search_grams FROM '{PREFIX}')
    $$""",
    """
    CREATE OR REPLACE FUNCTION tracker_links_districts() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM tracker_refresh_districts(
            ARRAY(SELECT DISTINCT article_id FROM changed_links));
        RETURN NULL;
    END $$""",
    # PostgreSQL gives no transition tables to an UPDATE OF some columns: any update
    # of links checks their articles (and a link moved to another article, which no
    # code does, the old one's too).
    """
    CREATE OR REPLACE FUNCTION tracker_links_districts_update() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM tracker_refresh_districts(ARRAY(
            SELECT article_id FROM old_links UNION SELECT article_id FROM new_links));
        RETURN NULL;
    END $$""",
]

TRIGGERS = [
    """CREATE TRIGGER tracker_article_districts
    BEFORE UPDATE OF search_grams ON tracker_article
    FOR EACH ROW EXECUTE FUNCTION tracker_article_districts()""",
    """CREATE TRIGGER tracker_links_districts_insert AFTER INSERT ON tracker_districtlink
    REFERENCING NEW TABLE AS changed_links
    FOR EACH STATEMENT EXECUTE FUNCTION tracker_links_districts()""",
    """CREATE TRIGGER tracker_links_districts_delete AFTER DELETE ON tracker_districtlink
    REFERENCING OLD TABLE AS changed_links
    FOR EACH STATEMENT EXECUTE FUNCTION tracker_links_districts()""",
    """CREATE TRIGGER tracker_links_districts_update AFTER UPDATE ON tracker_districtlink
    REFERENCING OLD TABLE AS old_links NEW TABLE AS new_links
    FOR EACH STATEMENT EXECUTE FUNCTION tracker_links_districts_update()""",
]

DROP_TRIGGERS = [
    "DROP TRIGGER IF EXISTS tracker_article_districts ON tracker_article",
    *(
        f"DROP TRIGGER IF EXISTS tracker_links_districts_{event} ON tracker_districtlink"
        for event in ("insert", "delete", "update")
    ),
]
DROP = [
    *DROP_TRIGGERS,
    "DROP FUNCTION IF EXISTS tracker_links_districts_update()",
    "DROP FUNCTION IF EXISTS tracker_links_districts()",
    "DROP FUNCTION IF EXISTS tracker_refresh_districts(bigint[])",
    "DROP FUNCTION IF EXISTS tracker_article_districts()",
    "DROP FUNCTION IF EXISTS tracker_with_districts(bigint, text)",
    "DROP FUNCTION IF EXISTS tracker_district_tokens(bigint)",
]


def _execute(schema_editor, statements: list[str]) -> None:
    if schema_editor.connection.vendor == "postgresql":  # SQLite keeps no tokens
        with schema_editor.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def add_triggers(apps, schema_editor):
    # A stopped run may have made the triggers (functions are created OR REPLACE).
    _execute(schema_editor, DROP_TRIGGERS + FUNCTIONS + TRIGGERS)


def drop_triggers(apps, schema_editor):
    _execute(schema_editor, DROP)


def _in_batches(schema_editor, assignment: str, differs: str) -> None:
    """Rewrite search_grams of every article where it `differs`, BATCH ids at a
    time, each batch committed."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM tracker_article")
        (last,) = cursor.fetchone()
    for start in range(0, last, BATCH):
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE tracker_article SET search_grams = {assignment} "
                f"WHERE id > %s AND id <= %s AND {differs}",
                [start, start + BATCH],
            )


def fill_tokens(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The trigger writes the tokens: search_grams as it is is assigned.
    _in_batches(
        schema_editor,
        "search_grams",
        "search_grams IS DISTINCT FROM tracker_with_districts(id, search_grams)",
    )
    # Statistics of the tokens, so the planner knows a district's share, and the
    # visibility map that index-only counts need, which every rewritten row cleared;
    # a server without autovacuum would have neither (50 s at 1M articles).
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) tracker_article")


def strip_tokens(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    drop_triggers(apps, schema_editor)  # which would write the tokens back
    _in_batches(
        schema_editor,
        f"regexp_replace(search_grams, '{TOKENS}', '')",
        f"search_grams ~ '{TOKENS}'",
    )


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("tracker", "0019_search_grams"),
    ]

    operations = [
        migrations.RunPython(add_triggers, drop_triggers, elidable=False),
        migrations.RunPython(fill_tokens, strip_tokens, elidable=False),
    ]
