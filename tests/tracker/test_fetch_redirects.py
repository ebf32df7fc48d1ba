"""Redirects against a real HTTP server on 127.0.0.1: a chain is followed to its end,
too many hops and loops stop, and every hop passes the address guard again (a
private address, a file: URL or a missing Location is refused).

The server and fake resolver are in tests/tracker/fetching.py.
"""

from __future__ import annotations

import json

import pytest

from tests.tracker.fetching import PAGE, FakeResolver, local
from tracker.ingest.fetch import FetchError, fetch

# --- redirects -------------------------------------------------------------


def test_follows_a_redirect_chain(port):
    got = fetch(local(port, "/redirect/3"), allow_loopback=True)
    assert got.content == PAGE
    assert got.url == local(port, "/redirect/3")
    assert got.final_url == local(port, "/page")


def test_too_many_redirects_are_refused(port, server):
    with pytest.raises(FetchError) as err:
        fetch(local(port, "/redirect/3"), allow_loopback=True, max_redirects=2)
    assert not err.value.retryable
    assert "more than 2 times" in err.value.reason
    assert "/page" not in server.requests


def test_redirect_loop_stops(port, server):
    with pytest.raises(FetchError):
        fetch(local(port, "/loop"), allow_loopback=True, max_redirects=5)
    assert server.requests == ["/loop"] * 6


def test_every_hop_is_resolved_again(port):
    resolver = FakeResolver({"news.example": ["127.0.0.1"]})
    got = fetch(local(port, "/to-news"), allow_loopback=True, resolver=resolver)
    assert json.loads(got.content)["host"] == f"news.example:{port}"
    assert resolver.calls == [("news.example", port)]
    assert got.final_url == f"http://news.example:{port}/echo"


def test_redirect_to_a_private_address_is_refused(port, server):
    resolver = FakeResolver(
        {"news.example": ["127.0.0.1"], "internal.example": ["10.0.0.5"]}
    )
    with pytest.raises(FetchError) as err:
        fetch(
            f"http://news.example:{port}/to-internal",
            allow_loopback=True,
            resolver=resolver,
        )
    assert not err.value.retryable
    assert "10.0.0.5" in err.value.reason
    assert "private" in err.value.reason
    assert resolver.calls == [("news.example", port), ("internal.example", 80)]


def test_redirect_to_a_file_url_is_refused(port):
    with pytest.raises(FetchError) as err:
        fetch(local(port, "/to-file"), allow_loopback=True)
    assert not err.value.retryable
    assert "only http and https" in err.value.reason


def test_redirect_without_location_is_an_error(port):
    with pytest.raises(FetchError) as err:
        fetch(local(port, "/no-location"), allow_loopback=True)
    assert not err.value.retryable
