import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from benchmarks.layouts import LAYOUTS, layout_docs, plain_docs
from districts.evaluation import score_links
from tracker.ingest.service import catalogue, kinds
from tracker.reading.compare import trafilatura_read
from tracker.reading.evaluation import score_fields
from tracker.reading.extract import ExtractionError
from tracker.reading.initiative_scores import score_initiatives
from tracker.reading.pipeline import Hints, analyse
from tracker.reading.scorecard import FIELDS, Doc, is_held_out, scorecard

RIVALS = {"trafilatura": trafilatura_read}


class Command(BaseCommand):
    help = (
        "Score extraction, district linking, relevance and initiative discovery "
        "against DIR/gold.json."
    )

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
            "--urls",
            action="store_true",
            help="treat each file's gold `url` as where it was fetched from",
        )
        parser.add_argument(
            "--compare",
            choices=sorted(RIVALS),
            help="also read every file with this extractor and print it beside ours",
        )
        parser.add_argument(
            "--layouts",
            nargs="?",
            const=",".join(LAYOUTS),
            metavar="NAMES",
            help="wrap each text in generated page layouts (all, or a comma list of "
            f"{', '.join(LAYOUTS)}) and print a table per layout",
        )

    def handle(
        self,
        *args,
        directory: Path,
        as_json: bool = False,
        urls: bool = False,
        compare: str | None = None,
        layouts: str | None = None,
        **options,
    ):
        gold = read_gold(directory)
        entries = (catalogue(), kinds())
        if layouts:
            self.handle_layouts(directory, gold, entries, layouts, compare, as_json)
            return
        docs = plain_docs(directory, gold)
        analyses = read_all(docs, entries, urls=urls)
        fields = score_fields(
            gold, {d.name: (a.extracted if a else None) for d, a in analyses}
        )
        links = score_links(
            gold, {d.name: (a.links, a.is_relevant) for d, a in analyses if a}
        )
        report = {
            "files": len(gold),
            "fields": fields["fields"],
            "districts_primary": links["districts_primary"],
            "districts_all": links["districts_all"],
            "relevance": links["relevance"],
            "disagreements": fields["disagreements"] + links["disagreements"],
        }
        report["readers"] = self.reader_tables(docs, dict(_named(analyses)), compare)
        report["initiatives"] = initiative_tables(gold, dict(_named(analyses)))
        # Field, body-bound, link and initiative disagreements, all files, ours only.
        report["disagreements"] = report["readers"]["all files"][
            "disagreements"
        ] + report["initiatives"]["all files"].pop("misses")
        for card in report["initiatives"].values():
            card.pop("misses", None)
        if as_json:
            self.stdout.write(json.dumps(report, ensure_ascii=False, default=str))
        else:
            self.print_table(report)

    # --- ours beside a rival, on all files and on the held-out ones ---

    def reader_tables(self, docs: list[Doc], analyses: dict, compare: str | None):
        """Scorecards for all files and, when the hold-out rule applies, its halves."""
        rival = read_rival(docs, compare) if compare else None
        groups = {"all files": docs}
        held = [d for d in docs if is_held_out(d.name)]
        if held:
            groups["tuned on"] = [d for d in docs if not is_held_out(d.name)]
            groups["held out"] = held
        tables = {}
        for label, subset in groups.items():
            names = {d.name for d in subset}
            tables[label] = scorecard(
                subset,
                {n: a for n, a in analyses.items() if n in names},
                {n: r for n, r in rival.items() if n in names} if rival else None,
            )
        return tables

    def print_table(self, report: dict) -> None:
        self.stdout.write(f"Files: {report['files']}\n")
        self.stdout.write(f"\n{'links':<20} precision  recall  f1")
        for name in ("districts_primary", "districts_all", "relevance"):
            s = report[name]
            self.stdout.write(
                f"{name:<20} {s['precision']:.3f}      {s['recall']:.3f}   {s['f1']:.3f}"
            )
        self.stdout.write("")
        self.print_cards(report["readers"])
        self.stdout.write("")
        for label, i in report["initiatives"].items():
            self.stdout.write(
                f"initiatives, {label}: recall {i['recall']} ({i['found']}/{i['labels']}); "
                f"Seoul AI-policy articles with one or more: "
                f"{i['policy_articles_with_initiative']}/{i['policy_articles']}; "
                f"reported on negative {i['reported_on_negative']}, "
                f"organisation-name-only {i['reported_on_org_name_only']}, "
                f"non-Seoul {i['reported_on_non_seoul']}"
            )
        self.stdout.write(f"\nDisagreements ({len(report['disagreements'])}):")
        for row in report["disagreements"]:
            self.stdout.write("  " + json.dumps(row, ensure_ascii=False, default=str))

    def print_cards(self, cards: dict, rival_name: str = "trafilatura") -> None:
        """One table: a column pair (ours, rival) for all files and the held-out."""
        shown = {k: v for k, v in cards.items() if k in ("all files", "held out")}
        first = shown["all files"]
        self.stdout.write(
            f"Date scored on the {first['dated_files']} of {first['files']} files whose "
            "label has the date on the page (published_source: text); body bounds as "
            "defined in tracker/reading/bounds.py."
        )
        columns = []
        for label, card in shown.items():
            columns.append((f"ours {label}", card, "ours"))
            if card["rival"]:
                columns.append((f"{rival_name} {label}", card, "rival"))
        self.stdout.write(f"{'field':<18}" + "".join(f"{c[0]:>24}" for c in columns))
        for field in FIELDS:
            cells = "".join(
                f"{_cell(card[who], field):>24}" for _, card, who in columns
            )
            self.stdout.write(f"{field:<18}{cells}")
        for name in ("districts_primary", "districts_all", "relevance"):
            cells = "".join(
                f"{'F1 ' + format(card[name]['f1'], '.3f'):>24}"
                if who == "ours"
                else f"{'':>24}"
                for _, card, who in columns
            )
            self.stdout.write(f"{name:<18}{cells}")
        cells = "".join(
            f"{len(card['chrome_links']):>24}" if who == "ours" else f"{'':>24}"
            for _, card, who in columns
        )
        self.stdout.write(f"{'links from chrome':<18}{cells}")

    # --- generated layouts ---

    def handle_layouts(self, directory, gold, entries, names, compare, as_json):
        chosen = [n.strip() for n in names.split(",") if n.strip()]
        unknown = set(chosen) - {"plain", *LAYOUTS}
        if unknown:
            raise CommandError(f"Unknown layouts: {', '.join(sorted(unknown))}.")
        report, found = {}, {}
        for layout in ["plain", *chosen]:
            if layout == "plain":
                docs = [d for d in plain_docs(directory, gold) if d.bounds]
            else:
                docs = layout_docs(directory, gold, layout)
            analyses = dict(_named(read_all(docs, entries)))
            report[layout] = self.reader_tables(docs, analyses, compare)
            # Discovery should not care what page the article came in.
            found[layout] = initiative_tables([d.gold for d in docs], analyses)[
                "all files"
            ]
            found[layout].pop("misses")
            report[layout]["initiatives"] = found[layout]
        if as_json:
            self.stdout.write(json.dumps(report, ensure_ascii=False, default=str))
            return
        for layout, cards in report.items():
            self.stdout.write(f"\n== layout: {layout} ==")
            initiatives = cards.pop("initiatives")
            self.print_cards(cards, compare or "")
            self.stdout.write(
                f"initiatives: recall {initiatives['recall']} "
                f"({initiatives['found']}/{initiatives['labels']}), reported on "
                f"negative/org-name/non-Seoul "
                f"{initiatives['reported_on_negative']}/"
                f"{initiatives['reported_on_org_name_only']}/"
                f"{initiatives['reported_on_non_seoul']}"
            )
            for row in cards["all files"]["chrome_links"]:
                self.stdout.write(
                    "  from chrome: " + json.dumps(row, ensure_ascii=False)
                )


