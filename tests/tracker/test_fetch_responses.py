"""A plain fetch against a real HTTP server on 127.0.0.1: the request it sends
(path and host encoded), the body it returns (decoded, within the size cap), what
each status code, a conditional request and a slow or absent server come to, and
which failures are worth retrying.

The server and fake resolver are in tests/tracker/fetching.py; the address guard
and redirects have modules of their own.
"""

from __future__ import annotations

import json
import socket
import time

import pytest

from tests.tracker.fetching import ETAG, LAST_MODIFIED, PAGE, FakeResolver, local
from tracker.ingest.fetch import FetchError, fetch

# --- a plain fetch ---------------------------------------------------------


def test_fetches_a_page(port):
    got = fetch(local(port, "/page"), allow_loopback=True)
    assert got.status == 200
    assert got.content == PAGE
    assert got.content_type == "text/html; charset=utf-8"
    assert got.url == got.final_url == local(port, "/page")
    assert not got.not_modified


def test_hangul_path_and_idn_host_are_encoded(port):
    resolver = FakeResolver({"xn--2e0boly69e.example": ["127.0.0.1"]})
    got = fetch(
        f"http://금천구.example:{port}/echo/기사?q=인공지능",
        allow_loopback=True,
        resolver=resolver,
    )
    seen = json.loads(got.content)
    assert seen["host"] == f"xn--2e0boly69e.example:{port}"
    assert seen["path"] == (
        "/echo/%EA%B8%B0%EC%82%AC?q=%EC%9D%B8%EA%B3%B5%EC%A7%80%EB%8A%A5"
    )


def test_space_in_path_is_encoded(port):
    got = fetch(local(port, "/echo/two words"), allow_loopback=True)
    assert json.loads(got.content)["path"] == "/echo/two%20words"


def test_gzip_body_is_decoded(port):
    got = fetch(local(port, "/gzip"), allow_loopback=True)
    assert got.content == PAGE


# --- size caps -------------------------------------------------------------


def test_declared_length_over_the_cap_is_refused(port):
    with pytest.raises(FetchError) as err:
        fetch(local(port, "/big-length"), allow_loopback=True, max_bytes=100_000)
    assert not err.value.retryable
    assert "300,000 bytes" in err.value.reason


def test_chunked_body_over_the_cap_is_refused(port):
    with pytest.raises(FetchError) as err:
        fetch(local(port, "/big-chunked"), allow_loopback=True, max_bytes=100_000)
    assert not err.value.retryable
    assert "larger than the limit" in err.value.reason


def test_body_under_the_cap_passes(port):
    got = fetch(local(port, "/big-chunked"), allow_loopback=True, max_bytes=400_000)
    assert len(got.content) == 20 * 16_384


def test_decompression_bomb_stops_at_the_cap(port):
    started = time.monotonic()
    with pytest.raises(FetchError) as err:
        fetch(local(port, "/gzip-bomb"), allow_loopback=True, max_bytes=1_000_000)
    assert not err.value.retryable
    assert "larger than the limit" in err.value.reason
    assert time.monotonic() - started < 1


# --- status codes ----------------------------------------------------------


def test_404_is_not_retryable(port):
    with pytest.raises(FetchError) as err:
        fetch(local(port, "/404"), allow_loopback=True)
    assert not err.value.retryable
    assert "404" in err.value.reason


def test_503_is_retryable_and_reports_retry_after(port):
    with pytest.raises(FetchError) as err:
        fetch(local(port, "/503"), allow_loopback=True)
    assert err.value.retryable
    assert "503" in err.value.reason
    assert "30" in err.value.reason


def test_429_is_retryable(port):
    with pytest.raises(FetchError) as err:
        fetch(local(port, "/429"), allow_loopback=True)
    assert err.value.retryable


def test_conditional_request_gives_not_modified(port):
    first = fetch(local(port, "/cached"), allow_loopback=True)
    assert first.etag == ETAG
    assert first.last_modified == LAST_MODIFIED

    again = fetch(local(port, "/cached"), allow_loopback=True, etag=first.etag)
    assert again.not_modified
    assert again.status == 304
    assert again.content == b""
    assert again.etag == ETAG

    by_date = fetch(
        local(port, "/cached"), allow_loopback=True, last_modified=LAST_MODIFIED
    )
    assert by_date.not_modified
    assert by_date.last_modified == LAST_MODIFIED


# --- slow and absent servers ----------------------------------------------


def test_slow_response_times_out_as_retryable(port):
    started = time.monotonic()
    with pytest.raises(FetchError) as err:
        fetch(local(port, "/slow"), allow_loopback=True, timeout=0.3)
    assert err.value.retryable
    assert "Timed out" in err.value.reason
    assert time.monotonic() - started < 1.2


def test_dripping_body_is_bounded_by_the_overall_deadline(port):
    # Each byte arrives well inside the read timeout; only the overall
    # deadline (three times the timeout) stops it.
    started = time.monotonic()
    with pytest.raises(FetchError) as err:
        fetch(local(port, "/drip"), allow_loopback=True, timeout=0.2)
    assert err.value.retryable
    assert time.monotonic() - started < 1.2


def test_connection_refused_is_retryable():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        free_port = sock.getsockname()[1]
    with pytest.raises(FetchError) as err:
        fetch(local(free_port, "/"), allow_loopback=True, timeout=1)
    assert err.value.retryable
