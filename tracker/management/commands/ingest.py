import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from tracker.ingest import service, understanding
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
    help = "Ingest article files (.html, .htm, .txt) and directories of them."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument(
            "--json",
            dest="as_json",
            action="store_true",
            help="print extracted records as JSON lines; store nothing",
        )

    def handle(self, *args, paths: list[Path], as_json: bool = False, **options):
        files, refused = collect(paths)
        if as_json:
            return self.print_json(files, refused)
        run = service.start_run(IngestRun.Origin.COMMAND, " ".join(map(str, paths)))
        for path, reason in refused:
            service.add_failed(run, IngestItem.Kind.FILE, str(path), reason)
        for number, path in enumerate(files, 1):
            item = self.add(run, path)
            if item.status == IngestItem.Status.PENDING:
                service.process_item(item.pk)
            self.progress(number, len(files))
        self.summarise(run)

    def add(self, run, path: Path) -> IngestItem:
        try:
            content = path.read_bytes()
        except OSError as error:
            return service.add_failed(
                run, IngestItem.Kind.FILE, str(path), f"읽을 수 없습니다: {error}"
            )
        return service.add_file(run, str(path), content)

    def progress(self, done: int, total: int) -> None:
        # self.stderr, not sys.stderr: call_command(stderr=...) must capture it.
        if not self.stderr.isatty() and done != total:
            return
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
