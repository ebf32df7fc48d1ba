import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_url

ROOT = Path(__file__).resolve().parent.parent


def test_env_bool_rejects_a_value_it_cannot_read(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG='maybe' is not a boolean"):
        env_bool("DEBUG")


def test_env_int_and_url_say_what_to_fix(monkeypatch):
    monkeypatch.setenv("INGEST_MAX_BYTES", "ten")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("INGEST_MAX_BYTES", 1)
    monkeypatch.setenv("REDIS_URL", "localhost:6379")
    with pytest.raises(ImproperlyConfigured, match="redis://"):
        env_url("REDIS_URL", ("redis", "rediss"))


def run_check(extra_env: dict, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    result = run_check(
        {
            "DEBUG": "0",
            "SECRET_KEY": "x" * 30 + "-production-secret-with-enough-entropy-9f8e7d",
            "ALLOWED_HOSTS": "tracker.example.org",
        },
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_without_a_secret_key_fails_with_a_clear_message():
    result = run_check({"DEBUG": "0", "SECRET_KEY": "", "ALLOWED_HOSTS": "x.example"})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_in_production_e_mail_links_start_at_the_sites_own_host():
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    env.pop("SITE_URL", None)
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": "x" * 60,
            "ALLOWED_HOSTS": "tracker.example.org,www.tracker.example.org",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", "from config import settings; print(settings.SITE_URL)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "https://tracker.example.org", result.stderr
