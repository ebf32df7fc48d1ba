"""Fault injection: does ingestion lose or double articles, and how fast does it recover?

    .venv/bin/python benchmarks/faults.py [--json] [--items 200] [--at 0.5]

Starts its own stack on free local ports (benchmarks/stack.py: Redis, a PostgreSQL
cluster from initdb, the Celery worker and beat, gunicorn; never the services on
5432/6379). For each fault it ingests a batch of distinct synthetic Korean texts
and, once a share (--at) of the batch is done, injects:

- worker-kill-9: SIGKILL to the worker and its children, then a new worker;
- redis-restart: Redis stopped (its queue is lost: no persistence) and started;
- postgres-restart: pg_ctl restart -m fast while tasks run;
- duplicate-ingest: the same batch sent twice at once (no fault otherwise).

Per fault it prints articles expected / stored / doubled and recovery_s: seconds
from the service answering again (for duplicate-ingest: from the sending) until
every item of the batch is finished and every text has its article. Then 20
parallel wrong passwords for one account on gunicorn, and how many passwords were
checked (the responses not refused as locked). Prints figures; asserts nothing.
With --json the last line is one JSON object.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import synthetic  # noqa: E402
from benchmarks.stack import Stack  # noqa: E402

LOCKED = "로그인 실패가 너무 많습니다"
WORKER_BACK_AFTER = 2.0  # seconds a service stays down


def django_setup(stack: Stack) -> None:
    os.environ.update(stack.env)
    import django

    django.setup()


def submit(files: list[tuple[str, bytes]], label: str) -> int:
    from django.db import connection, transaction

    from tracker.ingest import queue, service
    from tracker.models import IngestRun

    connection.close()  # PostgreSQL may have restarted since the last query
    try:
        with transaction.atomic():
            run = service.start_run(IngestRun.Origin.COMMAND, label)
            items = [service.add_file(run, name, content) for name, content in files]
            queue.enqueue(items)
        return run.pk
    finally:
        connection.close()


def progress(run_ids: list[int], files) -> tuple[int, int, int, int]:
    """(items finished, items in all, texts with an article, extra articles), asking
    the database again if the connection broke (PostgreSQL restarts)."""
    import hashlib

    from django.db import DatabaseError, connection
    from django.db.models import Count

    from tracker.models import Article, IngestItem

    shas = [hashlib.sha256(content).hexdigest() for _, content in files]
    try:
        items = IngestItem.objects.filter(run_id__in=run_ids)
        done = items.filter(status__in=["created", "duplicate", "failed"]).count()
        articles = Article.objects.filter(raw__sha256__in=shas)
        per_text = articles.values("body_hash").annotate(n=Count("pk"))
        stored = per_text.count()
        doubled = sum(row["n"] - 1 for row in per_text)
        return done, items.count(), stored, doubled
    except DatabaseError:
        connection.close()
        return -1, -1, -1, -1


def wait_until(run_ids, files, fraction: float, timeout: float = 900) -> tuple:
    deadline = time.monotonic() + timeout
    state = (-1, -1, -1, -1)
    while time.monotonic() < deadline:
        state = progress(run_ids, files)
        done, total = state[0], state[1]
        if (
            total > 0
            and done >= fraction * total
            and (fraction < 1 or state[2] == len(files))
        ):
            return state
        time.sleep(0.25)
    return state


def inject(stack: Stack, name: str) -> float:
    """Cause the fault; returns the moment the service answers again."""
    if name == "worker-kill-9":
        stack.kill("worker")
        time.sleep(WORKER_BACK_AFTER)
        stack.start_worker()
        return time.monotonic()
    if name == "redis-restart":
        stack.kill("redis", sig=15)
        time.sleep(WORKER_BACK_AFTER)
        return stack.start_redis()
    if name == "postgres-restart":
        stack.stop_postgres("fast")
        time.sleep(WORKER_BACK_AFTER)
        return stack.start_postgres()
    raise ValueError(name)


def run_fault(stack: Stack, name: str, size: int, seed: int, at: float) -> dict:
    files = synthetic.batch(size, seed)
    started = time.monotonic()
    if name == "duplicate-ingest":
        runs: list[int] = []
        threads = [
            threading.Thread(target=lambda: runs.append(submit(files, name)))
            for _ in range(2)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        back = started
    else:
        runs = [submit(files, name)]
        wait_until(runs, files, at)
        back = inject(stack, name)
    done, total, stored, doubled = wait_until(runs, files, 1.0)
    finished = time.monotonic()
    complete = done == total and stored == size
    return {
        "name": name,
        "expected": size,
        "stored": stored,
        "doubled": doubled,
        "recovery_s": round(finished - back, 1) if complete else None,
        "items_done": f"{done}/{total}",
        "batch_s": round(finished - started, 1),
        **outcomes(runs),
    }


def outcomes(run_ids: list[int]) -> dict:
    """How the items ended, how many the sweeper sent again, and how many saved
    articles have no item that reports creating them (the item was marked a
    duplicate of its own article: the fault this suite first found)."""
    from django.db.models import Count, Exists, OuterRef

    from tracker.models import Article, IngestItem

    items = IngestItem.objects.filter(run_id__in=run_ids)
    statuses = dict(items.values_list("status").annotate(n=Count("pk")).order_by())
    created = IngestItem.objects.filter(article=OuterRef("pk"), status="created")
    saved = Article.objects.filter(raw__items__run_id__in=run_ids).distinct()
    orphaned = saved.filter(duplicate_of=None).exclude(Exists(created))
    return {
        "statuses": statuses,
        "resent": items.filter(task_id__startswith="sweep-").count(),
        "own_duplicates": orphaned.count(),
    }


# --- Lock-out ----------------------------------------------------------------------


def create_user(username: str, password: str) -> None:
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user(username=username, password=password)


class BehindTLS(http.cookiejar.DefaultCookiePolicy):
    """Sends the Secure cookies production sets, as a browser behind the TLS proxy
    would (the stack serves plain HTTP on 127.0.0.1)."""

    def return_ok_secure(self, cookie, request):
        return True


def login_attempt(url: str, username: str, password: str, barrier) -> str:
    jar = http.cookiejar.CookieJar(policy=BehindTLS())
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{url}/accounts/login/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": password}
    ).encode()
    request = urllib.request.Request(
        f"{url}/accounts/login/",
        data=data,
        headers={"Referer": f"{url}/accounts/login/"},
    )
    barrier.wait()
    return opener.open(request, timeout=60).read().decode()


def lockout(stack: Stack, attempts: int = 20) -> dict:
    create_user("fault-curator", "맞는-비밀번호-42")
    barrier = threading.Barrier(attempts, timeout=60)
    pages: list[str] = []

    def guess(n: int) -> None:
        try:
            pages.append(
                login_attempt(stack.url, "fault-curator", f"틀림-{n}", barrier)
            )
        except (OSError, threading.BrokenBarrierError) as error:  # counted, not a crash
            barrier.abort()
            pages.append(f"error: {error}")

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    errors = sum(page.startswith("error: ") for page in pages)
    checked = sum(LOCKED not in page for page in pages) - errors
    return {"attempts": attempts, "checked": checked, "errors": errors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--json", action="store_true", help="last line: one JSON object"
    )
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument(
        "--at", type=float, default=0.5, help="share done before the fault"
    )
    parser.add_argument(
        "--faults",
        nargs="*",
        default=[
            "worker-kill-9",
            "redis-restart",
            "postgres-restart",
            "duplicate-ingest",
        ],
    )
    parser.add_argument("--logs", type=Path, help="keep the services' logs here")
    args = parser.parse_args()

    with Stack(keep_logs=args.logs) as stack:
        print(
            f"stack in {stack.tmp}: redis :{stack.redis_port}, postgres "
            f":{stack.pg_port}, gunicorn :{stack.web_port}",
            flush=True,
        )
        stack.up()
        django_setup(stack)
        stack.start_web()
        # Load the worker's models once, so the first fault is not timed with it.
        warm = synthetic.batch(4, seed=99)
        wait_until([submit(warm, "warm-up")], warm, 1.0)

        faults = []
        for seed, name in enumerate(args.faults, start=1):
            result = run_fault(stack, name, args.items, seed, args.at)
            faults.append(result)
            print(
                f"{name:18} expected {result['expected']:4}  stored {result['stored']:4}  "
                f"doubled {result['doubled']:3}  recovery {result['recovery_s']} s  "
                f"(items {result['items_done']} {result['statuses']}, sent again by "
                f"the sweeper {result['resent']}, marked duplicate of their own article "
                f"{result['own_duplicates']}; batch {result['batch_s']} s)",
                flush=True,
            )
        lock = lockout(stack)
        print(
            f"lock-out: {lock['attempts']} parallel wrong passwords, "
            f"{lock['checked']} checked (limit 5), {lock['errors']} errors",
            flush=True,
        )

    if args.json:
        keys = ("name", "expected", "stored", "doubled", "recovery_s")
        print(
            json.dumps(
                {
                    "faults": [{key: fault[key] for key in keys} for fault in faults],
                    "lockout": {
                        "attempts": lock["attempts"],
                        "checked": lock["checked"],
                    },
                },
                ensure_ascii=False,
            )
        )


if __name__ == "__main__":
    main()
