"""A real HTTP server on 127.0.0.1 and a fake resolver, for the fetch tests
(test_fetch_responses.py, test_fetch_redirects.py, test_fetch_address_guard.py).

Every other address appears only through fake resolvers, and those cases are
refused before any connection is made, so nothing leaves the machine. The
`server` and `port` fixtures (tests/tracker/conftest.py) start one server per
test module.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import socket
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

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


def start(server):
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    return thread


def stop(server, thread):
    server.stopping.set()
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def local(port, path):
    return f"http://127.0.0.1:{port}{path}"
