"""An index in an order that says where NULLs go, on PostgreSQL and SQLite alike.

PostgreSQL puts NULLs first in a descending index and needs `NULLS LAST` to keep
them at the end; SQLite's CREATE INDEX takes no NULLS clause, and its descending
order already keeps them last (and its ascending, first). So the same index, with
the clause left out on SQLite, serves the same order on both: the model's state and
each database then agree, and a migration needs no database-specific step.
"""

from django.db import models
from django.db.models import OrderBy


class NullsOrderedIndex(models.Index):
    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "sqlite":
            return super().create_sql(model, schema_editor, using, **kwargs)
        plain = self.clone()
        plain.expressions = tuple(without_nulls(e) for e in self.expressions)
        return super(NullsOrderedIndex, plain).create_sql(
            model, schema_editor, using, **kwargs
        )


def without_nulls(expression):
    """The order of `expression` as SQLite builds it: no NULLS clause, refused where
    SQLite's own place for NULLs differs from the one asked for."""
    if not isinstance(expression, OrderBy):
        return expression
    if expression.nulls_last and not expression.descending:
        raise ValueError("SQLite keeps NULLs first in an ascending index")
    if expression.nulls_first and expression.descending:
        raise ValueError("SQLite keeps NULLs last in a descending index")
    return OrderBy(expression.expression, descending=expression.descending)


def wait_for_locks_briefly(apps, schema_editor):
    """A migration's first step where it swaps indexes on a live table (RunPython):
    give up after 10 s rather than queue every read of the table behind the lock a
    DROP INDEX waits for (behind a long export, say); run the migration again later."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET LOCAL lock_timeout = '10s'")
