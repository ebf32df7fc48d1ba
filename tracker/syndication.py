"""Atom feeds of any filtered article list: /articles/feed/?district=gangseo&kind=...

The feed takes the list page's filters and lists the page's first rows in the page's
order, so a feed reader shows what the page shows. Entries are dated by publication
(`published`) and, for articles without a date of their own, `updated` says when we
stored them, since Atom requires one.
"""

from types import SimpleNamespace

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from tracker.describe import describe
from tracker.filters import ArticleFilter, clean_query
from tracker.models import Article, DistrictLink

FEED_LENGTH = 50
SUMMARY_CHARACTERS = 400


class ArticleFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request):
        return SimpleNamespace(
            filterset=ArticleFilter(request.GET, queryset=Article.objects.listable()),
            query=clean_query(request),
        )

    def title(self, obj) -> str:
        site = _("Seoul district AI-policy tracker")
        label = describe(obj.filterset)
        return f"{label} · {site}" if label else f"{_('Articles')} · {site}"

    def subtitle(self, obj) -> str:
        return _("New AI-policy articles matching these filters, newest first.")

    def link(self, obj) -> str:
        return _with_query(reverse("tracker:article-list"), obj.query)

    def feed_url(self, obj) -> str:
        return _with_query(reverse("tracker:article-feed"), obj.query)

    def items(self, obj):
        if not obj.filterset.is_valid():
            return []
        return obj.filterset.qs.for_listing()[:FEED_LENGTH]

    def item_title(self, item: Article) -> str:
        return item.title or _("(untitled)")

    def item_description(self, item: Article) -> str:
        # Atom's summary is typed html: the article's text goes in escaped.
        text = item.subtitle or next(iter(item.paragraphs), "")
        if len(text) > SUMMARY_CHARACTERS:
            text = text[:SUMMARY_CHARACTERS].rstrip() + "…"
        return escape(text)

    def item_pubdate(self, item: Article):
        return _seoul(item.published_at)

    def item_updateddate(self, item: Article):
        return _seoul(item.published_at or item.created_at)

    def item_author_name(self, item: Article) -> str | None:
        return item.author or item.publisher or None

    def item_categories(self, item: Article) -> list[str]:
        # The district links were prefetched by for_listing(); filter in Python.
        return [
            link.district.name
            for link in item.district_links.all()
            if link.role == DistrictLink.Role.PRIMARY
        ]


def _seoul(moment):
    """Dates read as the article printed them: Seoul time, +09:00."""
    return timezone.localtime(moment) if moment else None


def _with_query(url: str, query: str) -> str:
    return f"{url}?{query}" if query else url
