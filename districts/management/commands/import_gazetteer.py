from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from districts.importer import (
    BOUNDARIES_FILE,
    GAZETTEER_FILE,
    GazetteerError,
    import_boundaries,
    import_gazetteer,
    read_boundaries,
    read_gazetteer,
    sync_repo_aliases,
)


class Command(BaseCommand):
    help = (
        "Load Seoul's dongs as district aliases and the gu boundaries, from the files "
        "shipped in districts/data/ unless others are given (safe to re-run)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            type=Path,
            default=GAZETTEER_FILE,
            help="gazetteer JSON (default: the shipped districts/data/seoul_districts.json)",
        )
        parser.add_argument(
            "--boundaries",
            type=Path,
            default=BOUNDARIES_FILE,
            help="GeoJSON of the 25 gu with a 'code' property each "
            "(default: the shipped districts/data/seoul_gu.geojson)",
        )

    def handle(self, *args, path: Path, boundaries: Path, **options):
        try:
            entries = read_gazetteer(path)
            geometries = read_boundaries(boundaries)
            # All or nothing: a bad boundaries file leaves the dongs as they were too.
            with transaction.atomic():
                names = sync_repo_aliases()
                result = import_gazetteer(entries)
                shapes = import_boundaries(geometries)
        except GazetteerError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            "Names and landmarks kept in the repo: {} created, {} updated, "
            "{} unchanged.".format(*names)
        )
        self.stdout.write(
            f"Read {result.admin_dongs} administrative and {result.legal_dongs} legal dongs. "
            f"Aliases: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged."
        )
        self.stdout.write(
            f"Read {shapes.read} gu boundaries. Boundaries: {shapes.updated} stored, "
            f"{shapes.unchanged} unchanged."
        )
