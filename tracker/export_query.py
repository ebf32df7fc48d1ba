"""The article export as one query of tuples, streamed.

Each row holds an article's own columns and, as text the database gathers
(tracker/joined.py), its standing districts, initiatives and evidence: one query
for any number of articles, no model instance and no prefetch per chunk. Names are
read per link by primary key from the small district and initiative tables, which
stay in PostgreSQL's memory; the article and link rows are what costs.
"""

from collections.abc import Iterator

from django.db import connections, transaction
from django.db.models import Case, F, OuterRef, Q, Subquery, TextField, Value, When
from django.db.models.functions import Coalesce, Concat, NullIf, TruncDate
from django.utils import translation

from districts.models import District
from tracker.joined import Joined
from tracker.models import DistrictLink, Initiative, InitiativeLink

# Tuples fetched at a time: fewer round trips, about 1 MB of rows in memory.
CHUNK_SIZE = 2000


def article_columns(queryset, *, with_body: bool = False):
    """`queryset` as the export's tuples, in its order: id, title, published (a Seoul
    calendar day), date source, publisher, author, URL, primary districts, mentioned
    districts, initiatives (each joined by '; '), evidence of the districts and of
    the initiatives ('name: sentence' joined by ' | '), relevance, status[, body].
    Names are in the active language."""
    english = (translation.get_language() or "ko").startswith("en")
    district = _district_name(english)
    initiative = _initiative_name(english)
    initiatives = (
        InitiativeLink.objects.filter(article=OuterRef("pk"))
        .not_rejected()
        .order_by("-confidence", "pk")
    )
    primary = DistrictLink.Role.PRIMARY
    # Primary first, then by confidence: the same order on every database.
    districts = (
        DistrictLink.objects.filter(article=OuterRef("pk"))
        .not_rejected()
        .order_by(Case(When(role=primary, then=0), default=1), "-confidence", "pk")
    )
    with_evidence = ~Q(evidence="")
    return queryset.values_list(
        "pk",
        "title",
        TruncDate("published_at"),
        "date_source",
        "publisher",
        "author",
        "url",
        Joined(districts.filter(role=primary), district, "; "),
        Joined(districts.exclude(role=primary), district, "; "),
        Joined(initiatives, initiative, "; "),
        Joined(districts.filter(with_evidence), _evidence(district), " | "),
        Joined(initiatives.filter(with_evidence), _evidence(initiative), " | "),
        "relevance",
        "status",
        *(["body"] if with_body else []),
    )


def _district_name(english: bool) -> Subquery:
    """The name of a link's district (District.name)."""
    column = "name_en" if english else "name_ko"
    return Subquery(
        District.objects.filter(pk=OuterRef("district_id")).order_by().values(column)
    )


def _initiative_name(english: bool) -> Subquery:
    """The name of a link's initiative (Initiative.name: Korean if no English)."""
    name = (
        Coalesce(NullIf("name_en", Value("")), "name_ko") if english else F("name_ko")
    )
    return Subquery(
        Initiative.objects.filter(pk=OuterRef("initiative_id"))
        .order_by()
        .values_list(name)
    )


def _evidence(name) -> Concat:
    return Concat(name, Value(": "), "evidence", output_field=TextField())


def stream(queryset, chunk_size: int = CHUNK_SIZE) -> Iterator[tuple]:
    """The tuples of a values_list queryset, fetched as they are used.

    In a transaction: outside one, Django declares its server-side cursor WITH HOLD,
    and PostgreSQL computes every row of a held cursor before sending the first.
    """
    connection = connections[queryset.db]
    with transaction.atomic(using=queryset.db, savepoint=False):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # A long export's estimated cost turns on JIT, which compiles for
                # seconds before the first row; per row it only reads.
                cursor.execute("SET LOCAL jit = off")
        yield from queryset.iterator(chunk_size=chunk_size)
