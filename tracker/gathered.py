"""An article's related rows as one value of its row, gathered by the database.

`Gathered` is a correlated subquery whose rows come back as one list, in the
queryset's order: an ARRAY on PostgreSQL (which keeps the subquery's ORDER BY),
a JSON array on SQLite (tests, development), whose group functions read a sorted
subquery in its order. One query then reads any number of articles with all their
links, and no model instance is built per link.
"""

import json

from django.db.models import Field, Subquery


class Gathered(Subquery):
    """`value` (an expression over `queryset`'s rows) of every row of `queryset`, in
    its order, as a list; [] when there are none."""

    def __init__(self, queryset, value):
        super().__init__(
            queryset.annotate(gathered=value).values_list("gathered"),
            output_field=Field(),
        )

    def as_sql(self, compiler, connection, template=None, **extra_context):
        sql, params = super().as_sql(compiler, connection)
        if connection.vendor == "postgresql":
            return f"ARRAY{sql}", params
        return f"(SELECT json_group_array(gathered) FROM {sql})", params

    def get_db_converters(self, connection):
        # psycopg reads an ARRAY as a list already.
        return [] if connection.vendor == "postgresql" else [self.from_json]

    @staticmethod
    def from_json(value, expression, connection):
        return json.loads(value)
