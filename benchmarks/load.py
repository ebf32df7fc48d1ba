"""Do pages keep answering while people download exports? A load run on gunicorn.

    .venv/bin/python benchmarks/load.py [--articles 5000] [--seconds 60] [--connections 50]

Starts its own PostgreSQL and Redis (benchmarks/stack.py, free local ports) and
gunicorn with the repository's gunicorn.conf.py (DEBUG off, Redis cache: the
production configuration), fills the database with synthetic articles (the
generator of pages_data.py), runs `manage.py warm_pages` as the README's production
route does (not with --cold-start), then keeps `--connections` keep-alive connections
busy for `--seconds`: on each, one request in five downloads the whole article CSV
export, the others ask for the analysts' pages at random. Prints requests per second,
errors, and latency percentiles for pages and for exports (time to the last byte),
and for the pages asked once the first export is through: every connection starts
with four pages at the same moment, a burst of pages alone before the mix settles.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import statistics
import sys
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.stack import Stack  # noqa: E402

EXPORT = "/articles/export.csv"


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def fill(stack: Stack, articles: int) -> list[str]:
    os.environ.update(stack.env)
    import django

    django.setup()
    from benchmarks import bench_pages, pages_data

    pages_data.insert_articles(random.Random(7), articles)
    pages_data.analyze()
    # Downloads (CSV, Excel) are the exports of the mix, not pages.
    downloads = (".csv", ".xlsx")
    return [url for _name, url in bench_pages.urls() if not url_has(url, downloads)]


def url_has(url: str, suffixes: tuple[str, ...]) -> bool:
    return url.split("?")[0].endswith(suffixes)


def hammer(
    port: int, pages: list[str], until: float, seed: int, results: dict, every: int
) -> None:
    rng = random.Random(seed)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    n = 0
    while time.monotonic() < until:
        n += 1
        export = every and n % every == 0
        path = EXPORT if export else urllib.parse.quote(rng.choice(pages), "/?=&,")
        kind = "export" if path == EXPORT else "page"
        started = time.monotonic()
        try:
            connection.request("GET", path, headers={"Host": "127.0.0.1"})
            response = connection.getresponse()
            while response.read(256 * 1024):
                pass
            ok = response.status == 200
            why = f"answered {response.status}"
        except (OSError, http.client.HTTPException) as error:
            ok = False
            why = repr(error)
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        elapsed = time.monotonic() - started
        with results["lock"]:
            results[kind].append(elapsed)
            results["timeline"].append((started, kind, elapsed, path))
            if not ok:
                results["errors"].append(f"{path}: {why}")
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument(
        "--export-every", type=int, default=5, help="every Nth request (0: none)"
    )
    parser.add_argument(
        "--cold-start",
        action="store_true",
        help="skip `manage.py warm_pages`, which the README runs before gunicorn",
    )
    args = parser.parse_args()

    with Stack() as stack:
        stack.up(celery=False)
        pages = fill(stack, args.articles)
        if not args.cold_start:
            stack.manage("warm_pages")
        # Fifty visitors share one address here: the API's per-address limit for
        # anonymous clients (60 a minute) would count them as one and refuse them.
        stack.start_web(API_ANON_RATE="100000/minute")
        print(
            f"gunicorn (gunicorn.conf.py: gthread, {os.cpu_count()} cores) over "
            f"{args.articles} articles, {args.connections} connections for "
            f"{args.seconds:.0f} s, one request in five the full CSV export, "
            + ("cache empty" if args.cold_start else "after warm_pages"),
            flush=True,
        )
        results = {
            "page": [],
            "export": [],
            "errors": [],
            "timeline": [],
            "lock": threading.Lock(),
        }
        began = time.monotonic()
        until = began + args.seconds
        threads = [
            threading.Thread(
                target=hammer,
                args=(stack.web_port, pages, until, n, results, args.export_every),
            )
            for n in range(args.connections)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        report(results, began, args.seconds)


def report(results: dict, began: float, seconds: float) -> None:
    total = len(results["page"]) + len(results["export"])
    print(
        f"requests {total} ({total / seconds:.1f}/s), errors {len(results['errors'])}"
    )
    # Every connection starts with four pages at the same moment: a burst of pages
    # alone (the server's page capacity), until the first export is through and
    # the mix settles.
    exports_done = [
        started + elapsed
        for started, kind, elapsed, _path in results["timeline"]
        if kind == "export"
    ]
    mixed_from = min(exports_done, default=float("inf"))
    settled = [
        elapsed
        for started, kind, elapsed, _path in results["timeline"]
        if kind == "page" and started >= mixed_from
    ]
    for error in results["errors"][:5]:
        print(f"  error: {error}")
    rows = [
        ("pages", results["page"]),
        ("exports", results["export"]),
        (f"pages after {mixed_from - began:.0f} s", settled),
    ]
    for label, values in rows:
        if values:
            print(
                f"{label:18} {len(values):6}  p50 {statistics.median(values):.3f} s  "
                f"p95 {percentile(values, 0.95):.3f} s  "
                f"p99 {percentile(values, 0.99):.3f} s  max {max(values):.3f} s"
            )
    # Which pages wait: the slowest answers, by address.
    slowest = sorted(
        (row for row in results["timeline"] if row[1] == "page"), key=lambda r: -r[2]
    )
    for started, _kind, elapsed, path in slowest[:8]:
        print(f"  {elapsed:6.2f} s at {started - began:5.1f} s  {path}")


if __name__ == "__main__":
    main()
