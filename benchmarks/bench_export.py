"""How the article CSV and Excel exports scale: rows/s against COPY, first byte, memory.

PostgreSQL, a throwaway database of N articles built with pages_data.py's generator
(skewed districts, initiative links, hidden articles), kept for later runs:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres DEBUG=1 \\
        .venv/bin/python benchmarks/bench_export.py --articles 1000000 \\
        --sizes 100000 1000000 --database tracker_export_bench --keep
    # time again without rebuilding (a reused database is never dropped:
    # `dropdb -h 127.0.0.1 -U postgres tracker_export_bench` when done):
    ... bench_export.py --reuse --database tracker_export_bench --sizes 100000
    # the Excel export at 100,000 rows:
    ... bench_export.py --reuse --database tracker_export_bench --format xlsx

For each size the article export streams as a client reads it: the generator the
view uses (`--query`: the list's filters, as in /articles/export.csv?..., cut to
the size with LIMIT), chunk by chunk. In the same run and on the same connection,
`COPY (<the export's own SELECT>) TO STDOUT WITH CSV` reads the same rows (with the
export's planner settings), so the two rates share the machine's load. Runs
alternate which goes first; figures are medians. Per size it prints CSV rows/s,
COPY rows/s and their ratio, the time to the first byte (BOM and header) and to the
first rows, and the process's peak resident memory during the export (VmHWM, reset
just before): flat across sizes means the export streams. `--view` adds the whole
export through Django's test client (/articles/export.csv?<query>, all its rows).
In xlsx mode it streams the workbook as the view does and prints rows/s, the time
to its first byte (the workbook's fixed parts, before a row is read) and to its
first rows, and peak memory.

Exports take their turns (tracker/throttle.py) among this process's own, so other
processes' exports on the machine never queue them.

Other databases (SQLite by default) keep the small self-contained run: a throwaway
test database, synthetic articles with one district and one initiative link each.

The last line is one JSON object with every figure. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")
# Export turns of its own: the machine's (tracker/throttle.py) would queue this
# export behind other processes' and time the wait, not the export.
SLOTS = tempfile.TemporaryDirectory(prefix="bench-export-slots-")
os.environ.setdefault("EXPORT_SLOTS_DIR", SLOTS.name)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import translation  # noqa: E402

from benchmarks.export_measure import (  # noqa: E402
    articles,
    copy_csv,
    export_csv,
    export_view,
    export_xlsx,
)
from districts.models import District  # noqa: E402
from tracker.models import (  # noqa: E402
    Article,
    DistrictLink,
    Initiative,
    InitiativeLink,
    RawDocument,
    Tally,
)


def median(runs: list[dict], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def rate(run: dict) -> float:
    return run["rows"] / run["seconds"] if run["seconds"] else 0.0


def warm_up(query: str) -> None:
    """One small export first: URL patterns, translations and imports load once."""
    export_csv(articles(query, 10))


def alternately(runs: int, export, queryset) -> tuple[list, list]:
    """`runs` timings of `export()` and of COPY of `queryset`, taking turns at going
    first so that neither always finds the caches warm."""
    apps, copies = [], []
    for n in range(runs):
        if n % 2:
            copies.append(copy_csv(queryset))
        apps.append(export())
        if not n % 2:
            copies.append(copy_csv(queryset))
    return apps, copies


def csv_figures(query: str, size: int, runs: int) -> dict:
    queryset = articles(query, size)
    apps, copies = alternately(runs, lambda: export_csv(queryset), queryset)
    csv_rate = statistics.median(rate(run) for run in apps)
    copy_rate = statistics.median(rate(run) for run in copies)
    return {
        "size": size,
        "rows": apps[0]["rows"],
        "copy_rows": copies[0]["rows"],
        "csv_rows_per_s": round(csv_rate),
        "copy_rows_per_s": round(copy_rate),
        "ratio": round(csv_rate / copy_rate, 2) if copy_rate else None,
        "first_byte_ms": round(median(apps, "first_byte_ms"), 2),
        "first_rows_ms": round(median(apps, "first_rows_ms"), 1),
        "peak_rss_mb": round(max(run["rss_peak_kb"] for run in apps) / 1024, 1),
        "rss_before_mb": round(median(apps, "rss_before_kb") / 1024, 1),
        "csv_mb": round(apps[0]["bytes"] / 2**20, 1),
        "copy_mb": round(copies[0]["bytes"] / 2**20, 1),
        "runs": runs,
    }


def view_figures(query: str, runs: int) -> dict:
    queryset = articles(query)
    apps, copies = alternately(runs, lambda: export_view(query), queryset)
    csv_rate = statistics.median(rate(run) for run in apps)
    copy_rate = statistics.median(rate(run) for run in copies)
    return {
        "url": "/articles/export.csv?" + query,
        "rows": apps[0]["rows"],
        "csv_rows_per_s": round(csv_rate),
        "copy_rows_per_s": round(copy_rate),
        "ratio": round(csv_rate / copy_rate, 2) if copy_rate else None,
        "first_byte_ms": round(median(apps, "first_byte_ms"), 1),
        "first_rows_ms": round(median(apps, "first_rows_ms"), 1),
        "peak_rss_mb": round(max(run["rss_peak_kb"] for run in apps) / 1024, 1),
        "runs": runs,
    }


def xlsx_figures(query: str, size: int, runs: int) -> dict:
    queryset = articles(query, size)
    timed = [export_xlsx(queryset) for _ in range(runs)]
    return {
        "size": size,
        "rows": timed[0]["rows"],
        "xlsx_rows_per_s": round(statistics.median(rate(run) for run in timed)),
        "first_byte_ms": round(median(timed, "first_byte_ms"), 2),
        "first_rows_ms": round(median(timed, "first_rows_ms"), 1),
        "peak_rss_mb": round(max(run["rss_peak_kb"] for run in timed) / 1024, 1),
        "rss_before_mb": round(median(timed, "rss_before_kb") / 1024, 1),
        "xlsx_mb": round(timed[0]["bytes"] / 2**20, 1),
        "runs": runs,
    }


def print_csv(results: list[dict]) -> None:
    print(
        f"{'rows':>9} {'CSV rows/s':>10} {'COPY rows/s':>11} {'ratio':>5}"
        f" {'1st byte ms':>11} {'1st rows ms':>11} {'peak RSS MB':>11}"
        f" {'CSV MB':>7} {'COPY MB':>7}"
    )
    for r in results:
        print(
            f"{r['rows']:>9,} {r['csv_rows_per_s']:>10,} {r['copy_rows_per_s']:>11,}"
            f" {r['ratio']:>5.2f} {r['first_byte_ms']:>11.2f}"
            f" {r['first_rows_ms']:>11.1f} {r['peak_rss_mb']:>11.1f}"
            f" {r['csv_mb']:>7.1f} {r['copy_mb']:>7.1f}"
        )


def run_postgresql(args) -> dict:
    from benchmarks import pages_data

    pages_data.DB_NAME = args.database
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    if not args.reuse:
        pages_data.create_database()
    pages_data.use_database()
    try:
        call_command("migrate", verbosity=0)
        if not args.reuse:
            # Built with pages_data.py, as bench_pages.py builds its database, so either
            # benchmark can reuse the other's.
            seconds = pages_data.insert_articles(random.Random(0), args.articles)
            print(f"inserted {args.articles:,} articles in {seconds:.0f} s")
            Tally.objects.rebuild()
            pages_data.analyze()
        total = Article.objects.count()
        print(
            f"postgresql, database {args.database}: {total:,} articles;"
            f" export ?{args.query}; medians of {args.runs} runs"
        )
        result: dict = {"articles": total, "query": args.query}
        warm_up(args.query)
        if args.format == "xlsx":
            result["xlsx"] = [
                xlsx_figures(args.query, size, args.runs)
                for size in sorted(args.sizes or [100_000])
            ]
            print_xlsx(result["xlsx"])
            return result
        result["csv"] = [
            csv_figures(args.query, size, args.runs)
            for size in sorted(args.sizes or [100_000, 1_000_000])
        ]
        print_csv(result["csv"])
        if args.view:
            view = view_figures(args.query, args.runs)
            result["view"] = view
            print(
                f"{view['url']}: {view['rows']:,} rows,"
                f" {view['csv_rows_per_s']:,} rows/s, COPY {view['copy_rows_per_s']:,}"
                f" (ratio {view['ratio']:.2f}), first byte {view['first_byte_ms']} ms,"
                f" first rows {view['first_rows_ms']} ms,"
                f" peak RSS {view['peak_rss_mb']} MB"
            )
        return result
    finally:
        # A database this run did not build is never dropped (--reuse).
        if not args.keep and not args.reuse:
            pages_data.drop_database()


def print_xlsx(results: list[dict]) -> None:
    print(
        f"{'rows':>9} {'xlsx rows/s':>11} {'1st byte ms':>11} {'1st rows ms':>11}"
        f" {'peak RSS MB':>11} {'RSS before MB':>13} {'xlsx MB':>7}"
    )
    for r in results:
        print(
            f"{r['rows']:>9,} {r['xlsx_rows_per_s']:>11,} {r['first_byte_ms']:>11.2f}"
            f" {r['first_rows_ms']:>11.1f} {r['peak_rss_mb']:>11.1f}"
            f" {r['rss_before_mb']:>13.1f}"
            f" {r['xlsx_mb']:>7.1f}"
        )


# Written for this benchmark (other databases than PostgreSQL).
TITLE = "{gu}, 구청 민원 상담에 생성형 AI 도입 ({n}차)"
BODY = (
    "서울 {gu}는 구청 민원 상담 창구에 생성형 인공지능 상담원을 도입했다고 밝혔다. "
    "상담원은 자주 묻는 질문에 24시간 답하며, 구는 상담 기록을 분석해 답변을 고친다. "
) * 8


def insert_small(total: int) -> None:
    """Add articles until there are `total`, each with two links."""
    districts = list(District.objects.all())
    initiatives = list(Initiative.objects.all()) or [None]
    have = Article.objects.count()
    for first in range(have, total, 1000):
        raws, new = [], []
        for i in range(first, min(first + 1000, total)):
            gu = districts[i % len(districts)]
            body = BODY.format(gu=gu.name_ko) + f" ({i})"
            digest = hashlib.sha256(body.encode()).hexdigest()
            raw = RawDocument(sha256=digest, content=b"", size=0)
            raws.append(raw)
            new.append(
                Article(
                    raw=raw,
                    title=TITLE.format(gu=gu.name_ko, n=i),
                    body=body,
                    body_hash=digest,
                    publisher="가람뉴스",
                    url=f"https://news.example/{i}",
                    is_relevant=True,
                    relevance=0.8,
                )
            )
        RawDocument.objects.bulk_create(raws)
        Article.objects.bulk_create(new)
        DistrictLink.objects.bulk_create(
            DistrictLink(
                article=article,
                district=districts[i % len(districts)],
                role=DistrictLink.Role.PRIMARY,
                confidence=0.9,
            )
            for i, article in enumerate(new, start=first)
        )
        if initiatives[0] is not None:
            InitiativeLink.objects.bulk_create(
                InitiativeLink(
                    article=article,
                    initiative=initiatives[i % len(initiatives)],
                    confidence=0.7,
                )
                for i, article in enumerate(new, start=first)
            )


def run_small(args) -> dict:
    """Any other database: a throwaway test database of synthetic articles."""
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"{connection.vendor}, {args.format}; medians of {args.runs} runs")
        result: dict = {"query": args.query, args.format: []}
        for size in sorted(args.sizes or [2000, 20000]):
            insert_small(size)
            warm_up(args.query)
            if args.format == "xlsx":
                result["xlsx"].append(xlsx_figures(args.query, size, args.runs))
            else:
                runs = [
                    export_csv(articles(args.query, size)) for _ in range(args.runs)
                ]
                result["csv"].append(
                    {
                        "size": size,
                        "rows": runs[0]["rows"],
                        "csv_rows_per_s": round(
                            statistics.median(rate(run) for run in runs)
                        ),
                        "first_byte_ms": round(median(runs, "first_byte_ms"), 2),
                        "first_rows_ms": round(median(runs, "first_rows_ms"), 1),
                        "peak_rss_mb": round(
                            max(run["rss_peak_kb"] for run in runs) / 1024, 1
                        ),
                    }
                )
        result["articles"] = Article.objects.count()
        for r in result.get("csv", []):
            print(
                f"{r['rows']:>9,} rows {r['csv_rows_per_s']:>9,} rows/s"
                f"  first byte {r['first_byte_ms']:.2f} ms"
                f"  first rows {r['first_rows_ms']:.1f} ms"
                f"  peak RSS {r['peak_rss_mb']:.1f} MB"
            )
        if result.get("xlsx"):
            print_xlsx(result["xlsx"])
        return result
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", help="rows per export")
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--query",
        default="relevance=all",
        help="the export's filters, as in /articles/export.csv?<query>",
    )
    parser.add_argument("--view", action="store_true", help="also through the view")
    postgresql = parser.add_argument_group("PostgreSQL")
    postgresql.add_argument("--articles", type=int, default=1_000_000)
    postgresql.add_argument(
        "--database", default="tracker_export_bench", help="throwaway database name"
    )
    postgresql.add_argument(
        "--keep", action="store_true", help="do not drop the database"
    )
    postgresql.add_argument(
        "--reuse",
        action="store_true",
        help="time a database kept by --keep (never dropped)",
    )
    args = parser.parse_args()

    with translation.override(settings.LANGUAGE_CODE):
        if connection.vendor == "postgresql":
            result = run_postgresql(args)
        else:
            result = run_small(args)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
