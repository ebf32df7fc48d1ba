"""A throwaway production stack on free local ports, for the fault and load scripts.

Redis (no persistence, like compose), a PostgreSQL cluster made with initdb in a
temporary directory (pg_ctl from /usr/lib/postgresql/*/bin), the Celery worker and
beat, and gunicorn with the repository's gunicorn.conf.py. Nothing here touches the
services already running on 5432 or 6379; everything stops and is deleted on exit.
Run as root, the cluster runs as the `postgres` user (initdb refuses root).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, what: str, timeout: float = 60) -> float:
    """Poll `check()` until it is true; returns when (time.monotonic())."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return time.monotonic()
        except Exception:  # noqa: BLE001 - not up yet, whatever it says
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not come up within {timeout:.0f} s")


def pg_bin(name: str) -> str:
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name)
    )
    if not versions:
        raise RuntimeError("PostgreSQL binaries not found in /usr/lib/postgresql/*/bin")
    return str(versions[-1] / name)


class Stack:
    def __init__(self, *, workers: int = 2, keep_logs: Path | None = None) -> None:
        self.keep_logs = keep_logs
        self.tmp = Path(tempfile.mkdtemp(prefix="tracker-stack-"))
        self.redis_port, self.pg_port, self.web_port = (free_port() for _ in range(3))
        self.worker_concurrency = workers
        self.processes: dict[str, subprocess.Popen] = {}
        self.pg_user = None
        if os.geteuid() == 0:
            self.pg_user = "postgres"
            entry = pwd.getpwnam("postgres")
            os.chown(self.tmp, entry.pw_uid, entry.pw_gid)
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "0",
            "SECRET_KEY": "stack-only-" + "k" * 40,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.pg_port}/tracker",
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "STATIC_ROOT": str(self.tmp / "static"),
            "EXPORT_SLOTS_DIR": str(self.tmp / "export-slots"),
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }

    # --- services ------------------------------------------------------------

    def log(self, name: str):
        return open(self.tmp / f"{name}.log", "ab")  # noqa: SIM115 - owned by the process

    def start(self, name: str, args: list[str], **kwargs) -> subprocess.Popen:
        process = subprocess.Popen(
            args,
            cwd=ROOT,
            env=self.env,
            stdout=self.log(name),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill -9 takes the children
            **kwargs,
        )
        self.processes[name] = process
        return process

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        process = self.processes.pop(name, None)
        if process and process.poll() is None:
            os.killpg(process.pid, sig)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:  # still draining requests: no more
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=30)

    def start_redis(self) -> float:
        self.start(
            "redis",
            [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.tmp),
            ],
        )
        import redis

        client = redis.Redis(port=self.redis_port)
        return wait_for(client.ping, "Redis")

    def pg(self, *args: str) -> None:
        subprocess.run(
            [pg_bin("pg_ctl"), "-D", str(self.tmp / "pg"), *args],
            check=True,
            user=self.pg_user,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def init_postgres(self) -> None:
        subprocess.run(
            [
                pg_bin("initdb"),
                "-D",
                str(self.tmp / "pg"),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
            ],
            check=True,
            user=self.pg_user,
            stdout=subprocess.DEVNULL,
        )

    def start_postgres(self) -> float:
        options = f"-p {self.pg_port} -k {self.tmp} -c listen_addresses=127.0.0.1"
        self.pg("-o", options, "-l", str(self.tmp / "postgres.log"), "-w", "start")
        import psycopg

        return wait_for(
            lambda: (
                psycopg.connect(
                    f"postgresql://postgres@127.0.0.1:{self.pg_port}/postgres"
                ).close()
                is None
            ),
            "PostgreSQL",
        )

    def stop_postgres(self, mode: str = "fast") -> None:
        self.pg("-m", mode, "-w", "stop")

    def create_database(self) -> None:
        import psycopg

        with psycopg.connect(
            f"postgresql://postgres@127.0.0.1:{self.pg_port}/postgres", autocommit=True
        ) as conn:
            conn.execute(
                "CREATE DATABASE tracker TEMPLATE template0 ENCODING 'UTF8' "
                "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
            )

    def manage(self, *args: str) -> None:
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def start_worker(self) -> None:
        self.start(
            "worker",
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                f"--concurrency={self.worker_concurrency}",
                "--loglevel=WARNING",
                "-n",
                f"stack-{self.redis_port}@%h",
            ],
        )

    def start_beat(self) -> None:
        self.start(
            "beat",
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "beat",
                "--loglevel=WARNING",
                f"--schedule={self.tmp / 'beat-schedule'}",
            ],
        )

    def start_web(self, **env: str) -> float:
        self.env = {
            **self.env,
            "GUNICORN_BIND": f"127.0.0.1:{self.web_port}",
            **env,
        }
        self.start("web", [sys.executable, "-m", "gunicorn", "config.wsgi"])
        import urllib.request

        return wait_for(
            lambda: (
                urllib.request.urlopen(f"{self.url}/healthz", timeout=5).status == 200
            ),
            "gunicorn",
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    # --- whole stack --------------------------------------------------------

    def up(self, *, celery: bool = True) -> None:
        self.start_redis()
        self.init_postgres()
        self.start_postgres()
        self.create_database()
        self.manage("migrate", "--noinput")
        self.manage("import_gazetteer")
        if celery:
            self.start_worker()
            self.start_beat()

    def down(self) -> None:
        for name in list(self.processes):
            self.kill(name, signal.SIGTERM)
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop_postgres("immediate")
        if self.keep_logs:
            self.keep_logs.mkdir(parents=True, exist_ok=True)
            for log in self.tmp.glob("*.log"):
                shutil.copy(log, self.keep_logs / log.name)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self) -> Stack:
        return self

    def __exit__(self, *exc) -> None:
        self.down()
