"""The login lock-out holds under concurrency: the limit counts password checks.

What it proves: each check is counted before it happens, so with the limit at 5 no
more than 5 passwords are checked for a name and address, sequentially or with 20
requests at once (threads, each with its own database connection, on PostgreSQL);
the page says "locked" only for a request whose password was not checked; a right
password gives back its own count; old counters are purged.
"""

import threading
from datetime import timedelta

import pytest
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tracker import lockout
from tracker.models import LoginAttempt

LOCKED = "로그인 실패가 너무 많습니다"
WRONG = "올바른"  # Django's "Please enter a correct username and password", in Korean


@pytest.fixture
def checks(monkeypatch):
    """How many passwords were checked, from any thread."""
    counted = []
    real = AbstractBaseUser.check_password

    def counting(self, raw_password):
        counted.append(raw_password)
        return real(self, raw_password)

    monkeypatch.setattr(AbstractBaseUser, "check_password", counting)
    return counted


def log_in(client, password, address="203.0.113.5"):
    return client.post(
        reverse("login"),
        {"username": "curator-choi", "password": password},
        REMOTE_ADDR=address,
    )


@pytest.mark.django_db
def test_the_sixth_guess_is_refused_unchecked_and_says_locked(client, checks, settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    UserFactory(username="curator-choi", password="맞는-비밀번호-42")

    pages = [log_in(client, f"틀림-{n}").content.decode() for n in range(7)]
    right = log_in(client, "맞는-비밀번호-42")

    assert len(checks) == 5
    assert [LOCKED in page for page in pages] == [False] * 5 + [True] * 2
    assert all(WRONG in page for page in pages[:5])
    assert LOCKED in right.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_right_password_clears_the_count_at_its_address(client, checks, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    UserFactory(username="curator-choi", password="맞는-비밀번호-42")
    log_in(client, "틀림-1")
    log_in(client, "틀림-2")

    assert log_in(client, "맞는-비밀번호-42").status_code == 302

    assert not LoginAttempt.objects.filter(address="203.0.113.5").exists()
    anywhere = LoginAttempt.objects.get(username="curator-choi", address="*")
    assert anywhere.attempts == 2  # the two wrong ones; the right one is given back


@pytest.mark.django_db
def test_a_counter_starts_over_once_its_lockout_has_passed(settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    counter = lockout.Counter("curator-choi", "203.0.113.5", 2)
    assert [lockout.count(counter) for _ in range(3)] == [1, 2, 3]
    LoginAttempt.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    assert lockout.count(counter) == 1
    assert lockout.purge(timezone.now() + timedelta(days=1)) == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="threads writing at once need PostgreSQL (SQLite test databases are "
    "in-memory and lock whole tables); CI runs this on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_twenty_guesses_at_once_check_at_most_five_passwords(checks, settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    UserFactory(username="curator-choi", password="맞는-비밀번호-42")
    start = threading.Barrier(20)
    pages = []

    def guess(n: int) -> None:
        client = Client()
        start.wait()
        try:
            pages.append(log_in(client, f"틀림-{n}").content.decode())
        finally:
            connection.close()

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(pages) == 20
    assert len(checks) == 5
    assert sum(LOCKED in page for page in pages) == 15
    counted = LoginAttempt.objects.get(username="curator-choi", address="203.0.113.5")
    assert counted.attempts == 20
