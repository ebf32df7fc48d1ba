"""How many documents per second one worker process ingests on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/bench_ingest.py --docs 10000 --worker-docs 2000

It never touches the database DATABASE_URL names: it creates a throwaway one next
to it (b_ingest_bench: template0, UTF8, C.UTF-8), migrates it, loads the districts
gazetteer (`import_gazetteer`, as `make setup` does), writes N pages from
benchmarks/newsroom.py to a temporary folder (a mix of districts, AI policy and
other news, city-wide stories, repeats and syndicated copies, HTML and text) and
runs `manage.py ingest FOLDER` on them in this process, timing each step of every
document: read (bytes to clean text, dedupe keys), link (districts and relevance),
initiatives (catalogue tags, discovery) and store (everything else: items, raw
bytes, queries and writes; as the database stores a batch while the worker reads the
next, only the time the worker waits for it beyond reading). It prints the median of those per chunk of documents,
queries per document, CPU time of this process per document (what the load of a
shared machine does not inflate), documents per second and RSS as it goes.
Then it times `manage.py ingest FOLDER --workers W` in child processes, on fresh
pages for each W, and checks that every page was stored once.

The figures are medians over chunks (the machine is shared); nothing is asserted.
The last line is one JSON object with every figure. The database is dropped at the
end unless --keep.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")

import django  # noqa: E402

django.setup()


from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from benchmarks import newsroom  # noqa: E402
from tracker.ingest import backfill, batches, lookahead  # noqa: E402
from tracker.models import Article, IngestItem  # noqa: E402
from tracker.reading import pipeline  # noqa: E402

STEPS = ("read", "link", "initiatives", "store")
# The pure steps and the functions of tracker.reading.pipeline that do them.
TIMED = {
    "extract": "read",
    "link_districts": "link",
    "judge_relevance": "link",
    "tag_initiatives": "initiatives",
    "discover": "initiatives",
    "merge_catalogue": "initiatives",
}


def rss_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Meter:
    """Per-document step times and query counts, gathered by wrapping the pipeline."""

    def __init__(self, chunk: int, rss_every: int) -> None:
        self.chunk, self.rss_every = chunk, rss_every
        self.step = "store"
        self.doc = defaultdict(float)  # this document's seconds per step
        self.queries = defaultdict(int)  # this document's queries per step
        self.lock = threading.Lock()
        self.chunks: list[dict] = []
        self.current = self._empty()
        self.done = 0
        self.rss: list[tuple[int, float]] = []
        self.add_seconds = self.add_queries = self.files = 0
        self.mark = time.perf_counter()
        self.cpu_mark = time.process_time()

    @staticmethod
    def _empty() -> dict:
        return {"docs": 0, "seconds": 0.0, "cpu": 0.0, "queries": 0} | dict.fromkeys(
            STEPS, 0.0
        )

    def timed(self, step: str, function):
        def wrapper(*args, **kwargs):
            outer, self.step = self.step, step
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.doc[step] += time.perf_counter() - start
                self.step = outer

        return wrapper

    def count(self, execute, sql, params, many, context):
        # Also called on the lookahead thread, which stores the batches.
        with self.lock:
            self.queries[self.step] += 1
        return execute(sql, params, many, context)

    def adding(self, function):
        """Wrap the step that makes the items: timed apart, per file."""

        def wrapper(run, paths, *args, **kwargs):
            start = time.perf_counter()
            result = function(run, paths, *args, **kwargs)
            self.add_seconds = time.perf_counter() - start
            self.add_queries = sum(self.queries.values())
            self.files = len(paths)
            self.reset()
            return result

        return wrapper

    def reset(self) -> None:
        self.doc.clear()
        with self.lock:
            self.queries.clear()
        self.mark = time.perf_counter()
        self.cpu_mark = time.process_time()

    def batch(self, function):
        """Wrap the call that works on a batch of items: its time (from the end of the
        one before: taking the items too) shared evenly among its documents;
        everything not in a pure step is storing."""

        def wrapper(items, *args, **kwargs):
            result = function(items, *args, **kwargs)
            total = time.perf_counter() - self.mark
            cpu = time.process_time() - self.cpu_mark
            share = 1 / max(len(items), 1)
            steps = {step: self.doc[step] * share for step in STEPS}
            with self.lock:
                queries = sum(self.queries.values()) * share
            for _ in items:
                self.add(total * share, cpu * share, steps, queries)
            self.reset()
            return result

        return wrapper

    def add(self, total: float, cpu: float, steps: dict, queries: float) -> None:
        chunk = self.current
        chunk["docs"] += 1
        chunk["seconds"] += total
        chunk["cpu"] += cpu
        chunk["queries"] += queries
        pure = 0.0
        for step in ("read", "link", "initiatives"):
            chunk[step] += steps[step]
            pure += steps[step]
        chunk["store"] += total - pure
        self.done += 1
        if chunk["docs"] == self.chunk:
            self.chunks.append(chunk)
            self.current = self._empty()
        if self.done % self.rss_every == 0:
            self.rss.append((self.done, rss_mb()))

    def summary(self) -> dict:
        chunks = self.chunks or [self.current]

        def median(key: str) -> float:
            return statistics.median(c[key] / c["docs"] for c in chunks)

        return {
            "ms_per_doc": {s: round(median(s) * 1000, 2) for s in STEPS},
            "queries_per_doc": round(median("queries"), 1),
            "process_docs_per_s": round(1 / median("seconds"), 1),
            # This process's CPU: what a shared machine's load does not inflate.
            "cpu_ms_per_doc": round(median("cpu") * 1000, 2),
            "add_ms_per_file": round(self.add_seconds / max(self.files, 1) * 1000, 2),
            "add_queries_per_file": round(self.add_queries / max(self.files, 1), 2),
        }


# --- The database -------------------------------------------------------------------


def create_database(name: str) -> None:
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        # Hangul needs a UTF-8 ctype; template0 lets us choose it.
        cursor.execute(
            f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' "
            "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
        )
    connection.close()
    connection.settings_dict["NAME"] = name


def drop_database(name: str) -> None:
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def write_pages(folder: Path, count: int, seed: int) -> None:
    folder.mkdir(parents=True)
    for name, content in newsroom.documents(count, seed):
        (folder / name).write_bytes(content)


def stored_once(folder: Path) -> dict:
    """Every page of the folder has one finished item and no page two articles."""
    items = IngestItem.objects.filter(run__label=str(folder))
    by_status = defaultdict(int)
    for status in items.values_list("status", flat=True):
        by_status[status] += 1
    articles = Article.objects.filter(raw__items__in=items).distinct()
    texts = articles.values_list("body_hash", flat=True).distinct().count()
    return {
        "items": items.count(),
        "statuses": dict(by_status),
        "articles": articles.count(),
        # Two articles with one text: a page stored twice (0 when none is).
        "same_text_twice": articles.count() - texts,
        "unfinished": by_status[IngestItem.Status.PENDING]
        + by_status[IngestItem.Status.PROCESSING],
    }


# --- The runs --------------------------------------------------------------------------


def in_process(folder: Path, chunk: int, rss_every: int) -> dict:
    meter = Meter(chunk, rss_every)
    for function, step in TIMED.items():
        setattr(pipeline, function, meter.timed(step, getattr(pipeline, function)))
    # A batch at a time, whichever way the worker goes: stored before the next is
    # read, or on the lookahead thread while it is (tracker/ingest/backfill.py).
    backfill.work_on_batch = meter.batch(backfill.work_on_batch)
    batches.read_batch = meter.batch(batches.read_batch)
    # That thread's connection stores the batches: its queries count too.
    lookahead.after(lambda: connection.execute_wrappers.append(meter.count)).result()
    backfill.add_files = meter.adding(backfill.add_files)
    meter.rss.append((0, rss_mb()))
    start = time.perf_counter()
    with connection.execute_wrapper(meter.count):
        call_command("ingest", str(folder), stdout=open(os.devnull, "w"))  # noqa: SIM115
    seconds = time.perf_counter() - start
    pages = sum(1 for _ in folder.iterdir())
    return meter.summary() | {
        "docs": pages,
        "docs_per_s": round(pages / seconds, 1),
        "rss_mb": [(n, round(mb, 1)) for n, mb in meter.rss],
    }


def with_workers(folder: Path, workers: int) -> dict:
    env = dict(os.environ, DATABASE_URL=database_url(), DEBUG="0")
    env.setdefault("SECRET_KEY", "benchmark-only")
    env.setdefault("ALLOWED_HOSTS", "localhost")
    command = [sys.executable, "manage.py", "ingest", str(folder)]
    command += ["--workers", str(workers)]
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    peak: dict[int, float] = {}
    while process.poll() is None:
        for pid in [process.pid, *children(process.pid)]:
            with contextlib.suppress(OSError):
                peak[pid] = max(peak.get(pid, 0.0), rss_mb(pid))
        time.sleep(0.5)
    seconds = time.perf_counter() - start
    out, err = process.communicate()
    if process.returncode:
        sys.exit(f"ingest --workers {workers} failed:\n{err.decode()[-2000:]}")
    pages = sum(1 for _ in folder.iterdir())
    return {
        "workers": workers,
        "docs": pages,
        "seconds": round(seconds, 1),
        "docs_per_s": round(pages / seconds, 1),
        "peak_rss_mb": round(max(peak.values(), default=0.0), 1),
        "summary": out.decode().splitlines()[0] if out else "",
    } | stored_once(folder)


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def database_url() -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return (
        f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:"
        f"{s['PORT'] or 5432}/{s['NAME']}"
    )


def report(result: dict) -> None:
    one = result["in_process"]
    print(f"\n{one['docs']:,} documents, one process (`manage.py ingest FOLDER`):")
    print(f"{'step':<12} {'ms/doc':>8}")
    for step in STEPS:
        print(f"{step:<12} {one['ms_per_doc'][step]:>8.2f}")
    print(f"{'total':<12} {1000 / one['process_docs_per_s']:>8.2f}")
    print(f"queries per document: {one['queries_per_doc']}")
    print(
        f"CPU of this process: {one['cpu_ms_per_doc']} ms per document (the rest of "
        "the total waits: database, disk, other processes)"
    )
    print(
        f"before those, items for the files: {one['add_ms_per_file']} ms and "
        f"{one['add_queries_per_file']} queries per file"
    )
    print(
        f"documents/s: {one['process_docs_per_s']} per item (median of chunks), "
        f"{one['docs_per_s']} overall (files, items and summary included)"
    )
    print(
        "RSS (MB) after n documents: "
        + ", ".join(f"{n}: {mb}" for n, mb in one["rss_mb"])
    )
    if result["workers"]:
        print(
            f"\n{'workers':>7} {'docs':>6} {'s':>7} {'docs/s':>8} {'peak MB':>8} "
            f"{'articles':>8} {'unfinished':>10}"
        )
    for run in result["workers"]:
        print(
            f"{run['workers']:>7} {run['docs']:>6} {run['seconds']:>7} "
            f"{run['docs_per_s']:>8} {run['peak_rss_mb']:>8} {run['articles']:>8} "
            f"{run['unfinished']:>10}   {run['summary']}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--chunk", type=int, default=250, help="documents per median")
    parser.add_argument("--rss-every", type=int, default=1000)
    parser.add_argument("--workers", default="1,2", help="worker counts to time")
    parser.add_argument("--worker-docs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", default="b_ingest_bench")
    parser.add_argument("--keep", action="store_true", help="do not drop the database")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL server: this measures PostgreSQL.")
    if not args.database.startswith("b_"):
        sys.exit("--database must start with b_ (a throwaway database of this helper)")
    settings.DEBUG = False  # no query log: a worker runs without one
    create_database(args.database)
    try:
        call_command("migrate", verbosity=0)
        call_command("import_gazetteer", stdout=open(os.devnull, "w"))  # noqa: SIM115
        result = {"database": args.database}
        with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
            folder = Path(tmp) / "one"
            write_pages(folder, args.docs, args.seed)
            result["in_process"] = in_process(folder, args.chunk, args.rss_every)
            result["workers"] = []
            for n, workers in enumerate(int(w) for w in args.workers.split(",") if w):
                folder = Path(tmp) / f"workers-{workers}"
                write_pages(folder, args.worker_docs, args.seed + 1 + n)
                result["workers"].append(with_workers(folder, workers))
        result["articles"] = Article.objects.count()
        report(result)
        print(json.dumps(result, ensure_ascii=False))
    finally:
        if not args.keep:
            drop_database(args.database)


if __name__ == "__main__":
    main()
