from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from districts.importer import GazetteerError, import_gazetteer, read_gazetteer


class Command(BaseCommand):
    help = "Load dongs from a Seoul gazetteer JSON file as district aliases (safe to re-run)."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", type=Path, help="e.g. ../shared/data/seoul_districts.json"
        )

    def handle(self, *args, path: Path, **options):
        try:
            result = import_gazetteer(read_gazetteer(path))
        except GazetteerError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Read {result.admin_dongs} administrative and {result.legal_dongs} legal dongs. "
            f"Aliases: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged."
        )
