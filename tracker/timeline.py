"""An initiative's timeline: the events of all the articles that report it, in date order.

An event is dated by the date the article gives for it (`event_date`, to the day, month
or year it names); without one, by the article's own date, and marked as such, so a
reader never takes a publication date for the date something happened.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from tracker import search
from tracker.highlight import highlighted
from tracker.models import Article, Initiative, InitiativeLink
from tracker.reading.dates import SEOUL

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
    left out. Two queries: the latest ids, then their events."""
    return _latest(initiative.links.all(), limit)


def district_events(district, limit: int) -> tuple[list[Event], bool]:
    """The latest `limit` events of all the district's standing initiatives, oldest
    first (a district's timeline on its printed profile). Three queries: the
    initiatives, then as events()."""
    # Their ids as a list, not a subquery: PostgreSQL then knows how many links they
    # have, and reads the latest off initiative_link_latest only when they are many.
    initiatives = list(district.initiatives.not_rejected().values_list("pk", flat=True))
    if not initiatives:
        return [], False
    links = InitiativeLink.objects.filter(initiative__in=initiatives).select_related(
        "initiative", "article"
    )
    # On a page of limited room, undated events are the first to leave.
    found, is_cut = _latest(links, limit, undated_first=False)
    dated = [event for event in found if event.day is not None]
    return dated + [event for event in found if event.day is None], is_cut


def _latest(links, limit: int, undated_first: bool = True) -> tuple[list[Event], bool]:
    nulls = {"nulls_first": True} if undated_first else {"nulls_last": True}
    # The link's kept date and its article's time (InitiativeLink.timeline_date):
    # the order of initiative_link_latest, when undated events come last.
    order = (
        F("timeline_date").desc(**nulls),
        F("article_published_at").desc(**nulls),
        "-pk",
    )
    # Ids first, sorted on narrow rows; an initiative in the news every day has
    # tens of thousands of links, and sorting them with their articles' whole text
    # read hundreds of MB. Listable articles as a join on their own columns.
    ids = list(
        links.not_rejected()
        .filter(
            article__duplicate_of__isnull=True,
            article__status__in=LISTABLE_STATES,
        )
        .exclude(article__scope=Article.Scope.OUT_OF_SCOPE)
        .order_by(*order)
        .values_list("pk", flat=True)[: limit + 1]
    )
    chosen = list(
        links.filter(pk__in=ids)
        .select_related("article")
        .defer(*HEAVY)
        .order_by(*order)
    )
    return [_event(link) for link in chosen[:limit][::-1]], len(chosen) > limit


def _event(link: InitiativeLink) -> Event:
    if link.event_date:
        label = date_label(link.event_date, link.event_date_precision)
    else:
        label = date_label(link.timeline_date, "day")
    return Event(
        link=link,
        day=link.timeline_date,
        label=label,
        is_article_date=link.event_date is None and link.timeline_date is not None,
        evidence_html=evidence_html(link),
        amount=won(link.amount_won),
    )


def keep_dates_again() -> int:
    """The kept timeline date and article time of every link whose values differ from
    its article's, set again (`manage.py tally --rebuild`: after a restore or a load
    that turned the triggers off). Writing the kept columns is what makes the triggers
    read them from the article (migrations 0023-0024), so the triggers must be on.
    Only stale links are written: rewriting all 400,000 of a large archive took 15 s
    and bloated the table for nothing. Returns how many were written."""
    stale = _stale().values("pk")
    return InitiativeLink.objects.filter(pk__in=stale).update(article_published_at=None)


def stale_dates() -> int:
    """How many links' kept dates differ from their article's now (`manage.py tally
    --check`)."""
    return _stale().count()


def _stale():
    """Links whose kept dates differ from their article's: its Seoul day, as the
    triggers keep it whatever timezone is active."""
    fresh = Coalesce("event_date", TruncDate("article__published_at", tzinfo=SEOUL))
    same = (
        Q(timeline_date=F("fresh")) | Q(timeline_date__isnull=True, fresh__isnull=True)
    ) & (
        Q(article_published_at=F("article__published_at"))
        | Q(article_published_at__isnull=True, article__published_at__isnull=True)
    )
    # A CASE, not exclude(): a comparison with NULL is neither true nor false.
    differs = Case(When(same, then=Value(False)), default=Value(True))
    links = InitiativeLink.objects.annotate(fresh=fresh, differs=differs)
    return links.filter(differs=True)
