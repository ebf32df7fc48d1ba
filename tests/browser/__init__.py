"""Browser tests: Playwright (pip) driving Debian's chromium; skipped without them."""

import os
import shutil
from pathlib import Path

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))


def chromium_missing() -> bool:
    return not (CHROMIUM.exists() or shutil.which(str(CHROMIUM)))
