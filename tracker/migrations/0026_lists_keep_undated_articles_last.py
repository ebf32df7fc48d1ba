"""Lists newest first with undated articles last, on PostgreSQL as on SQLite.

PostgreSQL puts NULLs first in a descending order, so its lists opened on every
undated article; the three indexes in list order are built again DESC NULLS LAST
(read backwards, they give oldest first with undated articles first, the exact
reverse). SQLite cannot order an index NULLS LAST, and needs not: its descending
indexes already keep NULLs last, so there only the model's state changes. At 1M
articles the three took 20 s to build, during which articles cannot be stored.
"""

from django.conf import settings
from django.db import migrations, models

VISIBLE = models.Q(
    ("duplicate_of__isnull", True),
    ("is_relevant", True),
    models.Q(("scope", "out"), _negated=True),
    models.Q(("status", "rejected"), _negated=True),
)
NEWEST = (
    models.OrderBy(models.F("published_at"), descending=True, nulls_last=True),
    models.OrderBy(models.F("id"), descending=True),
)
OLD = [
    models.Index(
        fields=["-published_at", "-id"], name="tracker_art_publish_7b6de6_idx"
    ),
    models.Index(
        fields=["-published_at", "-id"],
        name="article_listable_recent",
        condition=VISIBLE,
    ),
    models.Index(
        fields=["publisher", "-published_at", "-id"],
        name="article_publisher_listable",
        condition=VISIBLE,
    ),
]
NEW = [
    models.Index(*NEWEST, name="article_recent"),
    models.Index(*NEWEST, name="article_listable_recent", condition=VISIBLE),
    models.Index(
        models.F("publisher"),
        *NEWEST,
        name="article_publisher_listable",
        condition=VISIBLE,
    ),
]


def _swap(schema_editor, article, drop: list, build: list) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in drop:
        schema_editor.remove_index(article, index)
    for index in build:
        schema_editor.add_index(article, index)


def nulls_last(apps, schema_editor):
    _swap(schema_editor, apps.get_model("tracker", "Article"), OLD, NEW)


def nulls_first(apps, schema_editor):
    _swap(schema_editor, apps.get_model("tracker", "Article"), NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0025_tally_indexes_cover_counts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="article",
            options={
                "ordering": NEWEST,
                "verbose_name": "article",
                "verbose_name_plural": "articles",
            },
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                *(
                    migrations.RemoveIndex(model_name="article", name=index.name)
                    for index in OLD
                ),
                *(
                    migrations.AddIndex(model_name="article", index=index)
                    for index in NEW
                ),
            ],
            database_operations=[migrations.RunPython(nulls_last, nulls_first)],
        ),
    ]
