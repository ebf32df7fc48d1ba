"""An initiative's timeline: the events of all the articles that report it, in date order.

An event is dated by the date the article gives for it (`event_date`, to the day, month
or year it names); without one, by the article's own date, and marked as such, so a
reader never takes a publication date for the date something happened.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import F
from django.db.models.functions import Coalesce, TruncDate
from django.utils.safestring import SafeString
from django.utils.timezone import localdate
from django.utils.translation import get_language

from tracker import search
from tracker.highlight import highlighted
from tracker.models import Article, Initiative, InitiativeLink

PRECISION_FORMATS = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d"}


@dataclass
class Event:
    link: InitiativeLink
    day: date | None
    label: str  # 2025, 2025-03 or 2025-03-05
    is_article_date: bool
    evidence_html: SafeString
    amount: str
    source_number: int = 0  # its article's number in a printed list of sources


def date_label(day: date | None, precision: str) -> str:
    """The date as precisely as the article gave it: a year stays a year."""
    if day is None:
        return ""
    return day.strftime(PRECISION_FORMATS.get(precision, PRECISION_FORMATS["day"]))


def won(amount: int | None) -> str:
    """An amount of money as Korean readers write it (3억5,000만 원), or in KRW."""
    if amount is None:
        return ""
    if (get_language() or "").startswith("en"):
        return f"KRW {amount:,}"
    eok, rest = divmod(amount, 100_000_000)
    man, won_ = divmod(rest, 10_000)
    parts = [f"{eok:,}억" if eok else "", f"{man:,}만" if man else ""]
    if won_ or not (eok or man):
        parts.append(f"{won_:,}")
    return "".join(parts) + " 원"


def evidence_html(link: InitiativeLink) -> SafeString:
    """The evidence sentence, escaped, with the name as reported marked."""
    name = link.name_as_reported
    if not (name and name in link.evidence):
        return highlighted(link.evidence, [])
    start = link.evidence.index(name)
    return highlighted(link.evidence, [(start, start + len(name), "initiative", name)])


# What Article.objects.listable() keeps, said on the joined article.
LISTABLE_STATES = [
    state for state in Article.Status.values if state != Article.Status.REJECTED
]
HEAVY = [f"article__{name}" for name in ("body", "captions", *search.FIELDS)]


def events(initiative: Initiative, limit: int) -> tuple[list[Event], bool]:
    """The latest `limit` events, oldest first, undated ones last; and whether any were
    left out. Two queries."""
    links = initiative.links.all()
    # Ids first, sorted on narrow rows; an initiative in the news every day has
    # tens of thousands of links, and sorting them with their articles' whole text
    # read hundreds of MB. (Read as district_events reads them, its 50 latest
    # events walked 9,000 articles of the date index: slower from disk.)
    nulls = {"nulls_first": True}
    ids = _dated(_shown(links)).order_by(*_order(nulls)).values_list("pk", flat=True)
    return _latest(links, list(ids[: limit + 1]), limit, nulls)


def district_events(district, limit: int) -> tuple[list[Event], bool]:
    """The latest `limit` events of all the district's standing initiatives, oldest
    first (a district's timeline on its printed profile). Three queries, four when
    fewer than `limit` are dated."""
    links = InitiativeLink.objects.filter(
        initiative__in=district.initiatives.not_rejected()
    ).select_related("initiative")
    # On a page of limited room, undated events are the first to leave.
    nulls = {"nulls_last": True}
    found, is_cut = _latest(links, _newest_ids(links, limit + 1), limit, nulls)
    dated = [event for event in found if event.day is not None]
    return dated + [event for event in found if event.day is None], is_cut


def _latest(links, ids: list[int], limit: int, nulls: dict) -> tuple[list[Event], bool]:
    """The events of these links (`ids`), the latest `limit` of them oldest first, and
    whether any were left out."""
    chosen = list(
        _dated(links)
        .filter(pk__in=ids)
        .select_related("article")
        .defer(*HEAVY)
        .order_by(*_order(nulls))
    )
    return [_event(link) for link in chosen[:limit][::-1]], len(chosen) > limit


def _order(nulls: dict) -> tuple:
    return (F("when").desc(**nulls), F("article__published_at").desc(**nulls), "-pk")


def _dated(links):
    return links.annotate(
        when=Coalesce("event_date", TruncDate("article__published_at"))
    )


def _shown(links):
    """Standing links of listable articles, as a join on the articles' own columns."""
    return (
        links.not_rejected()
        .filter(
            article__duplicate_of__isnull=True,
            article__status__in=LISTABLE_STATES,
        )
        .exclude(article__scope=Article.Scope.OUT_OF_SCOPE)
    )


def _newest_ids(links, n: int) -> list[int]:
    """The ids of the `n` latest events in _order(), undated last: those dated by the
    article's words and those dated by their article, each read newest first from an
    index (a few of the first; the article dates', whose index a district's dense
    links stop early), then merged. Sorted on the date that is either, every link of
    a district's initiatives was read and sorted first: 175 ms for 48,000 links at a
    million articles (1.2 s from disk)."""
    shown = _shown(links)
    own = (
        shown.filter(event_date__isnull=False)
        .order_by(
            "-event_date", F("article__published_at").desc(nulls_last=True), "-pk"
        )
        .values_list("event_date", "article__published_at", "pk")[:n]
    )
    by_article = (
        shown.filter(event_date__isnull=True, article__published_at__isnull=False)
        .order_by("-article__published_at", "-pk")
        .values_list("article__published_at", "pk")[:n]
    )
    rows = list(own) + [(localdate(at), at, pk) for at, pk in by_article]
    rows.sort(key=_newest_first, reverse=True)
    ids = [pk for _day, _at, pk in rows[:n]]
    if len(ids) < n:
        undated = shown.filter(event_date__isnull=True, article__published_at=None)
        ids += undated.order_by("-pk").values_list("pk", flat=True)[: n - len(ids)]
    return ids


def _newest_first(row: tuple) -> tuple:
    # _order() with nulls last, reversed: an article without a date sorts below.
    day, at, pk = row
    return day, at is not None, at or day, pk


def _event(link: InitiativeLink) -> Event:
    if link.event_date:
        label = date_label(link.event_date, link.event_date_precision)
    else:
        label = date_label(link.when, "day")
    return Event(
        link=link,
        day=link.when,
        label=label,
        is_article_date=link.event_date is None and link.when is not None,
        evidence_html=evidence_html(link),
        amount=won(link.amount_won),
    )
