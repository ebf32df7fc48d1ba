"""The address guard: fetch connects only to public internet addresses, to the very
IP it checked (sending the URL's host name), and refuses loopback, private and
reserved addresses, IP literals in any spelling and malformed URLs; over https the
certificate and SNI are for the name while the socket goes to the pinned IP.

A real HTTP (and HTTPS) server listens on 127.0.0.1 (tests/tracker/fetching.py).
Every other address appears only through fake resolvers, and those cases are
refused before any connection is made, so nothing leaves the machine.
"""

from __future__ import annotations

import json
import shutil
import socket
import ssl
import subprocess

import pytest

from tests.tracker.fetching import FakeResolver, Server, local, no_lookup, start, stop
from tracker.ingest.fetch import FetchError, fetch


@pytest.fixture
def news(port):
    """news.example pinned to the local server."""
    return FakeResolver({"news.example": ["127.0.0.1"]})


# --- the checked address is the one connected to --------------------------


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
    thread = start(srv)
    yield srv, cert, names
    stop(srv, thread)


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
