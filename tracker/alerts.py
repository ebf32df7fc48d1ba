"""Saved-search alerts: what is new for a search, the e-mail that lists it, and the
record that it was sent.

    due searches -> articles matching the search, ingested since it was saved, never
    sent to it -> the initiatives they report, never sent to it -> one e-mail ->
    a SentAlert row for each thing listed (same transaction)

A search is locked while its e-mail goes out, so two overlapping ticks cannot both
send it; the SentAlert rows make every later tick skip what was listed. Links in
the e-mail start with SITE_URL, since no request is at hand.
"""

import logging
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tracker.describe import describe
from tracker.filters import ArticleFilter
from tracker.models import (
    Article,
    Initiative,
    InitiativeLink,
    ReviewState,
    SavedSearch,
    SentAlert,
)
from tracker.roles import is_analyst_or_above
from tracker.search import FIELDS as SEARCH_FIELDS

log = logging.getLogger(__name__)
# SavedSearch.query's length: a longer filter is refused, not cut.
QUERY_LIMIT = SavedSearch._meta.get_field("query").max_length

UNSUBSCRIBE_SALT = "tracker.alerts.unsubscribe"
# One e-mail lists at most this many articles; the rest wait for the next one.
MAX_ARTICLES = 50


def filterset_for(search: SavedSearch) -> ArticleFilter:
    return ArticleFilter(search.filter_data(), queryset=Article.objects.listable())


def label_for(query_data) -> str:
    """A default name for a search: its filters in words."""
    filterset = ArticleFilter(query_data, queryset=Article.objects.none())
    return describe(filterset)[:120] or _("All AI-policy articles")


def new_articles(search: SavedSearch) -> list[Article]:
    """Matching articles stored since the search was saved and not yet sent to it,
    oldest first."""
    filterset = filterset_for(search)
    if not filterset.is_valid():
        return []
    sent = SentAlert.objects.filter(saved_search=search, article__isnull=False)
    return list(
        filterset.qs.filter(created_at__gte=search.created_at)
        .exclude(pk__in=sent.values("article"))
        .defer("body", "captions", "sketch", *SEARCH_FIELDS)
        .order_by("created_at", "pk")[:MAX_ARTICLES]
    )


def new_initiatives(search: SavedSearch, articles: list[Article]) -> list[Initiative]:
    """Initiatives the new articles report (standing tags), not yet sent to it."""
    sent = SentAlert.objects.filter(saved_search=search, initiative__isnull=False)
    reported = InitiativeLink.objects.not_rejected().filter(article__in=articles)
    return list(
        Initiative.objects.filter(pk__in=reported.values("initiative"))
        .exclude(review_state=ReviewState.REJECTED)
        .exclude(pk__in=sent.values("initiative"))
        .select_related("kind")
        .order_by("name_ko")
    )


def may_receive(user) -> bool:
    """Active, with an address, and (under REQUIRE_LOGIN) still allowed to read."""
    if not (user.is_active and user.email):
        return False
    return is_analyst_or_above(user) if settings.REQUIRE_LOGIN else True


def unsubscribe_token(search: SavedSearch) -> str:
    return signing.dumps(search.pk, salt=UNSUBSCRIBE_SALT)


def search_for_token(token: str) -> SavedSearch | None:
    """The saved search a signed unsubscribe token names; None if forged or gone."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return SavedSearch.objects.filter(pk=pk).first()


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def compose(
    search: SavedSearch, articles: list[Article], initiatives: list[Initiative]
) -> EmailMultiAlternatives:
    """The e-mail, in Korean (the site's language), text and HTML, with one-click
    unsubscribe headers (RFC 8058) beside the link in the body."""
    unsubscribe = absolute(
        reverse("tracker:unsubscribe", args=[unsubscribe_token(search)])
    )
    context = {
        "search": search,
        "articles": [(a, absolute(a.get_absolute_url())) for a in articles],
        "initiatives": [(i, absolute(i.get_absolute_url())) for i in initiatives],
        "search_url": absolute(search.get_absolute_url()),
        "manage_url": absolute(reverse("tracker:saved-search-list")),
        "unsubscribe_url": unsubscribe,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[Seoul AI-policy tracker] %(search)s: %(n)d new") % {
            "search": one_line(search.label),
            "n": len(articles) + len(initiatives),
        }
        text = render_to_string("tracker/email/alert.txt", context)
        html = render_to_string("tracker/email/alert.html", context)
    message = EmailMultiAlternatives(
        subject,
        text,
        to=[search.user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def send_search(search_id: int, *, now: datetime) -> bool:
    """Send one search's new items, if any; True when an e-mail went out."""
    with transaction.atomic():
        search = (
            SavedSearch.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("user")
            .filter(pk=search_id, is_active=True)
            .first()
        )
        if search is None or not may_receive(search.user):
            return False
        articles = new_articles(search)
        initiatives = new_initiatives(search, articles)
        if not (articles or initiatives):
            return False
        # Sent before the rows are written: a failed send rolls back and is retried
        # on the next tick rather than being recorded as delivered.
        compose(search, articles, initiatives).send()
        SentAlert.objects.bulk_create(
            [SentAlert(saved_search=search, article=a, sent_at=now) for a in articles]
            + [
                SentAlert(saved_search=search, initiative=i, sent_at=now)
                for i in initiatives
            ]
        )
        search.last_sent_at = now
        search.save(update_fields=["last_sent_at"])
    return True


def send_alerts(frequency: str, *, now: datetime | None = None) -> int:
    """Every due search of this frequency; returns how many e-mails were sent.

    One search that cannot be sent (a refused address, a broken label) is logged and
    retried next time; it never keeps the others' alerts from going out.
    """
    now = now or timezone.now()
    sent = 0
    for pk in list(SavedSearch.objects.due(frequency).values_list("pk", flat=True)):
        try:
            sent += send_search(pk, now=now)
        except Exception:
            log.exception("Saved search #%s could not be sent; next tick retries.", pk)
    return sent


def one_line(text: str) -> str:
    """A header-safe label: line breaks would make Django refuse the subject."""
    return " ".join(text.split())


def save_search(user, query_data, *, frequency: str, label: str = "") -> SavedSearch:
    """Save (or update) the user's search for this filter state."""
    query = query_data.urlencode()
    if len(query) > QUERY_LIMIT:
        raise ValueError("This search is too long to save.")
    search, _created = SavedSearch.objects.update_or_create(
        user=user,
        query=query,
        defaults={
            "label": one_line(label)[:120] or label_for(query_data),
            "frequency": frequency,
            "is_active": True,
        },
    )
    return search
