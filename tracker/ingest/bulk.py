"""Many rows' fields saved in one statement."""

from django.db import connection


def update_each(objects: list, fields: list[str]) -> None:
    """Save `fields` of each object in one statement. Django's bulk_update builds a
    CASE per field and row, which costs more than the documents' reading; on
    PostgreSQL the rows' values are joined in as a VALUES list instead."""
    if not objects:
        return
    objects = sorted(objects, key=lambda o: o.pk)  # locked in one order by every worker
    model = type(objects[0])
    if connection.vendor != "postgresql":
        model.objects.bulk_update(objects, fields)
        return
    columns = [model._meta.pk, *(model._meta.get_field(name) for name in fields)]
    row = "(" + ", ".join(f"%s::{c.db_type(connection)}" for c in columns) + ")"
    sql = (
        f"UPDATE {model._meta.db_table} AS t SET "
        + ", ".join(f"{c.column} = v.{c.column}" for c in columns[1:])
        + f" FROM (VALUES {', '.join([row] * len(objects))}) AS v("
        + ", ".join(c.column for c in columns)
        + f") WHERE t.{columns[0].column} = v.{columns[0].column}"
    )
    params = [
        c.get_db_prep_save(getattr(o, c.attname), connection)
        for o in objects
        for c in columns
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
