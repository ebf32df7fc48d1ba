"""Warming (tracker/warm.py, manage.py warm_pages): the busiest pages are rendered
into the cache in each language before visitors ask, so a visitor's page is then
read from it; with each process's own memory cache the command says it cannot help."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ArticleFactory
from tracker import warm
from tracker.models import DistrictLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(geumcheon):
    for day in (3, 4):
        item = ArticleFactory(
            title=f"금천구 AI 센터 {day}",
            published_at=datetime(2025, 3, day, 9, tzinfo=ZoneInfo("Asia/Seoul")),
            scope="district",
        )
        DistrictLink.objects.create(
            article=item,
            district=geumcheon,
            role="primary",
            confidence=0.9,
            evidence=item.title,
            spans=[[0, 3]],
        )


def queries_for(client, path: str, language: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return len(queries)


def test_every_warmed_page_answers_in_each_language(articles, geumcheon):
    answers = list(warm.warm())

    assert {language for language, *_ in answers} == {"ko", "en"}
    assert all(status == 200 for _l, _p, status, _s in answers)
    paths = {path for _l, path, *_ in answers}
    assert {"/", "/?period=all", "/districts/", geumcheon.get_absolute_url()} <= paths


def test_a_visitor_after_warming_gets_the_overview_from_the_cache(articles, client):
    list(warm.warm(["en"]))

    warmed = queries_for(client, "/?period=all", "en")
    # Korean was not warmed: its page is counted and rendered afresh.
    cold = queries_for(client, "/?period=all", "ko")
    assert warmed <= 3 < cold


def test_the_command_says_a_memory_cache_cannot_be_warmed_for_the_server(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    out = StringIO()
    call_command("warm_pages", stdout=out)
    assert "Nothing to warm" in out.getvalue()


def test_the_command_warms_every_page_with_a_shared_cache(settings, articles):
    # Any cache the processes share (Redis in production; here one that keeps
    # nothing, which changes only what is kept).
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    }
    out, err = StringIO(), StringIO()
    call_command("warm_pages", "--language", "ko", stdout=out, stderr=err)
    pages = len(warm.paths())
    assert f"Warmed {pages} of {pages} pages" in out.getvalue()
    assert err.getvalue() == ""


def test_a_worker_warms_a_few_pages_saying_it_lives_and_stops_at_its_budget(
    geumcheon, monkeypatch
):
    closed = []
    # The worker closes its own connection after warming; the test's must stay open.
    monkeypatch.setattr(warm.connections, "close_all", lambda: closed.append(1))
    beats = []
    warm.warm_process(alive=lambda: beats.append(1), budget=60)
    # Five pages (overview, lists, districts, one district) in Korean and English.
    assert len(beats) == 10
    assert closed == [1]

    beats.clear()
    warm.warm_process(alive=lambda: beats.append(1), budget=0)
    assert beats == []
    assert closed == [1, 1]
