"""Fixtures for the Playwright tests: one headless Debian chromium per module.

Nothing here imports Playwright at collection time, so the suite still collects
on a machine without it; the test modules skip themselves instead.
"""

from pathlib import Path

import pytest

from tests.browser import CHROMIUM, chromium_missing

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if chromium_missing():
        pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium fonts-nanum)")
    # Playwright's sync API runs an asyncio loop in this thread; Django would otherwise
    # refuse the ORM calls the tests make next to it. Only while these tests run:
    # left set, it leaks into `manage.py check --deploy` (async.E001) in tests/test_settings.py.
    with (
        pytest.MonkeyPatch.context() as patch,
        sync_api.sync_playwright() as playwright,
    ):
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
