from django.core.management.base import BaseCommand
from django.utils import timezone

from tracker.alerts import send_alerts
from tracker.models import SavedSearch


class Command(BaseCommand):
    help = "E-mail saved searches their new matches (the beat task's twin)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--frequency",
            choices=SavedSearch.Frequency.values,
            default=SavedSearch.Frequency.INSTANT,
        )

    def handle(self, *args, frequency, **options):
        sent = send_alerts(frequency, now=timezone.now())
        self.stdout.write(f"{sent} e-mail(s) sent for {frequency} searches")
