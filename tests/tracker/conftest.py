from pathlib import Path

import pytest

from tests.tracker.archive import write_archive


@pytest.fixture
def archive(tmp_path) -> Path:
    """tests/tracker/archive.py's ten pages, in a folder."""
    return write_archive(tmp_path)
