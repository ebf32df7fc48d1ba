"""What curators decide: review links, advance stages, turn suggestions into initiatives.

Automatic tagging replaces only links still in the `suggested` state with origin
`auto`; everything here marks a link as reviewed, so a later re-tag keeps it.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from tracker.history import diff, record
from tracker.models import (
    Article,
    DistrictLink,
    Initiative,
    InitiativeLink,
    InitiativeRedirect,
    InitiativeSuggestion,
    ReviewState,
)

# A confirmed event moves the stage forward, in the order Stage lists them; an
# initiative that ended stays ended.
STAGE_ORDER = list(Initiative.Stage)


@transaction.atomic
def review(link, state: str, user, reason: str = "") -> None:
    """Confirm or reject a district or initiative link; a confirmed event may advance a stage."""
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


@transaction.atomic
def merge_initiatives(
    source: Initiative, target: Initiative, user, reason: str = ""
) -> int:
    """Fold `source` into `target`: links, districts, partners, terms and suggestions move;
    `source` is deleted. Returns the number of links moved."""
    if source.pk == target.pk:
        raise ValueError("Choose two different initiatives.")
    moved = 0
    for link in source.links.select_related("article"):
        twin = target.links.filter(article=link.article).first()
        if twin is None:
            link.initiative = target
            link.save(update_fields=["initiative"])
            moved += 1
        elif _rank(link) > _rank(twin):
            # Keep the stronger claim that the article reports the merged initiative,
            # whichever side it was on: confirmed, then open, then rejected.
            twin.delete()
            link.initiative = target
            link.save(update_fields=["initiative"])
            moved += 1
        else:
            link.delete()
    target.districts.add(*source.districts.all())
    target.partners.add(*source.partners.all())
    terms = list(dict.fromkeys([*target.match_terms, *source.match_terms]))
    InitiativeSuggestion.objects.filter(initiative=source).update(initiative=target)
    changes = {
        "match_terms": (target.match_terms, terms),
        "merged": (source.name_ko, target.name_ko),
    }
    target.match_terms = terms
    target.save()
    record(target, "initiatives merged", user, changes, reason)
    # Bookmarks of the merged initiative (and of what was merged into it) lead on.
    source.redirects.update(initiative=target)
    InitiativeRedirect.objects.create(old_slug=source.slug, initiative=target)
    source.delete()
    target.refresh_seen()
    return moved


def _rank(link) -> int:
    return {ReviewState.CONFIRMED: 2, ReviewState.SUGGESTED: 1}.get(
        link.review_state, 0
    )


def advance_stage(initiative: Initiative, event: str, user=None) -> bool:
    """Move the stage forward (never back) to what the event shows; True if it moved."""
    target = event if event in STAGE_ORDER else None
    if target is None or initiative.stage == Initiative.Stage.ENDED:
        return False
    if STAGE_ORDER.index(target) <= STAGE_ORDER.index(initiative.stage):
        return False
    record(initiative, "stage advanced", user, {"stage": (initiative.stage, target)})
    initiative.stage = target
    initiative.save(update_fields=["stage"])
    return True


@transaction.atomic
def accept_suggestion(suggestion: InitiativeSuggestion, user) -> Initiative:
    """A new initiative named by the suggestion; its name becomes its first match term."""
    base = (
        slugify(
            f"{suggestion.district.slug if suggestion.district else 'seoul'}-{suggestion.pk}"
        )
        or "initiative"
    )
    initiative = Initiative.objects.create(
        slug=f"suggested-{base}",
        name_ko=suggestion.name_ko,
        name_en=suggestion.name_ko,
        category=Initiative.Category.ADMINISTRATION,
        stage=Initiative.Stage.ANNOUNCED,
        summary_ko=suggestion.evidence,
        match_terms=[suggestion.name_ko],
    )
    if suggestion.district:
        initiative.districts.add(suggestion.district)
    close(suggestion, InitiativeSuggestion.Status.ACCEPTED, initiative)
    record(
        initiative, "suggestion accepted", user, {"name_ko": ("", initiative.name_ko)}
    )
    schedule_retag(initiative)
    return initiative


@transaction.atomic
def merge_suggestion(
    suggestion: InitiativeSuggestion, initiative: Initiative, user
) -> None:
    """Fold the suggestion into an existing initiative as one more match term."""
    if suggestion.name_ko not in initiative.match_terms:
        initiative.match_terms = [*initiative.match_terms, suggestion.name_ko]
        initiative.save(update_fields=["match_terms"])
    close(suggestion, InitiativeSuggestion.Status.MERGED, initiative)
    record(
        initiative, "suggestion merged", user, {"match_terms": ("", suggestion.name_ko)}
    )
    schedule_retag(initiative)


def dismiss_suggestion(suggestion: InitiativeSuggestion, user) -> None:
    close(suggestion, InitiativeSuggestion.Status.DISMISSED, None)
    record(suggestion, "suggestion dismissed", user)


def close(suggestion, status, initiative) -> None:
    suggestion.status = status
    suggestion.initiative = initiative
    suggestion.save(update_fields=["status", "initiative"])


def schedule_retag(initiative: Initiative) -> None:
    """Re-tag in the background once the change is committed."""
    from tracker.tasks import retag_initiative_task

    transaction.on_commit(
        lambda: retag_initiative_task.delay(initiative.pk), robust=True
    )
