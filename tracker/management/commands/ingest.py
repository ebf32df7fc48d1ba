import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from tracker.ingest import backfill, service, understanding
from tracker.ingest.upkeep import Upkeep
from tracker.models import IngestItem, IngestRun
from tracker.reading.extract import ExtractionError
from tracker.reading.pipeline import analyse

SUFFIXES = {".html", ".htm", ".txt"}


def collect(paths: list[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Files to read (directories walked recursively) and paths refused with a reason."""
    files, refused = [], []
    for path in paths:
        if path.is_dir():
            files += sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUFFIXES
            )
        elif not path.exists():
            refused.append((path, "없는 경로입니다 (no such file or directory)."))
        elif path.suffix.lower() not in SUFFIXES:
            refused.append(
                (
                    path,
                    f"지원하지 않는 형식입니다 (only {', '.join(sorted(SUFFIXES))}).",
                )
            )
        else:
            files.append(path)
    return files, refused


class Command(BaseCommand):
    help = (
        "Ingest article files (.html, .htm, .txt) and directories of them, "
        "in one or several worker processes."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument(
            "--json",
            dest="as_json",
            action="store_true",
            help="print extracted records as JSON lines; store nothing",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="worker processes sharing the files, each stored once (more than "
            "one needs PostgreSQL)",
        )

    def handle(
        self,
        *args,
        paths: list[Path],
        as_json: bool = False,
        workers: int = 1,
        **options,
    ):
        if workers < 1:
            raise CommandError("--workers must be 1 or more.")
        if workers > 1 and connection.vendor != "postgresql":
            raise CommandError(
                "--workers above 1 needs PostgreSQL: SQLite takes one writer at a time."
            )
        files, refused = collect(paths)
        if as_json:
            return self.print_json(files, refused)
        run = service.start_run(IngestRun.Origin.COMMAND, " ".join(map(str, paths)))
        for path, reason in refused:
            service.add_failed(run, IngestItem.Kind.FILE, str(path), reason)
        waiting = backfill.add_files(run, files)
        done = len(files) - waiting  # those that failed before any reading
        upkeep = Upkeep()

        def one_more() -> None:
            nonlocal done
            done += 1
            self.progress(done, len(files))
            upkeep.after(done)

        if workers == 1:
            backfill.drain(run.pk, hold=True, on_item=one_more)
        else:
            items = IngestItem.objects.filter(run=run).pending()

            def report() -> None:
                finished = len(files) - items.count()
                self.progress(finished, len(files))
                upkeep.after(finished)

            codes = backfill.in_processes(run.pk, workers, on_progress=report)
            for code in codes:
                if code:  # its items are finished below; the reason is in the log
                    self.stderr.write(f"A worker process ended with exit code {code}.")
        backfill.finish_leftovers(run.pk)
        self.progress(len(files), len(files))
        self.summarise(run)

    def progress(self, done: int, total: int) -> None:
        # self.stderr, not sys.stderr: call_command(stderr=...) must capture it.
        if not total or (not self.stderr.isatty() and done != total):
            return
        if done == getattr(self, "shown", None):
            return  # the bar already says so (workers report once a second)
        self.shown = done
        width = 30
        filled = width * done // total
        bar = f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
        ending = "\n" if done == total else ""
        self.stderr.write(bar, style_func=str, ending=ending)  # not in error red
        self.stderr.flush()

    def summarise(self, run: IngestRun) -> None:
        counts = IngestRun.objects.with_counts().get(pk=run.pk)
        self.stdout.write(
            f"Run #{run.pk}: {counts.n_created} created, {counts.n_duplicate} duplicates, "
            f"{counts.n_failed} failed."
        )
        for item in run.items.filter(status=IngestItem.Status.DUPLICATE):
            self.stdout.write(f"  duplicate  {item.locator}: {item.error}")
        for item in run.items.filter(status=IngestItem.Status.FAILED):
            self.stdout.write(
                self.style.ERROR(f"  failed     {item.locator}: {item.error}")
            )

    def print_json(self, files: list[Path], refused) -> None:
        entries, typology = understanding.catalogue(), understanding.kinds()
        for path, reason in refused:
            self.stdout.write(json_line({"file": str(path), "error": reason}))
        for path in files:
            try:
                analysis = analyse(
                    path.read_bytes(),
                    file_name=path.name,
                    max_bytes=settings.INGEST_MAX_BYTES,
                    catalogue=entries,
                    kinds=typology,
                )
            except (ExtractionError, OSError) as error:
                self.stdout.write(json_line({"file": str(path), "error": str(error)}))
                continue
            self.stdout.write(json_line(record(path, analysis)))


def record(path: Path, analysis) -> dict:
    extracted = analysis.extracted
    return {
        "file": str(path),
        "title": analysis.title,
        "subtitle": extracted.subtitle,
        "published_at": analysis.published_at.isoformat()
        if analysis.published_at
        else None,
        "date_source": analysis.date_source or None,
        "publisher": extracted.publisher,
        "author": extracted.author,
        "author_email": extracted.author_email,
        "canonical_url": extracted.canonical_url,
        "encoding": extracted.encoding,
        "paragraphs": extracted.paragraphs,
        "captions": extracted.captions,
        "scope": analysis.links.scope,
        "districts": [
            {
                "district": m.slug,
                "role": m.role,
                "mentions": m.mentions,
                "confidence": m.confidence,
            }
            for m in analysis.links.matches
        ],
        # Every initiative the article reports, catalogue or not (status says which).
        "initiatives": [mention.as_json() for mention in analysis.tagging.mentions],
        "is_relevant": analysis.is_relevant,
        "relevance": analysis.relevance,
    }


def json_line(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False)
