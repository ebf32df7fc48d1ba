"""How the article CSV and Excel exports scale: rows/s, time to first byte, peak memory.

    DJANGO_SETTINGS_MODULE=config.settings DEBUG=1 .venv/bin/python benchmarks/bench_export.py

    # the Excel export (body text included), peak RSS at 100,000 rows:
    .venv/bin/python benchmarks/bench_export.py --format xlsx --sizes 1000 10000 100000

    # sizes are configurable; any DATABASE_URL works, e.g. PostgreSQL:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench \\
        DJANGO_SETTINGS_MODULE=config.settings DEBUG=1 \\
        .venv/bin/python benchmarks/bench_export.py --sizes 2000 20000

It never touches the database DATABASE_URL names: like the test runner it creates
a throwaway database next to it (test_bench_export, or in-memory SQLite), runs the
migrations, and inserts synthetic articles, each with a primary district and an
initiative link. For each size it streams the whole export as a client would and
prints throughput, the time to the first byte and to the first row, and the peak
Python memory (tracemalloc) while streaming: flat across sizes means the export
streams. In xlsx mode it writes the whole workbook (to a temporary file, as the
view does) and prints rows/s, the file size and the process's peak resident memory
during the export (VmHWM, reset just before it): flat across sizes means constant
memory. (The throwaway SQLite database lives in memory, so RSS before the export
grows with the rows; "export +MB" is what the export added on top.) Prints figures;
asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.db import connection, reset_queries  # noqa: E402

from districts.models import District  # noqa: E402
from tracker import exports, xlsx  # noqa: E402
from tracker.models import (  # noqa: E402
    Article,
    DistrictLink,
    Initiative,
    InitiativeLink,
    RawDocument,
)

# Written for this benchmark.
TITLE = "{gu}, 구청 민원 상담에 생성형 AI 도입 ({n}차)"
BODY = (
    "서울 {gu}는 구청 민원 상담 창구에 생성형 인공지능 상담원을 도입했다고 밝혔다. "
    "상담원은 자주 묻는 질문에 24시간 답하며, 구는 상담 기록을 분석해 답변을 고친다. "
) * 8


def insert_articles(total: int) -> None:
    """Add articles until there are `total`, each with two links."""
    districts = list(District.objects.all())
    initiatives = list(Initiative.objects.all()) or [None]
    have = Article.objects.count()
    for first in range(have, total, 1000):
        raws, articles = [], []
        for i in range(first, min(first + 1000, total)):
            gu = districts[i % len(districts)]
            body = BODY.format(gu=gu.name_ko) + f" ({i})"
            digest = hashlib.sha256(body.encode()).hexdigest()
            raw = RawDocument(sha256=digest, content=b"", size=0)
            raws.append(raw)
            articles.append(
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
        Article.objects.bulk_create(articles)
        DistrictLink.objects.bulk_create(
            DistrictLink(
                article=article,
                district=districts[i % len(districts)],
                role=DistrictLink.Role.PRIMARY,
                confidence=0.9,
            )
            for i, article in enumerate(articles, start=first)
        )
        if initiatives[0] is not None:
            InitiativeLink.objects.bulk_create(
                InitiativeLink(
                    article=article,
                    initiative=initiatives[i % len(initiatives)],
                    confidence=0.7,
                )
                for i, article in enumerate(articles, start=first)
            )


def stream(trace: bool) -> dict:
    """Consume the article export like a client; return sizes and timings."""
    reset_queries()
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    response = exports.csv_response(
        "articles.csv",
        exports.ARTICLE_HEADER,
        exports.article_rows(Article.objects.order_by("-pk")),
    )
    first_byte = first_row = None
    size = lines = 0
    for chunk in response.streaming_content:
        now = time.perf_counter() - start
        if first_byte is None:
            first_byte = now
        elif first_row is None:
            first_row = now
        size += len(chunk)
        lines += chunk.count(b"\r\n")
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    if trace:
        tracemalloc.stop()
    return {
        "rows": lines - 1,
        "seconds": seconds,
        "first_byte": first_byte,
        "first_row": first_row,
        "peak": peak,
        "size": size,
    }


def _status_kb(field: str) -> int:
    """A memory figure of this process from /proc (Linux), in kB; 0 elsewhere."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _reset_peak_rss() -> None:
    # Writing 5 to clear_refs resets VmHWM (Linux >= 4.0), so the peak is this export's.
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
    except OSError:
        pass


def workbook() -> dict:
    """Write the article workbook as the view does; return rows, timings and memory."""
    reset_queries()
    before = _status_kb("VmRSS")
    _reset_peak_rss()
    start = time.perf_counter()
    with tempfile.TemporaryFile() as handle:
        rows = xlsx.write_workbook(
            handle,
            xlsx.ARTICLE_HEADER,
            exports.article_rows(Article.objects.order_by("-pk"), with_body=True),
            sheet="articles",
        )
        size = handle.seek(0, os.SEEK_END)
    return {
        "rows": rows,
        "seconds": time.perf_counter() - start,
        "size": size,
        "rss_before": before,
        "rss_peak": _status_kb("VmHWM"),
    }


def run_xlsx(sizes: list[int]) -> None:
    print(
        f"{'rows':>7} {'MB':>6} {'rows/s':>9} {'RSS before MB':>13}"
        f" {'peak RSS MB':>11} {'export +MB':>10} {'queries':>7}"
    )
    for total in sorted(sizes):
        insert_articles(total)
        timed = workbook()
        print(
            f"{timed['rows']:>7,} {timed['size'] / 2**20:>6.1f}"
            f" {timed['rows'] / timed['seconds']:>9,.0f}"
            f" {timed['rss_before'] / 1024:>13.1f}"
            f" {timed['rss_peak'] / 1024:>11.1f}"
            f" {(timed['rss_peak'] - timed['rss_before']) / 1024:>10.1f}"
            f" {len(connection.queries):>7}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    args = parser.parse_args()

    if connection.vendor == "postgresql":
        connection.settings_dict["TEST"].update(
            {"NAME": "test_bench_export", "TEMPLATE": "template0", "CHARSET": "UTF8"}
        )
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"{connection.vendor}, chunk size {exports.CHUNK_SIZE}, {args.format}")
        if args.format == "xlsx":
            run_xlsx(args.sizes)
            return
        print(
            f"{'rows':>7} {'MB':>6} {'rows/s':>9} {'1st byte ms':>11}"
            f" {'1st row ms':>10} {'peak MB':>8} {'queries':>7}"
        )
        for total in sorted(args.sizes):
            insert_articles(total)
            timed = stream(trace=False)  # tracemalloc slows Python down
            traced = stream(trace=True)
            print(
                f"{timed['rows']:>7,} {timed['size'] / 2**20:>6.1f}"
                f" {timed['rows'] / timed['seconds']:>9,.0f}"
                f" {timed['first_byte'] * 1000:>11.2f}"
                f" {timed['first_row'] * 1000:>10.1f}"
                f" {traced['peak'] / 2**20:>8.1f}"
                f" {len(connection.queries):>7}"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
