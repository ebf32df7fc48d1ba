"""The article export as one query of tuples, streamed.

Each row holds an article's own columns and its standing district and initiative
links, gathered by the database in their order (tracker/gathered.py) as short
"id|role|evidence" strings: one query for any number of articles, no model
instance and no prefetch per chunk. Names come from the district and initiative
tables read once per export (a few hundred rows): PostgreSQL looking a name up per
link costs a third of the export's speed. The free text, evidence, comes last in
each string, so splitting on the first bars is safe whatever it contains.

    article (list order) -> links gathered per article -> names -> one tuple per row

Most of the table in date order, as the unfiltered export is, is read by walking the
date index (tracker/plans.py DATES): its first rows leave at once, where PostgreSQL
would otherwise read and sort every one of them first. A narrower list is sorted:
walking for it tests several articles per row kept, and the whole export takes
longer (district=gangseo, 14 % of 1M articles: first rows after 66 ms instead of
1.2 s, but all of them after 16 s instead of 6 s).
"""

from collections.abc import Iterator
from contextlib import closing, contextmanager, nullcontext

from django.db import connections, transaction
from django.db.models import Case, OuterRef, TextField, Value, When
from django.db.models.functions import Cast, Concat, TruncDate
from psycopg import pq

from districts.models import District
from tracker import plans
from tracker.gathered import Gathered
from tracker.models import DistrictLink, Initiative, InitiativeLink
from tracker.models.articles import NEWEST_FIRST, OLDEST_FIRST

# Rows the server sends at a time: the first rows wait for the first chunk.
CHUNK_SIZE = 500
PRIMARY = "p"
# The orders of the date index (read forwards or backwards).
DATE_ORDERS = {NEWEST_FIRST, OLDEST_FIRST}
# A long export only reads; JIT would compile for seconds before the first row.
NO_JIT = {"jit": "off"}


def article_tuples(queryset, *, with_body: bool = False) -> Iterator[tuple]:
    """For each article of `queryset`, in its order: id, title, published (a Seoul
    calendar day), date source, publisher, author, URL, primary districts,
    mentioned districts, initiatives (names in the active language joined by
    '; '), evidence ('name: sentence' of the districts, then of the initiatives,
    joined by ' | '), relevance, status[, body]."""
    with snapshot(queryset.db, settings_for(queryset)):
        districts = names(District)
        initiatives = names(Initiative)
        # Closed before the transaction ends: a stream holds its connection.
        with closing(stream(article_columns(queryset, with_body=with_body))) as rows:
            yield from _named(rows, districts, initiatives, with_body)


def _named(rows, districts: dict, initiatives: dict, with_body: bool):
    for *article, district_links, initiative_links, relevance, status, body in rows:
        # "id|p|evidence": primary first, then by confidence (the query's order).
        linked = [link.split("|", 2) for link in district_links]
        tagged = [link.split("|", 1) for link in initiative_links]
        evidence = [
            f"{districts[ref]}: {text}" for ref, _role, text in linked if text
        ] + [f"{initiatives[ref]}: {text}" for ref, text in tagged if text]
        yield (
            *article,
            "; ".join(districts[r] for r, role, _ in linked if role == PRIMARY),
            "; ".join(districts[r] for r, role, _ in linked if role != PRIMARY),
            "; ".join(initiatives[ref] for ref, _text in tagged),
            " | ".join(evidence),
            relevance,
            status,
            *([body] if with_body else []),
        )


def article_columns(queryset, *, with_body: bool = False):
    """`queryset` as tuples of its own columns, its standing district links
    ("id|p|evidence" or "id|m|evidence", primary first, then by confidence) and
    initiative links ("id|evidence", by confidence), relevance, status, and the body
    or None."""
    primary = DistrictLink.Role.PRIMARY
    districts = (
        DistrictLink.objects.filter(article=OuterRef("pk"))
        .not_rejected()
        .order_by(Case(When(role=primary, then=0), default=1), "-confidence", "pk")
    )
    initiatives = (
        InitiativeLink.objects.filter(article=OuterRef("pk"))
        .not_rejected()
        .order_by("-confidence", "pk")
    )
    role = Case(When(role=primary, then=Value(f"|{PRIMARY}|")), default=Value("|m|"))
    return queryset.values_list(
        "pk",
        "title",
        TruncDate("published_at"),
        "date_source",
        "publisher",
        "author",
        "url",
        Gathered(districts, _text("district_id", role, "evidence")),
        Gathered(initiatives, _text("initiative_id", Value("|"), "evidence")),
        "relevance",
        "status",
        "body" if with_body else Value(None, output_field=TextField()),
    )


def _text(ref: str, *parts) -> Concat:
    return Concat(Cast(ref, TextField()), *parts, output_field=TextField())


def names(model) -> dict[str, str]:
    """Primary key (as text) -> `model`'s name in the active language."""
    rows = model.objects.order_by().only("pk", "name_ko", "name_en")
    return {str(row.pk): row.name for row in rows}


def settings_for(queryset) -> dict[str, str]:
    """The planner settings `queryset`'s export runs with: JIT off, and the date
    index walked for most of the table in date order without a search."""
    if not in_date_order(queryset):
        return NO_JIT
    whole = queryset.all()
    whole.query.clear_limits()  # the share of the table, whatever is exported of it
    return plans.DATES if plans.matches_most(whole) else NO_JIT


def in_date_order(queryset) -> bool:
    """Is `queryset` in the date index's order, and not a search (ranked)?"""
    query = queryset.query
    order = tuple(query.order_by)
    if not order and query.default_ordering:
        order = tuple(queryset.model._meta.ordering)
    return order in DATE_ORDERS and "search_rank" not in query.annotations


@contextmanager
def snapshot(using: str, settings: dict[str, str] = NO_JIT) -> Iterator[None]:
    """A transaction that reads one state of the database, so the names read first
    cover every link the articles' query reads after them (PostgreSQL: repeatable
    read, which never fails a reader), with planner `settings` until it ends."""
    connection = connections[using]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using, savepoint=False):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                if outermost:  # only the transaction's first statement may set it
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cursor.execute(
                    "SELECT " + ", ".join("set_config(%s, %s, true)" for _ in settings),
                    [part for item in settings.items() for part in item],
                )
        yield


def stream(queryset, chunk_size: int = CHUNK_SIZE) -> Iterator[tuple]:
    """The tuples of a values_list queryset, read as they are used.

    On PostgreSQL the rows stream (psycopg's stream(), chunked from libpq 17):
    the server computes the next rows while these are written out, where a
    server-side cursor would wait for each FETCH, and no row is computed ahead of
    the reader, as a held cursor's (outside a transaction) would be.
    """
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        yield from queryset.iterator(chunk_size=chunk_size)
        return
    compiler = queryset.query.get_compiler(using=queryset.db)
    sql, params = compiler.as_sql()
    size = chunk_size if pq.version() >= 170000 else 1
    with connection.cursor() as cursor, connection.wrap_database_errors:
        # Logged as Django logs its queries (DEBUG, tests), over the whole stream.
        logged = cursor.debug_sql(sql, params) if connection.queries_logged else None
        with logged or nullcontext():
            rows = cursor.cursor.stream(sql, params, size=size)
            try:
                yield from compiler.results_iter([rows], tuple_expected=True)
            finally:
                rows.close()  # a reader gone: psycopg cancels the query
