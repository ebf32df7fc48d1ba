"""The list-order indexes as each database builds them (tracker/models/indexes.py)."""

import pytest
from django.db import connection
from django.db.models import F

from tracker.models.indexes import wait_for_locks_briefly, without_nulls

pytestmark = pytest.mark.django_db


def definition(name: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = %s", [name]
            )
        else:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [name])
        return cursor.fetchone()[0]


def test_the_newest_first_index_keeps_nulls_last_in_the_databases_own_words():
    built = definition("article_newest")

    if connection.vendor == "postgresql":
        assert "(published_at DESC NULLS LAST, id DESC)" in built
    else:  # SQLite's DESC already keeps NULLs last, and it takes no NULLS clause
        assert '("published_at" DESC, "id" DESC)' in built


def test_an_order_sqlite_cannot_build_is_refused_not_built_otherwise():
    assert without_nulls(F("published_at").desc(nulls_last=True)).nulls_last is None
    with pytest.raises(ValueError):
        without_nulls(F("published_at").asc(nulls_last=True))
    with pytest.raises(ValueError):
        without_nulls(F("published_at").desc(nulls_first=True))


@pytest.mark.django_db(transaction=True)  # SET LOCAL ends with the transaction
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's lock_timeout is checked"
)
def test_a_migration_swapping_indexes_waits_ten_seconds_for_a_lock_at_most():
    with connection.schema_editor() as editor:
        wait_for_locks_briefly(None, editor)
        with connection.cursor() as cursor:
            cursor.execute("SHOW lock_timeout")
            assert cursor.fetchone() == ("10s",)
    with connection.cursor() as cursor:  # SET LOCAL: for the migration only
        cursor.execute("SHOW lock_timeout")
        assert cursor.fetchone() != ("10s",)
