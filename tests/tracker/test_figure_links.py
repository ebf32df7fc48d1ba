"""The list behind each figure: links built by tracker.dashboard.articles_url."""

from datetime import date

from django.test import override_settings
from django.urls import clear_script_prefix, set_script_prefix

from tracker.dashboard import articles_url


def test_a_figures_link_carries_its_filters_and_drops_empty_ones():
    url = articles_url(kind="ai-cctv", published_after=date(2025, 1, 1), district="")
    assert url == "/articles/?kind=ai-cctv&published_after=2025-01-01"
    assert articles_url(district=None) == "/articles/"


def test_a_figures_link_follows_the_sites_script_prefix():
    # The list's path is remembered per prefix: a site served under /tracker/ (or
    # a request there) must not get the path reversed for another.
    assert articles_url(kind="x") == "/articles/?kind=x"
    set_script_prefix("/tracker/")
    try:
        assert articles_url(kind="x") == "/tracker/articles/?kind=x"
    finally:
        clear_script_prefix()
    assert articles_url(kind="x") == "/articles/?kind=x"


def test_a_figures_link_follows_the_sites_urlconf():
    assert articles_url(kind="x") == "/articles/?kind=x"  # remembered for this one
    with override_settings(ROOT_URLCONF="tests.tracker.urls_under_a_prefix"):
        assert articles_url(kind="x") == "/t/articles/?kind=x"
