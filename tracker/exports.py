"""CSV exports that open cleanly in Excel: streamed, UTF-8 with a BOM, formula-safe.

`csv_response()` turns a header and an iterable of rows into a streaming
response; the `*_rows()` generators read querysets in chunks, so memory and the
number of queries stay flat however many rows are exported. Articles, the
export that runs to a million rows, come from one query of tuples that streams
(tracker/export_query.py); the shorter lists prefetch their related rows.
Views pick the rows; nothing here sees a request.
"""

import csv
import heapq
import io
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from itertools import islice
from urllib.parse import quote

from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tracker import export_query, throttle
from tracker.models import (
    Article,
    DistrictLink,
    Initiative,
    InitiativeLink,
    ReviewState,
    Tally,
)

BOM = b"\xef\xbb\xbf"  # Excel reads UTF-8 without it as the legacy code page
CHUNK_SIZE = 500
ROWS_PER_WRITE = 200
# Excel, LibreOffice and Sheets run a cell beginning with these as a formula (OWASP).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
FORMULA_STARTS = frozenset(FORMULA_PREFIXES)

ARTICLE_HEADER = [
    _("ID"),
    _("Title"),
    _("Published"),
    _("Date source"),
    _("Publisher"),
    _("Author"),
    _("URL"),
    _("Address on this site"),
    _("Primary districts"),
    _("Mentioned districts"),
    _("Initiatives"),
    _("Evidence"),
    _("Relevance"),
    _("Review status"),
]
INITIATIVE_HEADER = [
    _("Slug"),
    _("Korean name"),
    _("English name"),
    pgettext_lazy("initiative", "Kind"),
    _("Category"),
    _("Stage"),
    _("Origin"),
    _("Review state"),
    _("Districts"),
    _("Partners"),
    _("Partner count"),
    _("First reported"),
    _("Last seen"),
    _("Article count"),
]
DISTRICT_HEADER = [
    _("MOIS code"),
    _("Korean name"),
    _("English name"),
    _("Articles"),
    _("Initiatives"),
    _("Latest article"),
    _("Period"),
    _("Address on this site"),
]
EVIDENCE_HEADER = [
    _("Article ID"),
    _("Article title"),
    _("Address on this site"),
    _("Kind"),
    _("Target"),
    _("Role or event"),
    _("Confidence"),
    _("Evidence"),
    _("Review state"),
]


