from django.core.management.base import BaseCommand
from django.utils import timezone

from tracker.health import check_sources, source_health


class Command(BaseCommand):
    help = "Flag failing or silent sources and e-mail their admins once (beat's twin)."

    def handle(self, *args, **options):
        now = timezone.now()
        notified = check_sources(now)
        for row in source_health(now):
            state = row.problem or "ok"
            self.stdout.write(
                f"{state:<8} {row.label}  {row.per_week:.1f}/week"
                f"  failures {row.failure_streak}"
            )
        self.stdout.write(f"{len(notified)} new incident(s) e-mailed")
