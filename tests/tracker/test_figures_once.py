"""Cached figures (tracker/figures.py): a figure missing from the cache is computed
by one request while the others asking for it wait for that result; a cached
fragment never outlives a stored change."""

import threading
import time

from django.core.cache import cache
from django.template import Context, Template

from tracker import figures


def test_callers_arriving_while_a_figure_is_computed_wait_for_it():
    calls, results = [], []
    started = threading.Event()

    def compute():
        calls.append(1)
        started.set()
        time.sleep(0.3)
        return {"total": 42}

    def ask():
        results.append(figures.cached("slow", compute, "2025"))

    first = threading.Thread(target=ask)
    first.start()
    started.wait(5)
    others = [threading.Thread(target=ask) for _ in range(4)]
    for thread in others:
        thread.start()
    for thread in [first, *others]:
        thread.join(5)

    assert len(calls) == 1
    assert results == [{"total": 42}] * 5


def test_a_claim_left_by_a_crashed_computation_delays_but_does_not_block(monkeypatch):
    monkeypatch.setattr(figures, "WAIT_SECONDS", 0.2)
    cache.add("claim:figures:stuck", "token of a request that died", 60)

    assert figures.once("figures:stuck", lambda: 7) == 7


def test_no_address_a_visitor_chooses_can_take_another_figure_s_place(
    monkeypatch, recwarn
):
    monkeypatch.setattr(figures, "WAIT_SECONDS", 0.2)
    page = "/districts/gangnam/?period=1y"
    calls = []

    def compute():
        calls.append(1)
        return "counted"

    # A page whose address ends like a claim, asked for first...
    assert figures.cached("page", lambda: "other", page + ":computing") == "other"
    # ...neither blocks the real page nor keeps it from being cached.
    assert figures.cached("page", compute, page) == "counted"
    assert figures.cached("page", compute, page) == "counted"
    assert len(calls) == 1
    # A long or odd address is hashed into the key: no cache-key warnings.
    long_path = page + "&q=" + "가" * 400 + " \x01"
    assert figures.cached("page", lambda: "long", long_path) == "long"
    assert not [w for w in recwarn if "CacheKeyWarning" in type(w.message).__name__]


def test_none_is_a_figure_too():
    calls = []

    def compute():
        calls.append(1)

    assert figures.cached("nothing", compute) is None
    assert figures.cached("nothing", compute) is None
    assert len(calls) == 1


def test_a_cached_fragment_is_rendered_again_after_a_change_only():
    template = Template(
        "{% load figures_cache %}{% figures_cache box name %}[{{ count }}]"
        "{% endfigures_cache %}"
    )

    assert template.render(Context({"name": "a", "count": 1})) == "[1]"
    assert template.render(Context({"name": "a", "count": 2})) == "[1]"  # cached
    assert template.render(Context({"name": "b", "count": 2})) == "[2]"  # its parts

    figures._bump()  # what a committed change does
    assert template.render(Context({"name": "a", "count": 3})) == "[3]"


def test_a_fragment_counted_before_a_change_is_filed_under_the_older_version():
    template = Template(
        "{% load figures_cache %}{% figures_cache box %}[{{ count }}]"
        "{% endfigures_cache %}"
    )
    before = figures.version()
    figures._bump()  # committed while the view was counting

    rendered = template.render(Context({"figures_version": before, "count": 1}))
    assert rendered == "[1]"
    # Readers at the new version do not get the figures counted before the change.
    assert template.render(Context({"count": 2})) == "[2]"


def test_a_district_renamed_moves_the_figures_on(
    geumcheon, django_capture_on_commit_callbacks
):
    before = figures.version()
    with django_capture_on_commit_callbacks(execute=True):
        geumcheon.name_en = "Geumcheon District"
        geumcheon.save()
    assert figures.version() > before
