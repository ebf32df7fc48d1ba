"""An index for the list of one publisher's visible articles, newest first.

Its count is read from the index alone, and its pages in date order; about two
seconds to build at 1M articles, during which articles cannot be stored.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0021_search_long_pieces"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(
                    ("duplicate_of__isnull", True),
                    ("is_relevant", True),
                    models.Q(("scope", "out"), _negated=True),
                    models.Q(("status", "rejected"), _negated=True),
                ),
                fields=["publisher", "-published_at", "-id"],
                name="article_publisher_listable",
            ),
        ),
    ]
