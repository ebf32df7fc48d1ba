"""How fast the analysts' pages are over a large PostgreSQL database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        DJANGO_SETTINGS_MODULE=config.settings DEBUG=1 \\
        .venv/bin/python benchmarks/bench_pages.py --articles 200000

    # keep the database, then time again later without re-inserting:
    ... bench_pages.py --articles 200000 --keep
    ... bench_pages.py --reuse --keep

It never touches the database DATABASE_URL names: it creates a throwaway one next
to it (tracker_pages_bench: template0, UTF8, C.UTF-8), runs the migrations, COPYs
N synthetic articles into it (Korean titles and bodies from a few templates, spread
over five years, ~90% relevant, some copies, some outside Seoul, each with one or
two district links and ~40% with an initiative link), runs ANALYZE, starts as a
gunicorn worker does (a few pages asked to compile templates, then gc.freeze()), then
requests each page with Django's test client and prints, per URL: the median time with the
cache cleared before every run (cold) and without (warm), the number of SQL
queries, and the slowest query's time; EXPLAIN ANALYZE of the slow queries
follows the table. The database is dropped at the end unless --keep (one given with --reuse never is).
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import DatabaseError, connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from benchmarks import pages_data  # noqa: E402
from benchmarks.pages_data import (  # noqa: E402
    analyze,
    create_database,
    drop_database,
    insert_articles,
    use_database,
)
from tracker.models import (  # noqa: E402
    Article,
    DistrictLink,
    InitiativeKind,
    InitiativeLink,
    Tally,
)
from tracker.warm import warm_process  # noqa: E402


def urls() -> list[tuple[str, str]]:
    """(name, URL) of every page the issue times, with real slugs and ids."""
    initiative = (
        InitiativeLink.objects.values_list("initiative__slug", flat=True)
        .order_by()
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    kind = InitiativeKind.objects.order_by("order").values_list("slug", flat=True)[0]
    article = (
        Article.objects.visible()
        .filter(initiative_links__isnull=False)
        .values_list("pk", flat=True)
        .first()
    )
    year = timezone.localdate().year - 1
    return [
        ("overview, last 30 days", "/?period=30d"),
        ("overview, last 90 days", "/?period=90d"),
        ("overview, last 12 months", "/"),
        ("overview, all time", "/?period=all"),
        (f"overview, {year}", f"/?period={year}"),
        ("list", "/articles/"),
        ("list by district", "/articles/?district=gangseo"),
        (
            "list by district, primary, dates",
            "/articles/?district=gangseo&role=primary&published_after=2024-01-01",
        ),
        ("list by initiative", f"/articles/?initiative={initiative}"),
        ("list by kind", f"/articles/?kind={kind}"),
        ("list by category", "/articles/?category=economy"),
        ("list by stage", "/articles/?stage=launched"),
        ("list by publisher", "/articles/?publisher=가람뉴스"),
        ("list by review state", "/articles/?review=approved"),
        ("list, oldest first", "/articles/?sort=oldest"),
        ("list by relevance", "/articles/?sort=relevance"),
        ("list by relevance, district", "/articles/?sort=relevance&district=gangseo"),
        ("search, broad", "/articles/?q=마곡"),
        ("search, selective", "/articles/?q=감염병 예측"),
        ("search, broad, district", "/articles/?q=금천&district=geumcheon"),
        ("search, selective, district", "/articles/?q=셔틀&district=mapo"),
        # Words of three to ten syllables are one piece each (a title's 연구개발단지에);
        # a longer one is found by its pieces and checked as a phrase.
        ("search, three syllables", "/articles/?q=구청장"),
        ("search, four syllables", "/articles/?q=인공지능"),
        ("search, six syllables", "/articles/?q=연구개발단지"),
        ("search, seven syllables", "/articles/?q=연구개발단지에"),
        ("deep page", "/articles/?page=150"),
        ("article", f"/articles/{article}/"),
        ("district", "/districts/gangseo/"),
        ("district, all time", "/districts/gangseo/?period=all"),
        ("districts table", "/districts/?period=all&sort=-latest"),
        ("initiatives list", "/initiatives/"),
        ("initiative page", f"/initiatives/{initiative}/"),
        ("matrix", "/initiatives/matrix/"),
        ("compare", "/compare/?districts=geumcheon,gangseo"),
        ("compare, all time", "/compare/?districts=geumcheon,gangseo,mapo&period=all"),
        ("compare, print", "/compare/print/?districts=geumcheon,gangseo&period=all"),
        ("API list", "/api/articles/"),
        ("API list by district", "/api/articles/?district=gangseo"),
        ("districts CSV", "/districts.csv?period=all"),
        ("compare CSV", "/compare.csv?districts=geumcheon,gangseo&period=all"),
        ("CSV, first byte", "/articles/export.csv?district=gangseo"),
        ("xlsx, first byte", f"/articles/export.xlsx?district=mapo&period={year}"),
    ]


def request(client: Client, url: str) -> tuple[float, float | None, list[dict]]:
    """Seconds to the response (to its first byte, if streamed), seconds to the first
    rows of a stream, and the queries run."""
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        first_rows = None
        if response.streaming:
            chunks = iter(response.streaming_content)
            next(chunks)  # BOM and header
            elapsed = time.perf_counter() - start
            next(chunks, None)  # the first ROWS_PER_WRITE rows
            first_rows = time.perf_counter() - start
            response.close()
        else:
            elapsed = time.perf_counter() - start
    return elapsed, first_rows, list(captured.captured_queries)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(client: Client, name: str, url: str, runs: int) -> dict:
    cold, warm, warm_rows = [], [], []
    cold_queries = warm_queries = []
    for _ in range(runs):
        cache.clear()
        seconds, _rows, cold_queries = request(client, url)
        cold.append(seconds * 1000)
    for _ in range(runs):
        seconds, rows, warm_queries = request(client, url)
        warm.append(seconds * 1000)
        warm_rows.append(rows)
    slowest = max(cold_queries, key=lambda q: float(q["time"]), default=None)
    return {
        "name": name,
        "url": url,
        "warm_p50_ms": round(statistics.median(warm), 1),
        "warm_p95_ms": round(percentile(warm, 0.95), 1),
        "cold_p50_ms": round(statistics.median(cold), 1),
        "cold_p95_ms": round(percentile(cold, 0.95), 1),
        "queries": len(warm_queries),
        "cold_queries": len(cold_queries),
        "rows": statistics.median(warm_rows) * 1000 if warm_rows[0] else None,
        "slowest": float(slowest["time"]) * 1000 if slowest else 0.0,
        "slowest_sql": slowest["sql"] if slowest else "",
    }


def explain(sql: str) -> str:
    if not sql.lstrip().upper().startswith("SELECT"):
        return "(not a SELECT)"
    # The logged SQL has its values quoted in, except where psycopg left a
    # placeholder: such a query is reported, not explained.
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            return "\n".join(row[0] for row in cursor.fetchall())
    except DatabaseError as error:
        return f"(could not explain: {str(error).splitlines()[0]})"


def report(results: list[dict], explain_ms: float, plan_lines: int) -> None:
    width = max((len(r["name"]) for r in results), default=4)
    print(
        f"{'page':<{width}} {'warm p50':>8} {'p95':>7} {'cold p50':>8} {'p95':>7}"
        f" {'queries':>9} {'slowest':>8}"
    )
    for r in results:
        queries = f"{r['cold_queries']}/{r['queries']}"
        print(
            f"{r['name']:<{width}} {r['warm_p50_ms']:>8.1f} {r['warm_p95_ms']:>7.1f}"
            f" {r['cold_p50_ms']:>8.1f} {r['cold_p95_ms']:>7.1f} {queries:>9}"
            f" {r['slowest']:>8.1f}"
        )
        if r["rows"] is not None:
            print(f"{'  streamed: first rows after (warm)':<{width}} {r['rows']:>8.1f}")
    print("ms; cold: cache cleared before each run; queries: cold/warm.")
    for r in results:
        if r["slowest"] < explain_ms:
            continue
        plan = explain(r["slowest_sql"]).splitlines()
        print(f"\n--- {r['name']} ({r['url']}): slowest query {r['slowest']:.1f} ms")
        print("  " + r["slowest_sql"][:600])
        print("  " + "\n  ".join(plan[:plan_lines]))
        if len(plan) > plan_lines:
            print(f"  ... {len(plan) - plan_lines} more lines")


def as_json(articles: int, results: list[dict]) -> str:
    keys = ("name", "url", "warm_p50_ms", "warm_p95_ms", "cold_p50_ms")
    keys += ("cold_p95_ms", "queries")
    pages = [{key: r[key] for key in keys} for r in results]
    return json.dumps({"articles": articles, "pages": pages}, ensure_ascii=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument(
        "--json", action="store_true", help="only the JSON line, no table or plans"
    )
    parser.add_argument("--keep", action="store_true", help="do not drop the database")
    parser.add_argument(
        "--reuse", action="store_true", help="time a database kept by --keep"
    )
    parser.add_argument("--explain-ms", type=float, default=50.0)
    parser.add_argument("--plan-lines", type=int, default=30)
    parser.add_argument("--only", help="time only URLs containing this text")
    parser.add_argument(
        "--database", default="tracker_pages_bench", help="throwaway database name"
    )
    args = parser.parse_args()
    pages_data.DB_NAME = args.database
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL server: this measures PostgreSQL.")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    if not args.reuse:
        create_database()
    use_database()
    try:
        call_command("migrate", verbosity=0)
        if not args.reuse:
            seconds = insert_articles(random.Random(0), args.articles)
            print(f"inserted {args.articles:,} articles in {seconds:.0f} s")
            # Vacuumed and analysed first, as any bulk load should be before it is
            # read. At 1M articles the recount right after the load took 1,232 s;
            # on the vacuumed database 33 s, and 42 s with its statistics deleted,
            # so it is mostly the unvacuumed table (no visibility map, hint bits
            # still to set). At 100k, 17 s against 11 s.
            analyze()
            start = time.perf_counter()
            Tally.objects.rebuild()
            print(
                f"counted them in {time.perf_counter() - start:.0f} s (tally --rebuild)"
            )
        analyze()
        print(
            f"{Article.objects.count():,} articles, "
            f"{DistrictLink.objects.count():,} district links, "
            f"{InitiativeLink.objects.count():,} initiative links"
        )
        # Start as a gunicorn worker does (gunicorn.conf.py, post_worker_init): pages
        # asked once so their templates are compiled, then what start-up made kept out
        # of the collector's passes. Without the freeze, a full pass now and then put
        # 80-140 ms into a warm request whose median is 5-30 ms.
        warm_process()
        gc.freeze()
        client = Client()
        results = [
            measure(client, name, url, args.runs)
            for name, url in urls()
            if not args.only or args.only in url or args.only in name
        ]
        if not args.json:
            report(results, args.explain_ms, args.plan_lines)
        print(as_json(Article.objects.count(), results))
    finally:
        # A database given with --reuse was built by another run: never dropped here.
        if not (args.keep or args.reuse):
            drop_database()


if __name__ == "__main__":
    main()
