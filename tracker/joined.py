"""Many related rows as one text cell, gathered by the database.

An export row shows an article's districts as "금천구; 강서구": `Joined` is that
cell as a correlated subquery, so one query reads any number of articles with all
their names, and no Python object is built per link. The values keep the order of
the queryset given, on both databases: PostgreSQL collects them with ARRAY(),
which keeps the subquery's ORDER BY; SQLite (tests, development) concatenates a
sorted subquery with group_concat, which reads it in that order.
"""

from django.db.models import Subquery, TextField


class Joined(Subquery):
    """`value` (an expression over `queryset`'s rows) of every row of `queryset`, in
    its order, joined by `separator`; "" when there are none."""

    def __init__(self, queryset, value, separator: str):
        super().__init__(
            queryset.annotate(joined_value=value).values_list("joined_value"),
            output_field=TextField(),
        )
        self.separator = separator

    def as_sql(self, compiler, connection, template=None, **extra_context):
        sql, params = super().as_sql(compiler, connection)
        if connection.vendor == "postgresql":
            return f"array_to_string(ARRAY{sql}, %s)", (*params, self.separator)
        return (
            "(SELECT COALESCE(group_concat(joined.joined_value, %s), '')"
            f" FROM {sql} joined)",
            (self.separator, *params),
        )
