"""Browser tests: Playwright (pip) driving Debian's chromium; skipped without them,
with the command that installs what is missing (see conftest.py's summary line)."""

import importlib.util
import os
import shutil
from pathlib import Path

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
APT_INSTALL = "sudo apt-get install chromium fonts-nanum"
PIP_INSTALL = 'make install (or .venv/bin/pip install -e ".[dev]")'
KOREAN_FONTS = Path("/usr/share/fonts/truetype/nanum")
NO_CHROMIUM = f"no chromium at {CHROMIUM}; to run the browser tests: {APT_INSTALL}"
NO_PLAYWRIGHT = f"the playwright package is not installed; to install it: {PIP_INSTALL}"


def chromium_missing() -> bool:
    return not (CHROMIUM.exists() or shutil.which(str(CHROMIUM)))


def playwright_missing() -> bool:
    return importlib.util.find_spec("playwright") is None
