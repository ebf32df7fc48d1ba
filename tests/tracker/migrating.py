"""Moving the test database between migrations, for tests of a migration's data."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()  # the graph as the last migration left it
    executor.migrate(targets)


def latest() -> list[tuple[str, str]]:
    """The last migration of every app: where a test must leave the database."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()
