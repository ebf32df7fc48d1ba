"""Gunicorn's settings for the tracker, read by `gunicorn config.wsgi` run from here.

(Gunicorn loads ./gunicorn.conf.py by default; Dockerfile and compose name it too.)

- Threaded workers (gthread): a CSV export streams for as long as it takes and holds
  one thread, not a whole worker; exports take turns (EXPORT_CONCURRENCY on the
  machine, tracker/throttle.py) while pages never wait, so pages keep the processor.
- Static files: before the workers start, the master collects them when the
  manifest is missing or older than a static source, so a fresh checkout serves
  pages instead of answering 500 until someone runs collectstatic.

Every number can be changed from the environment (GUNICORN_*).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", (os.cpu_count() or 1) + 1))
# More threads than a worker has keep-alive connections, so exports waiting their turn
# never leave a page without a thread. Each thread keeps a database connection
# (CONN_MAX_AGE): workers x threads must stay under PostgreSQL's max_connections.
threads = int(os.environ.get("GUNICORN_THREADS", 24))
# A worker takes no more connections than it has threads: otherwise one worker can
# accept most clients, and exports waiting their turn fill its threads while pages on
# its other connections wait for one. The other workers take the rest.
worker_connections = threads
# gthread checks in from its main loop, so a long streaming export does not count.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then; jitter keeps them from restarting together.
max_requests = 2000
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"


def on_starting(server):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from config.static import collect_if_stale

    collect_if_stale(server.log)
