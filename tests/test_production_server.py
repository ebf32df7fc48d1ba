"""The README's production route works on a fresh checkout: `gunicorn config.wsgi`.

What it proves: started from the repository root with DEBUG off and nothing
collected, gunicorn (through gunicorn.conf.py) collects the static files before its
threaded workers start, so a page answers 200 and the hashed stylesheet it names
is served; the workers are gthread ones.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode()


@pytest.fixture
def server(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "test-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(tmp_path / "static"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_THREADS": "2",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)  # the README's command sets nothing else
    log = open(tmp_path / "gunicorn.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            get(f"{base}/accounts/login/")
            break
        except OSError:
            time.sleep(0.3)
    yield base, tmp_path
    process.terminate()
    process.wait(timeout=20)
    log.close()


def test_gunicorn_collects_static_files_and_serves_pages_on_a_fresh_checkout(server):
    base, tmp_path = server

    status, page = get(f"{base}/accounts/login/")

    assert status == 200, (tmp_path / "gunicorn.log").read_text()
    assert (tmp_path / "static" / "staticfiles.json").exists()
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, page[:500]
    css_status, css = get(base + stylesheet.group(1))
    assert css_status == 200 and css
    assert "gthread" in (tmp_path / "gunicorn.log").read_text()
