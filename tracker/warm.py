"""The analysts' busiest pages rendered ahead of their first visitors.

After a deploy or a restart the cache is empty, and the first minute's visitors
would each wait while their page counts and renders (on a small machine, fifty at
once take seconds each). `manage.py warm_pages` asks for those pages the way a
browser would, in each language, so that their figures and rendered parts are in
the (shared) cache before gunicorn takes visitors. Run it after `migrate`. With
REQUIRE_LOGIN the pages are an analyst's, and their first visitors warm them.

Each new gunicorn worker also asks for a few pages itself before it takes visitors
(warm_process, gunicorn.conf.py): its first requests would otherwise compile every
template, load the translations and open its database connection while visitors
wait behind them.
"""

import time
from collections.abc import Callable, Iterator

from django.conf import settings
from django.db import connections
from django.test import Client  # in-process requests through every middleware
from django.urls import reverse

from districts.models import District
from tracker.periods import PERIODS


def paths() -> list[str]:
    home = reverse("tracker:home")
    return [
        home,
        *(f"{home}?period={key}" for key in PERIODS),
        reverse("districts:list"),
        reverse("tracker:article-list"),
        reverse("tracker:initiative-list"),
        reverse("tracker:initiative-matrix"),
        *(district.get_absolute_url() for district in District.objects.all()),
    ]


def warm(languages: list[str] | None = None) -> Iterator[tuple[str, str, int, float]]:
    """Ask for every page of paths() in every language: (language, path, status,
    seconds) as each answers. Nothing under REQUIRE_LOGIN."""
    if settings.REQUIRE_LOGIN:
        return
    client = visitor()
    for language in languages or [code for code, _name in settings.LANGUAGES]:
        for path in paths():
            started = time.monotonic()
            status = ask(client, path, language)
            yield language, path, status, time.monotonic() - started


def warm_process(alive: Callable[[], None] = lambda: None, budget: float = 20) -> None:
    """Ask this process for one page of each kind, in each language, so that its
    templates are compiled and its translations loaded before visitors come.
    `alive()` is called between pages (gunicorn's heartbeat); stops after `budget`
    seconds, so that a slow database never keeps a worker from starting."""
    deadline = time.monotonic() + budget
    try:
        few = [
            reverse("tracker:home"),
            reverse("tracker:article-list"),
            reverse("tracker:initiative-list"),
            reverse("districts:list"),
            *(d.get_absolute_url() for d in District.objects.order_by("pk")[:1]),
        ]
        client = visitor()
        for language, _name in settings.LANGUAGES:
            for path in few:
                if time.monotonic() > deadline:
                    return
                ask(client, path, language)
                alive()
    finally:
        # Worker threads open their own connections; this one is not needed again.
        connections.close_all()


def visitor() -> Client:
    # A page that fails is reported with its status, not raised: warming must never
    # keep the site from starting.
    return Client(HTTP_HOST=host(), raise_request_exception=False)


def ask(client: Client, path: str, language: str) -> int:
    """GET `path` as a browser set to `language` would (HTTPS in production); its
    status."""
    return client.get(
        path, HTTP_ACCEPT_LANGUAGE=language, secure=not settings.DEBUG
    ).status_code


def host() -> str:
    """A host name the site answers to (ALLOWED_HOSTS), for requests made here."""
    for name in settings.ALLOWED_HOSTS:
        if name != "*":
            return name.lstrip(".")
    return "localhost"
