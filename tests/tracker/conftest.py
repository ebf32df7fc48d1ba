from pathlib import Path

import pytest

from tests.tracker.archive import write_archive


@pytest.fixture
def archive(tmp_path) -> Path:
    """tests/tracker/archive.py's ten pages, in a folder."""
    return write_archive(tmp_path)


# --- The fetch tests' server (test_fetch_*.py) ----------------------------------------


@pytest.fixture(scope="module")
def server():
    """The fetch tests' HTTP server on 127.0.0.1 (tests/tracker/fetching.py), one per
    module."""
    # Imported here, not above: fetching.py builds its 64 MiB gzip bomb on import,
    # which the other tracker tests need not wait for.
    from tests.tracker.fetching import Server, start, stop

    srv = Server()
    thread = start(srv)
    yield srv
    stop(srv, thread)


@pytest.fixture
def port(server):
    server.requests.clear()
    return server.server_address[1]
