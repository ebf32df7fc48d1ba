import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from districts.evaluation import score_links
from tracker.ingest.service import catalogue, kinds
from tracker.reading.evaluation import score_fields
from tracker.reading.extract import ExtractionError
from tracker.reading.initiative_scores import score_initiatives
from tracker.reading.pipeline import Hints, analyse


class Command(BaseCommand):
    help = "Score extraction, district linking and relevance against DIR/gold.json."

    def add_arguments(self, parser):
        parser.add_argument(
            "directory",
            type=Path,
            help="a folder with gold.json, e.g. ../shared/corpus",
        )
        parser.add_argument(
            "--json", dest="as_json", action="store_true", help="print one JSON object"
        )
        parser.add_argument(
            "--split",
            choices=("all", "dev", "holdout"),
            default="all",
            help="score all files, or only the development or the held-out part "
            "(held out: files numbered n with n % 5 == 3)",
        )
        parser.add_argument(
            "--urls",
            action="store_true",
            help="treat each file's gold `url` as where it was fetched from",
        )

    def handle(
        self,
        *args,
        directory: Path,
        as_json: bool = False,
        urls: bool = False,
        split: str = "all",
        **options,
    ):
        gold = [
            e for e in read_gold(directory) if split in ("all", split_of(e["file"]))
        ]
        entries, typology = catalogue(), kinds()
        analyses = {}
        for entry in gold:
            try:
                analyses[entry["file"]] = analyse(
                    (directory / entry["file"]).read_bytes(),
                    file_name=Path(entry["file"]).name,
                    # Off by default: a file on disk has no URL, and the seeds' `url`
                    # is only a page where the same text was found later.
                    hints=Hints(url=entry.get("url") or "") if urls else None,
                    max_bytes=settings.INGEST_MAX_BYTES,
                    catalogue=entries,
                    kinds=typology,
                )
            except (ExtractionError, OSError):
                analyses[entry["file"]] = None
        fields = score_fields(
            gold, {f: a.extracted if a else None for f, a in analyses.items()}
        )
        links = score_links(
            gold, {f: (a.links, a.is_relevant) for f, a in analyses.items() if a}
        )
        initiatives = score_initiatives(
            gold,
            {
                f: [m.name_ko for m in a.tagging.mentions]
                for f, a in analyses.items()
                if a
            },
        )
        report = {
            "files": len(gold),
            "split": split,
            "fields": fields["fields"],
            "districts_primary": links["districts_primary"],
            "districts_all": links["districts_all"],
            "relevance": links["relevance"],
            "initiatives": {k: v for k, v in initiatives.items() if k != "misses"},
            "disagreements": fields["disagreements"]
            + links["disagreements"]
            + initiatives["misses"],
        }
        if as_json:
            self.stdout.write(json.dumps(report, ensure_ascii=False, default=str))
        else:
            self.print_table(report)

    def print_table(self, report: dict) -> None:
        self.stdout.write(f"Files: {report['files']}\n")
        self.stdout.write(f"{'field':<12} accuracy")
        for name, share in report["fields"].items():
            self.stdout.write(f"{name:<12} {share:.3f}")
        self.stdout.write(f"\n{'links':<20} precision  recall  f1")
        for name in ("districts_primary", "districts_all", "relevance"):
            s = report[name]
            self.stdout.write(
                f"{name:<20} {s['precision']:.3f}      {s['recall']:.3f}   {s['f1']:.3f}"
            )
        i = report["initiatives"]
        self.stdout.write(
            f"\ninitiatives: recall {i['recall']} ({i['found']}/{i['labels']}); "
            f"Seoul AI-policy articles with one or more: "
            f"{i['policy_articles_with_initiative']}/{i['policy_articles']}; "
            f"reported on negative {i['reported_on_negative']}, "
            f"organisation-name-only {i['reported_on_org_name_only']}, "
            f"non-Seoul {i['reported_on_non_seoul']}"
        )
        self.stdout.write(f"\nDisagreements ({len(report['disagreements'])}):")
        for row in report["disagreements"]:
            self.stdout.write("  " + json.dumps(row, ensure_ascii=False, default=str))


def split_of(file: str) -> str:
    """`holdout` for files numbered n with n % 5 == 3 (kept apart while tuning)."""
    number = Path(file).name[:2]
    return "holdout" if number.isdigit() and int(number) % 5 == 3 else "dev"


def read_gold(directory: Path) -> list[dict]:
    path = directory / "gold.json"
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CommandError(f"No gold.json in {directory}.") from None
    except json.JSONDecodeError as error:
        raise CommandError(f"{path} is not valid JSON: {error}") from None
    if not isinstance(gold, list) or not all(
        isinstance(e, dict) and "file" in e for e in gold
    ):
        raise CommandError(f"{path} must be a list of objects with a 'file' each.")
    return gold
