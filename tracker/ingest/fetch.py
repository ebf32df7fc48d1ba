"""Fetch one URL from the public internet, and only from the public internet.

Feeds and article URLs come from people and from other sites' redirects, so a
fetch could be pointed at the database, the metadata service or a router.
Every hop is resolved once, every resolved address must be public, and the
connection goes to the address that was checked: a second DNS lookup by the
HTTP client could answer differently (DNS rebinding).
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from urllib3 import HTTPConnectionPool, HTTPSConnectionPool, Timeout
from urllib3 import exceptions as u3exc
from urllib3.response import BaseHTTPResponse

from tracker.ingest.addresses import check_address, ip_literal
from tracker.ingest.fetch_errors import FetchError, status_error, transport_error

__all__ = ["Fetched", "FetchError", "fetch"]

Resolver = Callable[[str, int], list[str]]

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
# Characters RFC 3986 allows unencoded in a path or query; everything else
# (Hangul in Korean news URLs, spaces) is percent-encoded before it goes on
# the request line.
_SAFE_URL_CHARS = "/?:@!$&'()*+,;=%-._~"
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.-_")


@dataclass
class Fetched:
    url: str
    final_url: str
    status: int
    content: bytes
    content_type: str
    etag: str = ""
    last_modified: str = ""
    not_modified: bool = False


def _default_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [info[4][0] for info in infos]


@dataclass
class _Target:
    url: str
    scheme: str
    host: str  # IDNA-encoded, lower case, no brackets
    port: int
    host_header: str
    request_target: str


def _parse(url: str) -> _Target:
    def bad(why: str) -> FetchError:
        return FetchError(
            f"가져올 수 없는 주소입니다 (Cannot fetch {url!r}: {why}).", retryable=False
        )

    # urlsplit silently drops tabs and line breaks; a URL carrying them is
    # refused rather than quietly turned into a different one.
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in url.strip()):
        raise bad("the URL contains control characters")
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise bad(f"the URL is malformed ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise bad("only http and https URLs can be fetched")
    if parts.username is not None or parts.password is not None:
        raise bad("URLs with a user name or password are not fetched")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise bad("the URL has no host")
    literal = ip_literal(host)
    if literal is not None:
        host = str(literal)
    else:
        try:
            host = host.encode("idna").decode("ascii").lower()
        except UnicodeError:
            raise bad("the host name is not a valid domain name") from None
        if not set(host) <= _HOST_CHARS:
            raise bad("the host name contains characters a domain cannot have")
    default_port = 443 if scheme == "https" else 80
    port = port or default_port
    shown_host = f"[{host}]" if ":" in host else host
    host_header = shown_host if port == default_port else f"{shown_host}:{port}"
    target = quote(parts.path or "/", safe=_SAFE_URL_CHARS)
    if parts.query:
        target += "?" + quote(parts.query, safe=_SAFE_URL_CHARS)
    return _Target(url, scheme, host, port, host_header, target)


def _resolve(target: _Target, resolver: Resolver, allow_loopback: bool) -> list[str]:
    literal = ip_literal(target.host)
    if literal is not None:
        addresses = [str(literal)]
    else:
        try:
            addresses = list(dict.fromkeys(resolver(target.host, target.port)))
        except socket.gaierror as exc:
            # EAI_NONAME means the name does not exist; anything else (no
            # answer, server failure) may clear up by itself.
            retry = exc.errno != socket.EAI_NONAME
            raise FetchError(
                f"호스트 이름을 찾지 못했습니다: 주소의 호스트 이름을 확인하세요 "
                f"(Could not resolve {target.host}: {exc.strerror or exc}. "
                "Check the host name in the URL.)",
                retryable=retry,
            ) from None
        except (OSError, UnicodeError) as exc:
            raise FetchError(
                f"호스트 이름을 찾지 못했습니다 (Could not resolve {target.host}: {exc}.)",
                retryable=True,
            ) from None
        if not addresses:
            raise FetchError(
                f"호스트에 주소가 없습니다: 호스트 이름을 확인하세요 "
                f"({target.host} has no addresses; check the host name.)",
                retryable=False,
            )
    # One bad address is enough to refuse: which of several addresses a
    # client would pick is not ours to predict.
    for address in addresses:
        why = check_address(address, allow_loopback=allow_loopback)
        if why:
            raise FetchError(
                "공개 인터넷 주소가 아니어서 가져오지 않았습니다 "
                f"(Refused to fetch {target.url}: {target.host} resolves to {why}; "
                "only public internet addresses are fetched.)",
                retryable=False,
            )
    return [a.split("%", 1)[0] for a in addresses]


def _pool(
    target: _Target, address: str, timeout: float
) -> HTTPConnectionPool | HTTPSConnectionPool:
    common = {
        "host": address,
        "port": target.port,
        "timeout": Timeout(connect=timeout, read=timeout),
        "retries": False,
        "maxsize": 1,
    }
    if target.scheme == "https":
        # The socket goes to the checked IP while TLS still speaks to, and
        # verifies the certificate of, the name in the URL.
        return HTTPSConnectionPool(
            **common,
            cert_reqs="CERT_REQUIRED",
            server_hostname=target.host,
            assert_hostname=target.host,
        )
    return HTTPConnectionPool(**common)


def _location(response: BaseHTTPResponse) -> str:
    location = response.headers.get("Location", "").strip()
    # Some Korean sites send raw UTF-8 in Location; http.client hands it over
    # decoded as Latin-1.
    try:
        return location.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return location


def _read_body(
    response: BaseHTTPResponse, url: str, max_bytes: int, deadline: float
) -> bytes:
    declared = response.headers.get("Content-Length", "").strip()
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(
            "페이지가 크기 한도를 넘습니다 "
            f"({url} is {int(declared):,} bytes, over the limit of {max_bytes:,}.)",
            retryable=False,
        )
    chunks: list[bytes] = []
    total = 0
    while True:
        # read1 returns after one socket read, so a server dripping bytes
        # cannot hold us past the deadline; its size counts decoded bytes, so
        # a gzip bomb stops at max_bytes too.
        if time.monotonic() > deadline:
            raise FetchError(
                "본문이 너무 느리게 도착해 시간이 초과되었습니다 "
                f"(Timed out fetching {url}; the body arrived too slowly.)",
                retryable=True,
            )
        chunk = response.read1(_CHUNK)
        if not chunk:
            break
        total += len(chunk)
        if total > max_bytes:
            raise FetchError(
                "페이지가 크기 한도를 넘습니다 "
                f"({url} is larger than the limit of {max_bytes:,} bytes.)",
                retryable=False,
            )
        chunks.append(chunk)
    return b"".join(chunks)


def fetch(
    url: str,
    *,
    timeout: float = 20,
    max_bytes: int = 10 * 1024 * 1024,
    allow_loopback: bool = False,
    etag: str = "",
    last_modified: str = "",
    max_redirects: int = 5,
    resolver: Resolver | None = None,
    user_agent: str = "SeoulAITracker/0.1",
) -> Fetched:
    """GET ``url`` through the address guard; raise FetchError when it fails.

    ``timeout`` bounds the connect and every read; the whole call, redirects
    included, is bounded by three times ``timeout``.
    ``allow_loopback`` exists for tests and local development only.
    """
    for name, value in (
        ("etag", etag),
        ("last_modified", last_modified),
        ("user_agent", user_agent),
    ):
        if "\r" in value or "\n" in value:
            raise ValueError(f"{name} must not contain line breaks")
    resolver = resolver or _default_resolver
    deadline = time.monotonic() + 3 * timeout
    headers = {
        "User-Agent": user_agent,
        "Accept": "*/*",
        # Only encodings urllib3 decodes without optional packages.
        "Accept-Encoding": "gzip, deflate",
    }
    # The validators came from the final URL of an earlier fetch, so they go
    # with every hop, not only the first.
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified

    current = url
    for _hop in range(max_redirects + 1):
        if time.monotonic() > deadline:
            raise FetchError(
                "리디렉션이 너무 오래 걸려 시간이 초과되었습니다 "
                f"(Timed out fetching {url}; its redirects took too long.)",
                retryable=True,
            )
        target = _parse(current)
        addresses = _resolve(target, resolver, allow_loopback)
        response = None
        pool = None
        try:
            for index, address in enumerate(addresses):
                pool = _pool(target, address, timeout)
                try:
                    response = pool.urlopen(
                        "GET",
                        target.request_target,
                        headers={"Host": target.host_header, **headers},
                        redirect=False,
                        retries=False,
                        preload_content=False,
                        decode_content=True,
                        assert_same_host=False,
                    )
                    break
                except (u3exc.NewConnectionError, u3exc.ConnectTimeoutError) as exc:
                    pool.close()
                    # Other checked addresses of the same host are fair to try
                    # when this one does not answer (IPv6 without a route).
                    if index == len(addresses) - 1 or time.monotonic() > deadline:
                        raise transport_error(current, exc) from None
                except (u3exc.HTTPError, OSError) as exc:
                    raise transport_error(current, exc) from None
            assert response is not None

            status = response.status
            if status in _REDIRECT_STATUSES:
                location = _location(response)
                if not location:
                    raise FetchError(
                        "리디렉션할 주소가 없습니다 "
                        f"({current} answered {status} without a Location header.)",
                        retryable=False,
                    )
                current = urljoin(current, location)
                continue
            if status == 304:
                return Fetched(
                    url=url,
                    final_url=current,
                    status=status,
                    content=b"",
                    content_type=response.headers.get("Content-Type", ""),
                    etag=response.headers.get("ETag", etag),
                    last_modified=response.headers.get("Last-Modified", last_modified),
                    not_modified=True,
                )
            if not 200 <= status < 300:
                raise status_error(current, response)
            try:
                content = _read_body(response, current, max_bytes, deadline)
            except (u3exc.HTTPError, OSError) as exc:
                raise transport_error(current, exc) from None
            return Fetched(
                url=url,
                final_url=current,
                status=status,
                content=content,
                content_type=response.headers.get("Content-Type", ""),
                etag=response.headers.get("ETag", ""),
                last_modified=response.headers.get("Last-Modified", ""),
            )
        finally:
            if response is not None:
                response.close()
            if pool is not None:
                pool.close()
    raise FetchError(
        "리디렉션이 너무 많습니다: 최종 주소를 넣으세요 "
        f"({url} redirected more than {max_redirects} times; "
        "use the final address instead.)",
        retryable=False,
    )
