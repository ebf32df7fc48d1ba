"""A curator's correction of where an article belongs: its scope (a district, Seoul
city-wide, outside Seoul, no place found) and whether it is about AI policy.

Both decide whether the article counts anywhere (`Article.objects.visible()`), so a
correction moves counts: it is recorded in the history and bumps the cached figures,
and the initiatives it reports re-read their first and last dates. Re-tagging keeps
the correction (`scope_curated`).
"""

from django.db import transaction
from django.utils import timezone

from tracker import history
from tracker.models import Article, Initiative

ACTION = "scope corrected"


@transaction.atomic
def correct_scope(
    article: Article, user, *, scope: str, is_relevant: bool, reason: str = ""
) -> bool:
    """Set the article's scope and relevance; False (and nothing recorded) when
    neither changes."""
    before = {"scope": article.scope, "is_relevant": article.is_relevant}
    after = {"scope": scope, "is_relevant": is_relevant}
    changes = history.diff(before, after)
    if not changes:
        return False
    article.scope, article.is_relevant = scope, is_relevant
    article.scope_curated = True
    article.reviewed_by, article.reviewed_at = user, timezone.now()
    article.save(
        update_fields=[
            "scope",
            "is_relevant",
            "scope_curated",
            "reviewed_by",
            "reviewed_at",
        ]
    )
    history.record(article, ACTION, user, changes, reason)
    for initiative in Initiative.objects.filter(links__article=article).distinct():
        initiative.refresh_seen()
    return True
