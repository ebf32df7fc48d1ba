"""The URL guard against a real HTTP server on 127.0.0.1.

Every other address appears only through fake resolvers, and those cases are
refused before any connection is made, so nothing leaves the machine.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import shutil
import socket
import ssl
import subprocess
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tracker.ingest.fetch import FetchError, fetch

PAGE = "<html><body><p>금천구, G밸리 AI 혁신센터 문 열어</p></body></html>".encode()
ETAG = '"v1"'
LAST_MODIFIED = "Mon, 03 Nov 2025 00:00:00 GMT"


def _gzip_bomb(decoded_size: int) -> bytes:
    # Built chunk by chunk so the test itself never holds the decoded size.
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\0" * (1024 * 1024)
    parts = [compressor.compress(block) for _ in range(decoded_size // len(block))]
    parts.append(compressor.flush())
    return b"".join(parts)


GZIP_BOMB = _gzip_bomb(64 * 1024 * 1024)


class FakeResolver:
    """Maps names to addresses and remembers every lookup."""

    def __init__(self, mapping: dict[str, list[str]]) -> None:
        self.mapping = mapping
        self.calls: list[tuple[str, int]] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.calls.append((host, port))
        if host not in self.mapping:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return self.mapping[host]


def no_lookup(host: str, port: int) -> list[str]:
    raise AssertionError(f"resolver must not be asked about {host}")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Bounds how long a handler thread waits for a request line.
    timeout = 5

    def log_message(self, format, *args):
        pass

    def _send(self, status, body=b"", headers=None, content_type="text/html"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        # The size-cap tests close the connection early on purpose.
        with contextlib.suppress(OSError):
            self.wfile.write(body)

    def _redirect(self, location, status=302):
        self._send(status, headers={"Location": location})

    def do_GET(self):
        server = self.server
        server.requests.append(self.path)
        path = self.path
        port = server.server_address[1]
        if path == "/page":
            self._send(200, PAGE, content_type="text/html; charset=utf-8")
        elif path == "/cached":
            if (
                self.headers.get("If-None-Match") == ETAG
                or self.headers.get("If-Modified-Since") == LAST_MODIFIED
            ):
                self.send_response(304)
                self.send_header("ETag", ETAG)
                self.send_header("Connection", "close")
                self.end_headers()
            else:
                self._send(200, PAGE, {"ETag": ETAG, "Last-Modified": LAST_MODIFIED})
        elif path.startswith("/redirect/"):
            left = int(path.rsplit("/", 1)[1])
            self._redirect(f"/redirect/{left - 1}" if left > 1 else "/page")
        elif path == "/loop":
            self._redirect("/loop")
        elif path == "/to-internal":
            self._redirect("http://internal.example/admin")
        elif path == "/to-file":
            self._redirect("file:///etc/passwd")
        elif path == "/to-news":
            self._redirect(f"http://news.example:{port}/echo", status=301)
        elif path == "/no-location":
            self._send(302)
        elif path.startswith("/echo"):
            seen = {
                "host": self.headers.get("Host"),
                "path": path,
                "user_agent": self.headers.get("User-Agent"),
            }
            self._send(200, json.dumps(seen).encode(), content_type="application/json")
        elif path == "/big-length":
            self._send(200, b"x" * 300_000)
        elif path == "/big-chunked":
            self._chunked(b"y" * 16_384, count=20)
        elif path == "/gzip":
            self._send(200, gzip.compress(PAGE), {"Content-Encoding": "gzip"})
        elif path == "/gzip-bomb":
            self._send(200, GZIP_BOMB, {"Content-Encoding": "gzip"})
        elif path == "/404":
            self._send(404, b"not here")
        elif path == "/503":
            self._send(503, b"busy", {"Retry-After": "30"})
        elif path == "/429":
            self._send(429, b"slow down")
        elif path == "/slow":
            server.stopping.wait(1.5)
            self._send(200, PAGE)
        elif path == "/drip":
            self._drip(40)
        else:
            self._send(500, b"unknown test path")

    def _chunked(self, piece, count):
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            for _ in range(count):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.write(b"0\r\n\r\n")
        except OSError:
            pass

    def _drip(self, size):
        self.send_response(200)
        self.send_header("Content-Length", str(size))
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            for _ in range(size):
                if self.server.stopping.wait(0.05):
                    return
                self.wfile.write(b"z")
                self.wfile.flush()
        except OSError:
            pass


class Server(ThreadingHTTPServer):
    # Handler threads are joined at teardown, so none outlives the tests.
    daemon_threads = False
    block_on_close = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: list[str] = []
        self.stopping = threading.Event()


def _start(server):
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    return thread


def _stop(server, thread):
    server.stopping.set()
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def server():
    srv = Server()
    thread = _start(srv)
    yield srv
    _stop(srv, thread)


@pytest.fixture
def port(server):
    server.requests.clear()
    return server.server_address[1]


@pytest.fixture
def news(port):
    """news.example pinned to the local server."""
    return FakeResolver({"news.example": ["127.0.0.1"]})


def local(port, path):
    return f"http://127.0.0.1:{port}{path}"


# --- a plain fetch ---------------------------------------------------------


def test_fetches_a_page(port):
    got = fetch(local(port, "/page"), allow_loopback=True)
    assert got.status == 200
    assert got.content == PAGE
    assert got.content_type == "text/html; charset=utf-8"
    assert got.url == got.final_url == local(port, "/page")
    assert not got.not_modified


def test_connects_to_the_validated_ip_and_sends_the_original_host(
    port, news, monkeypatch
):
    looked_up = []
    real_getaddrinfo = socket.getaddrinfo

    def spy(host, *args, **kwargs):
        looked_up.append(host)
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", spy)
    got = fetch(f"http://news.example:{port}/echo", allow_loopback=True, resolver=news)
    seen = json.loads(got.content)
    assert seen["host"] == f"news.example:{port}"
    assert seen["user_agent"] == "SeoulAITracker/0.1"
    assert news.calls == [("news.example", port)]
    # The HTTP client was handed the IP, so no second lookup of the name.
    assert "news.example" not in looked_up


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


# --- the address guard -----------------------------------------------------


def test_loopback_is_refused_unless_allowed(port, server):
    with pytest.raises(FetchError) as err:
        fetch(local(port, "/page"))
    assert not err.value.retryable
    assert "loopback" in err.value.reason
    assert server.requests == []


def test_localhost_name_is_refused_with_the_system_resolver(port, server):
    with pytest.raises(FetchError) as err:
        fetch(f"http://localhost:{port}/page")
    assert not err.value.retryable
    assert server.requests == []


@pytest.mark.parametrize(
    "address",
    [
        "10.0.0.5",
        "172.16.3.4",
        "192.168.0.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "127.0.0.1",
        "::1",
        "fd12:3456::1",
        "fe80::1%eth0",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "64:ff9b::a9fe:a9fe",
        "ff02::1",
    ],
)
def test_non_public_addresses_are_refused(address):
    resolver = FakeResolver({"sneaky.example": [address]})
    with pytest.raises(FetchError) as err:
        fetch("http://sneaky.example/", resolver=resolver)
    assert not err.value.retryable
    assert "only public internet addresses" in err.value.reason


def test_one_private_address_among_public_ones_is_enough_to_refuse():
    resolver = FakeResolver({"mixed.example": ["93.184.215.14", "10.1.2.3"]})
    with pytest.raises(FetchError) as err:
        fetch("http://mixed.example/", resolver=resolver)
    assert "10.1.2.3" in err.value.reason


def test_loopback_allowance_does_not_open_private_ranges():
    resolver = FakeResolver({"sneaky.example": ["192.168.1.1"]})
    with pytest.raises(FetchError):
        fetch("http://sneaky.example/", allow_loopback=True, resolver=resolver)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://127.1/",
        "http://2130706433/",
        "http://0x7f.1/",
        "http://0177.0.0.1/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
        "http://169.254.169.254/latest/meta-data/",
        "https://10.0.0.1/",
    ],
)
def test_ip_literal_hosts_are_checked_without_a_lookup(url):
    with pytest.raises(FetchError) as err:
        fetch(url, resolver=no_lookup)
    assert not err.value.retryable
    assert "only public internet addresses" in err.value.reason


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://news.example/feed.xml",
        "javascript:alert(1)",
        "data:text/html,<p>hi</p>",
        "gopher://news.example/",
        "news.example/page",
        "//news.example/page",
        "http:///page",
        "http://user:secret@news.example/",
        "http://news.example:99999/",
        "http://news .example/",
        "http://news.example/\r\nX-Injected: 1",
    ],
)
def test_bad_urls_are_refused_before_any_lookup(url):
    with pytest.raises(FetchError) as err:
        fetch(url, resolver=no_lookup)
    assert not err.value.retryable


def test_unknown_host_is_not_retryable():
    with pytest.raises(FetchError) as err:
        fetch("http://nowhere.example/", resolver=FakeResolver({}))
    assert not err.value.retryable
    assert "Could not resolve nowhere.example" in err.value.reason


# --- https: certificate and SNI for the name, socket to the pinned IP ------


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "ec",
            "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", str(key), "-out", str(cert), "-days", "2",
            "-subj", "/CN=news.example",
            "-addext", "subjectAltName=DNS:news.example",
        ],
        check=True,
        capture_output=True,
        timeout=30,
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    names: list[str | None] = []
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    srv = Server()
    srv.socket = context.wrap_socket(srv.socket, server_side=True)
    thread = _start(srv)
    yield srv, cert, names
    _stop(srv, thread)


def test_https_verifies_the_url_host_while_connecting_to_the_pinned_ip(
    tls_server, monkeypatch
):
    srv, cert, names = tls_server
    names.clear()
    # Trust the test certificate the way a system CA bundle would be trusted.
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    port = srv.server_address[1]
    resolver = FakeResolver({"news.example": ["127.0.0.1"]})
    got = fetch(
        f"https://news.example:{port}/echo", allow_loopback=True, resolver=resolver
    )
    assert json.loads(got.content)["host"] == f"news.example:{port}"
    assert names == ["news.example"]


def test_https_certificate_for_another_name_is_refused(tls_server, monkeypatch):
    srv, cert, names = tls_server
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    port = srv.server_address[1]
    resolver = FakeResolver({"other.example": ["127.0.0.1"]})
    with pytest.raises(FetchError) as err:
        fetch(
            f"https://other.example:{port}/echo",
            allow_loopback=True,
            resolver=resolver,
        )
    assert not err.value.retryable
    assert "TLS" in err.value.reason


def test_https_untrusted_certificate_is_refused(tls_server, monkeypatch, tmp_path):
    srv, _cert, _names = tls_server
    empty = tmp_path / "empty.pem"
    empty.write_text("")
    monkeypatch.setenv("SSL_CERT_FILE", str(empty))
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path))
    port = srv.server_address[1]
    resolver = FakeResolver({"news.example": ["127.0.0.1"]})
    with pytest.raises(FetchError) as err:
        fetch(
            f"https://news.example:{port}/echo",
            allow_loopback=True,
            resolver=resolver,
        )
    assert not err.value.retryable
