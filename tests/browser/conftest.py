"""Fixtures for the Playwright tests: one headless Debian chromium per module, and a
line at the end of the run that says why browser tests were skipped and what to install.

Nothing here imports Playwright at collection time, so the suite still collects
on a machine without it; the test modules skip themselves instead.
"""

from pathlib import Path

import pytest

from tests.browser import (
    APT_INSTALL,
    CHROMIUM,
    KOREAN_FONTS,
    NO_CHROMIUM,
    NO_PLAYWRIGHT,
    PIP_INSTALL,
    chromium_missing,
    playwright_missing,
)

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
    sync_api = pytest.importorskip("playwright.sync_api", reason=NO_PLAYWRIGHT)
    if chromium_missing():
        pytest.skip(NO_CHROMIUM)
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


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """No unexplained skip: say how many browser tests did not run, and the command
    that installs what they need. Also warn when they ran without Korean fonts."""
    folder = Path(__file__).parent.relative_to(config.rootpath).as_posix() + "/"

    def ours(outcome: str) -> list:
        reports = terminalreporter.stats.get(outcome, [])
        return [r for r in reports if r.nodeid.startswith(folder)]

    skipped = ours("skipped")
    if skipped:
        needs = []
        if playwright_missing():
            needs.append(f"the playwright package: {PIP_INSTALL}")
        if chromium_missing():
            needs.append(f"chromium at {CHROMIUM} and Korean fonts: {APT_INSTALL}")
        terminalreporter.write_line(
            f"Browser tests skipped ({len(skipped)}). They need "
            + ("; ".join(needs) or "see the skip reasons with pytest -rs"),
            yellow=True,
        )
    elif ours("passed") and not KOREAN_FONTS.exists():
        terminalreporter.write_line(
            f"Browser screenshots have no Korean font ({KOREAN_FONTS} is missing): "
            f"{APT_INSTALL}",
            yellow=True,
        )
