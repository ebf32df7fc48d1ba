"""Render the analysts' busiest pages into the cache before visitors ask for them.

manage.py warm_pages              # overview per period, lists, matrix, districts
manage.py warm_pages --language ko
"""

import logging

from django.conf import settings
from django.core.management.base import BaseCommand

from config.static import collect_if_stale
from tracker import figures, warm


class Command(BaseCommand):
    help = "Render the busiest pages into the cache ahead of their first visitors."

    def add_arguments(self, parser):
        parser.add_argument(
            "--language", action="append", help="only this language (repeatable)"
        )

    def handle(self, *args, language=None, **options):
        if "locmem" in settings.CACHES["default"]["BACKEND"].lower():
            # Each process keeps its own memory cache: gunicorn's would stay cold.
            self.stdout.write(
                "Nothing to warm: without REDIS_URL each server process has its "
                "own cache."
            )
            return
        try:
            self.warm(language, options["verbosity"])
        except Exception as error:  # noqa: BLE001 - warming must never stop a start
            self.stderr.write(
                f"Warming stopped: {error!r}; pages warm as they are read."
            )

    def warm(self, language, verbosity: int) -> None:
        # Run before gunicorn, which would collect them: pages need the manifest.
        collect_if_stale(logging.getLogger(__name__))
        # Pages cached by the code before a deploy are not served by this one.
        figures.changed()
        count = failed = 0
        total = 0.0
        for code, path, status, seconds in warm.warm(language):
            count += 1
            total += seconds
            if status != 200:
                failed += 1
                self.stderr.write(f"{code} {path}: answered {status}")
            elif verbosity > 1:
                self.stdout.write(f"{code} {path}: {seconds * 1000:.0f} ms")
        self.stdout.write(f"Warmed {count - failed} of {count} pages in {total:.1f} s.")