def safe_cell(value):
    """A value as Excel should see it: typed numbers and dates, neutralised formulas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return value  # a negative number is a number, not a formula
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)  # Asia/Seoul
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def safe_row(row: Iterable) -> list:
    """safe_cell() of every value; text and numbers, most of an export, without a
    call."""
    return [
        ("'" + value if value[:1] in FORMULA_STARTS else value)
        if (kind := value.__class__) is str
        else value
        if kind is int or kind is float
        else safe_cell(value)
        for value in row
    ]


def csv_response(
    filename: str, header: Iterable, rows: Iterable
) -> StreamingHttpResponse:
    """A streamed CSV download: BOM and header first, then the rows, CRLF line ends."""
    language = translation.get_language()
    response = StreamingHttpResponse(
        throttle.one_at_a_time(_stream(language, list(header), rows)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition(filename)
    return response


def _stream(language, header: list, rows: Iterable) -> Iterator[bytes]:
    # The body is produced after the view returns; labels keep the request's language.
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # lineterminator "\r\n" by default
    with translation.override(language):
        writer.writerow([safe_cell(name) for name in header])
    yield BOM + _take(buffer).encode()
    rows = iter(rows)
    while True:
        with translation.override(language):
            writer.writerows(map(safe_row, islice(rows, ROWS_PER_WRITE)))
        lines = _take(buffer)
        if not lines:
            return
        yield lines.encode()


def _take(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def content_disposition(filename: str) -> str:
    """attachment; an ASCII filename for old clients, RFC 5987 filename* for the rest."""
    fallback = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\' else "_"
        for c in filename
    )
    header = f'attachment; filename="{fallback}"'
    if fallback != filename:
        header += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return header


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def _names(objects) -> str:
    return "; ".join(obj.name for obj in objects)


def article_rows(
    queryset, site: str = "", *, with_body: bool = False
) -> Iterator[list]:
    """One row per article that stands alone: its address on this site (`site` is the
    site's root URL), its standing districts (primary, then mentioned) and
    initiatives joined by '; ', and the evidence sentence of each, joined by ' | '.
    `with_body` adds the text as a last column (the Excel export has room for it).

    One query reads the articles as tuples with their links (tracker/export_query.py);
    they stream from it as the client reads them."""
    # Labels once per export: get_FOO_display() translates on every call.
    date_sources = _labels(Article.DateSource)
    statuses = _labels(Article.Status)
    address = _article_address(site)
    for (
        pk,
        title,
        published,
        date_source,
        publisher,
        author,
        url,
        primary,
        mentioned,
        initiatives,
        evidence,
        relevance,
        status,
        *body,
    ) in export_query.article_tuples(queryset, with_body=with_body):
        yield [
            pk,
            title,
            published,
            date_sources.get(date_source, date_source),
            publisher,
            author,
            url,
            address(pk),
            primary,
            mentioned,
            initiatives,
            evidence,
            relevance,
            statuses.get(status, status),
            *body,
        ]


def _article_address(site: str):
    """pk -> the article's address on the site, without resolving a URL per row."""
    marker = 2**62
    before, after = absolute(
        site, reverse("tracker:article-detail", args=[marker])
    ).split(str(marker))
    return lambda pk: f"{before}{pk}{after}"


def initiative_rows(queryset) -> Iterator[list]:
    """One row per initiative, with its districts, partners and standing article links."""
    Tally.objects.refresh()
    queryset = (
        queryset.with_article_counts()
        .select_related("kind")
        .prefetch_related("districts", "partners")
    )
    categories = _labels(Initiative.Category)
    stages = _labels(Initiative.Stage)
    origins = _labels(Initiative.Origin)
    states = _labels(ReviewState)
    for initiative in queryset.iterator(chunk_size=CHUNK_SIZE):
        partners = list(initiative.partners.all())
        yield [
            initiative.slug,
            initiative.name_ko,
            initiative.name_en,
            initiative.kind.name if initiative.kind else "",
            categories.get(initiative.category, initiative.category),
            stages.get(initiative.stage, initiative.stage),
            origins.get(initiative.origin, initiative.origin),
            states.get(initiative.review_state, initiative.review_state),
            _names(initiative.districts.all()),
            _names(partners),
            len(partners),
            initiative.first_seen,
            initiative.last_seen,
            initiative.n,
        ]


def district_rows(rows, site: str = "") -> Iterator[list]:
    """The /districts/ table (tracker.profiles.district_table) as CSV rows: articles
    and initiatives in its period, the latest article, and the district's page."""
    for row in rows:
        district = row.district
        yield [
            district.code,
            district.name_ko,
            district.name_en,
            row.articles,
            row.initiatives,
            row.latest,
            row.period,
            absolute(site, district.get_absolute_url()),
        ]


def evidence_rows(articles, site: str = "") -> Iterator[list]:
    """Every district and initiative link of `articles`, with its evidence, by article.

    Rejected links are included (the review state says so): this is the audit trail.
    """
    article_fields = ("article__id", "article__title")
    roles = _labels(DistrictLink.Role)
    events = _labels(Initiative.Stage)
    states = _labels(ReviewState)
    district_links = (
        DistrictLink.objects.filter(article__in=articles)
        .select_related("article", "district")
        .only(
            *article_fields,
            "district__name_ko",
            "district__name_en",
            "role",
            "confidence",
            "evidence",
            "review_state",
        )
        .order_by("article_id", "-confidence", "pk")
    )
    initiative_links = (
        InitiativeLink.objects.filter(article__in=articles)
        .select_related("article", "initiative")
        .only(
            *article_fields,
            "initiative__name_ko",
            "initiative__name_en",
            "event",
            "confidence",
            "evidence",
            "review_state",
        )
        .order_by("article_id", "-confidence", "pk")
    )
    by_district = (
        [
            link.article_id,
            link.article.title,
            absolute(site, link.article.get_absolute_url()),
            _("district"),
            link.district.name,
            roles.get(link.role, link.role),
            link.confidence,
            link.evidence,
            states.get(link.review_state, link.review_state),
        ]
        for link in district_links.iterator(chunk_size=CHUNK_SIZE)
    )
    by_initiative = (
        [
            link.article_id,
            link.article.title,
            absolute(site, link.article.get_absolute_url()),
            _("initiative"),
            link.initiative.name,
            events.get(link.event, link.event),
            link.confidence,
            link.evidence,
            states.get(link.review_state, link.review_state),
        ]
        for link in initiative_links.iterator(chunk_size=CHUNK_SIZE)
    )
    # Both are ordered by article: merging keeps one article's links together.
    yield from heapq.merge(by_district, by_initiative, key=lambda row: row[0])


def absolute(site: str, path: str) -> str:
    """`path` on the site whose root is `site` (https://tracker.example/)."""
    return site.rstrip("/") + path
