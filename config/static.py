"""Collect static files when the production server would otherwise lack them.

With DEBUG off, pages name static files through the manifest collectstatic writes
(hashed names whitenoise serves for a year); without it every page fails. The
gunicorn config calls this before starting workers.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command

MANIFEST = "staticfiles.json"


def collect_if_stale(log: logging.Logger) -> bool:
    """Run collectstatic if the manifest is missing or older than a source file;
    True when it ran."""
    if settings.DEBUG:
        return False  # served from the sources, no manifest needed
    manifest = Path(settings.STATIC_ROOT) / MANIFEST
    if manifest.exists() and manifest.stat().st_mtime >= newest_source():
        return False
    log.info("Static files are not collected or are stale: running collectstatic")
    call_command("collectstatic", interactive=False, verbosity=0)
    return True


def newest_source() -> float:
    newest = 0.0
    for finder in get_finders():
        for path, storage in finder.list([]):
            newest = max(newest, storage.get_modified_time(path).timestamp())
    return newest
