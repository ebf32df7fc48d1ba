"""What curators decide about articles and their links: review district and
initiative links (a confirmed event may advance its initiative's stage), correct
them, approve or reject articles and mark copies. What curators decide about the
initiatives themselves is in tracker/initiative_curation.py.

Automatic tagging replaces only links still in the `suggested` state with origin
`auto`; everything here marks a link as reviewed, so a later re-tag keeps it.
"""

from django.db import transaction
from django.utils import timezone

from tracker.history import diff, record
from tracker.models import (
    Article,
    DistrictLink,
    Initiative,
    InitiativeLink,
    ReviewState,
)
from tracker.models.stages import moves_on


def _lock_article(link) -> None:
    """Lock a district link's article before the link: a change of its districts
    rewrites the article's search tokens (migration 0020's trigger), and retagging
    locks the article and then its links; the other order deadlocked with it."""
    list(Article.objects.select_for_update().filter(pk=link.article_id).values("pk"))


@transaction.atomic
def review(link, state: str, user, reason: str = "") -> None:
    """Confirm or reject a district or initiative link; a confirmed event may advance a stage."""
    rejected = ReviewState.REJECTED
    if isinstance(link, DistrictLink) and rejected in (state, link.review_state):
        _lock_article(link)  # its districts change (a confirmation leaves them)
    before = link.review_state
    link.review_state = state
    link.reviewed_by = user
    link.reviewed_at = timezone.now()
    link.save(update_fields=["review_state", "reviewed_by", "reviewed_at"])
    record(link, f"link {state}", user, {"review_state": (before, state)}, reason)
    if isinstance(link, InitiativeLink):
        link.initiative.refresh_seen()
        if state == ReviewState.CONFIRMED:
            advance_stage(link.initiative, link.event, user)


@transaction.atomic
def change_district_link(
    link: DistrictLink, user, *, district=None, role=None, reason=""
):
    """A curator's correction: another district or role. Returns the link that stands."""
    _lock_article(link)
    changes = {}
    if district and district != link.district:
        existing = link.article.district_links.filter(district=district).first()
        if existing:
            # The article already has that district: keep that link, drop this one.
            review(link, ReviewState.REJECTED, user, reason)
            link = existing
        else:
            changes["district"] = (link.district, district)
            link.district = district
            link.spans = []  # the old name's offsets would mark the wrong words
    if role and role != link.role:
        changes["role"] = (link.role, role)
        link.role = role
    return _apply_change(link, user, changes, reason)


@transaction.atomic
def change_initiative_link(link: InitiativeLink, user, *, initiative, reason=""):
    if initiative == link.initiative:
        return _apply_change(link, user, {}, reason)  # a plain confirmation
    existing = link.article.initiative_links.filter(initiative=initiative).first()
    if existing and existing.pk != link.pk:
        review(link, ReviewState.REJECTED, user, reason)
        return _apply_change(existing, user, {}, reason)
    return _apply_change(
        link, user, {"initiative": (link.initiative, initiative)}, reason
    )


def _apply_change(link, user, changes: dict, reason: str):
    if "initiative" in changes:
        link.initiative = changes["initiative"][1]
    if changes:
        link.is_changed = True
    changes["review_state"] = (link.review_state, ReviewState.CONFIRMED)
    link.review_state = ReviewState.CONFIRMED
    link.reviewed_by, link.reviewed_at = user, timezone.now()
    link.save()
    record(
        link,
        "link changed" if link.is_changed else "link confirmed",
        user,
        changes,
        reason,
    )
    return link


def bulk_confirm(links, min_confidence: float, user) -> int:
    """Confirm every open suggestion at or above the threshold; returns how many."""
    chosen = list(
        links.filter(review_state=ReviewState.SUGGESTED, confidence__gte=min_confidence)
    )
    for link in chosen:
        review(link, ReviewState.CONFIRMED, user, f"bulk ≥ {min_confidence:.2f}")
    return len(chosen)


@transaction.atomic
def decide_article(
    article: Article, status: str, user, *, reason: str = "", relevant=None
) -> None:
    """Approve or reject an article; a rejection may say the article is not AI policy."""
    before = {
        "status": article.status,
        "reviewed_relevance": article.reviewed_relevance,
    }
    article.status = status
    if relevant is None and status == Article.Status.APPROVED:
        relevant = True
    article.reviewed_relevance = relevant
    article.review_reason = reason[:300]
    article.reviewed_by, article.reviewed_at = user, timezone.now()
    article.save(
        update_fields=[
            "status",
            "reviewed_relevance",
            "review_reason",
            "reviewed_by",
            "reviewed_at",
        ]
    )
    after = {"status": status, "reviewed_relevance": relevant}
    record(article, f"article {status}", user, diff(before, after), reason)
    for initiative in Initiative.objects.filter(links__article=article).distinct():
        initiative.refresh_seen()


@transaction.atomic
def mark_duplicate(article: Article, original: Article, user, reason: str = "") -> None:
    """Make `article` a copy of `original`'s story; its own copies follow it there."""
    root = original.duplicate_of or original
    if root.pk == article.pk:
        raise ValueError("An article cannot be a copy of itself.")
    before = article.duplicate_of
    article.duplicate_of = root
    article.save(update_fields=["duplicate_of"])
    # No chains: copies of this article now point at the original story too.
    article.duplicates.update(duplicate_of=root)
    record(article, "marked duplicate", user, {"duplicate_of": (before, root)}, reason)


# Here rather than in initiative_curation: review() moves the stage on, and
# initiative_curation builds on review(), so the other way round would be a cycle.
def advance_stage(initiative: Initiative, event: str, user=None) -> bool:
    """Move the stage forward (never back) to what the event shows; True if it moved."""
    if not moves_on(initiative.stage, event):
        return False
    record(initiative, "stage advanced", user, {"stage": (initiative.stage, event)})
    initiative.stage = event
    initiative.save(update_fields=["stage"])
    return True
