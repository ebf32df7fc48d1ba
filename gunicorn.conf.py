"""Gunicorn's settings for the tracker, read by `gunicorn config.wsgi` run from here.

(Gunicorn loads ./gunicorn.conf.py by default; Dockerfile and compose name it too.)

- Threaded workers (gthread): a CSV export streams for as long as it takes and holds
  one thread, not a whole worker; exports take turns (EXPORT_CONCURRENCY on the
  machine, tracker/throttle.py) while pages never wait, so pages keep the processor.
- Each worker asks itself for a few pages before it takes visitors, so that the first
  visitors do not wait while it compiles templates (tracker/warm.py).
- Static files: before the workers start, the master collects them when the
  manifest is missing or older than a static source, so a fresh checkout serves
  pages instead of answering 500 until someone runs collectstatic.

Every number can be changed from the environment (GUNICORN_*).
"""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", (os.cpu_count() or 1) + 1))
# Threads to spare for exports waiting their turn. Each thread keeps a database
# connection (CONN_MAX_AGE): workers x threads must stay under PostgreSQL's
# max_connections.
threads = int(os.environ.get("GUNICORN_THREADS", 24))
# A worker takes no more connections than it has threads, and none stays open between
# requests (no keep-alive; a proxy in front keeps its clients' connections): a client
# held by a worker whose threads all wait on exports would wait too, while a fresh
# connection goes to a worker with a free thread.
worker_connections = threads
keepalive = 0
# gthread checks in from its main loop, so a long streaming export does not count.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
# Recycle workers now and then; jitter keeps them from restarting together.
max_requests = 2000
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"


def post_worker_init(worker):
    # Compile templates and load translations before taking visitors (tracker/warm.py),
    # telling the arbiter the worker is alive, and for at most a third of `timeout`.
    from tracker.warm import warm_process

    try:
        warm_process(alive=worker.notify, budget=timeout / 3)
    except Exception:  # a worker that cannot warm up still serves
        worker.log.exception("Warming the worker failed")
    # What start-up and warming made (modules, templates, translations) lives as long
    # as the worker: kept out of the collector's passes, a full collection during a
    # request takes ~13 ms instead of 50-110 (measured in-process at 1M articles).
    gc.freeze()


def on_starting(server):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from config.static import collect_if_stale

    collect_if_stale(server.log)
