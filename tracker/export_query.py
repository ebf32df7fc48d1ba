"""The article export as one query of tuples, streamed.

Each row holds an article's own columns and its standing district and initiative
links, gathered by the database in their order (tracker/gathered.py) as short
"id|role|evidence" strings: one query for any number of articles, no model
instance and no prefetch per chunk. Names come from the district and initiative
tables read once per export (a few hundred rows): PostgreSQL looking a name up per
link costs a third of the export's speed. The free text, evidence, comes last in
each string, so splitting on the first bars is safe whatever it contains.

    article (list order) -> links gathered per article -> names -> one tuple per row
"""

from collections.abc import Iterator

from django.db import connections, transaction
from django.db.models import Case, OuterRef, TextField, Value, When
from django.db.models.functions import Cast, Concat, TruncDate

from districts.models import District
from tracker.gathered import Gathered
from tracker.models import DistrictLink, Initiative, InitiativeLink

# Tuples fetched at a time: about 1 MB of rows in memory, few round trips.
CHUNK_SIZE = 2000
PRIMARY = "p"


def article_tuples(queryset, *, with_body: bool = False) -> Iterator[tuple]:
    """For each article of `queryset`, in its order: id, title, published (a Seoul
    calendar day), date source, publisher, author, URL, primary districts,
    mentioned districts, initiatives (names in the active language joined by
    '; '), evidence ('name: sentence' of the districts, then of the initiatives,
    joined by ' | '), relevance, status[, body]."""
    districts = Names(District)
    initiatives = Names(Initiative)
    for *article, district_links, initiative_links, relevance, status, body in stream(
        article_columns(queryset, with_body=with_body)
    ):
        # "id|p|evidence": primary first, then by confidence (the query's order).
        linked = [link.split("|", 2) for link in district_links]
        tagged = [link.split("|", 1) for link in initiative_links]
        evidence = [
            f"{districts[ref]}: {text}" for ref, _role, text in linked if text
        ] + [f"{initiatives[ref]}: {text}" for ref, text in tagged if text]
        yield (
            *article,
            "; ".join(districts[ref] for ref, role, _ in linked if role == PRIMARY),
            "; ".join(districts[ref] for ref, role, _ in linked if role != PRIMARY),
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


class Names(dict):
    """Primary key (as text) -> `model`'s name in the active language; one read,
    then one row for any added since (a link may be newer than the read)."""

    def __init__(self, model):
        super().__init__((str(row.pk), row.name) for row in self._rows(model))
        self.model = model

    def __missing__(self, ref: str) -> str:
        row = self._rows(self.model).filter(pk=int(ref)).first()
        self[ref] = row.name if row else ""
        return self[ref]

    @staticmethod
    def _rows(model):
        return model.objects.order_by().only("pk", "name_ko", "name_en")


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
