from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

DEMO_DIR = Path(settings.BASE_DIR) / "demo" / "articles"


class Command(BaseCommand):
    help = "Ingest the demo articles we wrote (safe to re-run: copies are recognised)."

    def handle(self, *args, **options):
        call_command("ingest", str(DEMO_DIR), stdout=self.stdout, stderr=self.stderr)
