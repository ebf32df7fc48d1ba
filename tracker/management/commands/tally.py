"""Kept counts (tracker/models/tally.py): recount what writes noted, rebuild them all,
or check them against a fresh count.

    manage.py tally            # recount the days writes noted since the last read
    manage.py tally --rebuild  # recount every day, and set stale initiative links'
                               # timeline dates again (after a restore or a bulk load)
    manage.py tally --check    # compare with a fresh count, and the timeline dates
                               # with their articles'; exit 1 on a difference
"""

from django.core.management.base import BaseCommand, CommandError

from tracker import tally, timeline
from tracker.models import Tally


class Command(BaseCommand):
    help = "Recount, rebuild or check the kept counts of articles per day."

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--rebuild", action="store_true", help="recount every day")
        action.add_argument(
            "--check", action="store_true", help="compare with a fresh count"
        )

    def handle(self, *args, rebuild=False, check=False, **options):
        if rebuild:
            Tally.objects.rebuild()
            links = timeline.keep_dates_again()
            self.stdout.write(
                f"Rebuilt {Tally.objects.count():,} kept counts and set again the"
                f" timeline dates of {links:,} stale initiative links."
            )
        elif check:
            wrong = tally.differences()
            for dimension, key, day, kept, fresh in wrong[:20]:
                self.stdout.write(
                    f"{dimension} {key} {day}: kept {kept}, fresh {fresh}"
                )
            stale = timeline.stale_dates()
            if wrong or stale:
                raise CommandError(
                    f"{len(wrong)} kept counts differ from a fresh count and"
                    f" {stale} initiative tags' timeline dates from their articles';"
                    " run `manage.py tally --rebuild`."
                )
            self.stdout.write(
                "Kept counts equal a fresh count, and timeline dates their articles'."
            )
        else:
            days = Tally.objects.refresh()
            self.stdout.write(f"Recounted {days} day(s).")