def _cell(scores: dict, field: str) -> str:
    right, counted = scores["counts"][field]
    if not counted:
        return "-"
    return f"{right / counted:.3f} ({right}/{counted})"


def _named(pairs):
    return ((doc.name, analysis) for doc, analysis in pairs)


def initiative_tables(gold: list[dict], analyses: dict) -> dict:
    """Initiative scores for all files and, when the hold-out rule applies, its halves."""
    reported = {
        name: [m.name_ko for m in a.tagging.mentions]
        for name, a in analyses.items()
        if a is not None
    }
    groups = {"all files": gold}
    held = [e for e in gold if is_held_out(e["file"])]
    if held:
        groups["tuned on"] = [e for e in gold if not is_held_out(e["file"])]
        groups["held out"] = held
    return {label: score_initiatives(rows, reported) for label, rows in groups.items()}


def read_all(docs: list[Doc], entries, urls: bool = False):
    """Our reading of every doc: [(doc, Analysis or None)]; entries: (catalogue, kinds)."""
    catalogue_entries, typology = entries
    out = []
    for doc in docs:
        url = doc.url or (doc.gold.get("url") or "" if urls else "")
        try:
            analysis = analyse(
                doc.raw,
                file_name=doc.file_name,
                content_type=doc.content_type,
                # Off by default: a file on disk has no URL, and the seeds' `url`
                # is only a page where the same text was found later.
                hints=Hints(url=url) if url else None,
                max_bytes=settings.INGEST_MAX_BYTES,
                catalogue=catalogue_entries,
                kinds=typology,
            )
        except ExtractionError:
            analysis = None
        out.append((doc, analysis))
    return out


def read_rival(docs: list[Doc], name: str) -> dict:
    read = RIVALS[name]
    return {
        d.name: read(d.raw, file_name=d.file_name, content_type=d.content_type)
        for d in docs
    }


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
