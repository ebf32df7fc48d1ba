"""What curators decide: review links, advance stages, and confirm, rename, re-type,
merge or reject the initiatives discovery suggests.

Automatic tagging replaces only links still in the `suggested` state with origin
`auto`; everything here marks a link as reviewed, so a later re-tag keeps it. An
initiative a curator decided on carries `reviewed_at`, so a re-tag never removes it.
"""

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from districts.models import District
from tracker.history import diff, record
from tracker.models import (
    Article,
    DistrictLink,
    Initiative,
    InitiativeKind,
    InitiativeLink,
    InitiativeRedirect,
    ReviewState,
)
from tracker.models.stages import moves_on


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
    """Fold `source` into `target`: links, districts, partners, terms and known names
    move; `source` is deleted. Returns the number of links moved."""
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
    # The source's wordings now name the target: a re-tag resolves them there.
    known = list(
        dict.fromkeys([*target.known_names, source.name_ko, *source.known_names])
    )
    changes = {
        "match_terms": (target.match_terms, terms),
        "merged": (source.name_ko, target.name_ko),
    }
    target.match_terms, target.known_names = terms, known
    _reviewed(target, user)
    target.save()
    record(target, "initiatives merged", user, changes, reason)
    # Bookmarks of the merged initiative (and of what was merged into it) lead on.
    source.redirects.update(initiative=target)
    InitiativeRedirect.objects.create(old_slug=source.slug, initiative=target)
    source.delete()
    target.refresh_seen()
    return moved


def merge_choices(initiatives) -> None:
    """Give each initiative `merge_near` (initiatives of its districts, or city-wide
    ones for a city-wide one) and `merge_far` (the rest): two queries for them all."""
    items = list(initiatives)
    if not items:
        return
    candidates = list(
        Initiative.objects.exclude(review_state=ReviewState.REJECTED)
        .only("pk", "slug", "name_ko", "name_en")
        .prefetch_related(Prefetch("districts", District.objects.only("pk")))
        .order_by("name_ko", "pk")
    )
    places = {c.pk: {d.pk for d in c.districts.all()} for c in candidates}
    for item in items:
        own = {d.pk for d in item.districts.all()}
        near = [
            c
            for c in candidates
            if c.pk != item.pk and (places[c.pk] & own or not (places[c.pk] or own))
        ]
        item.merge_near = near
        item.merge_far = [c for c in candidates if c.pk != item.pk and c not in near]


def _rank(link) -> int:
    return {ReviewState.CONFIRMED: 2, ReviewState.SUGGESTED: 1}.get(
        link.review_state, 0
    )


def advance_stage(initiative: Initiative, event: str, user=None) -> bool:
    """Move the stage forward (never back) to what the event shows; True if it moved."""
    if not moves_on(initiative.stage, event):
        return False
    record(initiative, "stage advanced", user, {"stage": (initiative.stage, event)})
    initiative.stage = event
    initiative.save(update_fields=["stage"])
    return True


# --- Discovered initiatives: confirm, rename, re-type, reject --------------------------


def _reviewed(initiative: Initiative, user) -> list[str]:
    """Mark a curator's hand on the initiative; a re-tag never deletes it afterwards."""
    initiative.reviewed_by, initiative.reviewed_at = user, timezone.now()
    return ["reviewed_by", "reviewed_at"]


@transaction.atomic
def confirm_initiative(initiative: Initiative, user, reason: str = "") -> None:
    """The initiative is real: it stops being a suggestion."""
    before = initiative.review_state
    initiative.review_state = ReviewState.CONFIRMED
    fields = ["review_state", *_reviewed(initiative, user)]
    initiative.save(update_fields=fields)
    record(
        initiative,
        "initiative confirmed",
        user,
        {"review_state": (before, ReviewState.CONFIRMED)},
        reason,
    )


@transaction.atomic
def reject_initiative(initiative: Initiative, user, reason: str = "") -> int:
    """Not an initiative: its open tags are rejected and its names are not suggested
    again in its districts (resolution drops mentions that match a rejected one).
    Returns the number of tags rejected."""
    before = initiative.review_state
    initiative.review_state = ReviewState.REJECTED
    initiative.save(update_fields=["review_state", *_reviewed(initiative, user)])
    record(
        initiative,
        "initiative rejected",
        user,
        {"review_state": (before, ReviewState.REJECTED)},
        reason,
    )
    links = list(initiative.links.filter(review_state=ReviewState.SUGGESTED))
    for link in links:
        review(link, ReviewState.REJECTED, user, reason)
    initiative.refresh_seen()
    return len(links)


@transaction.atomic
def rename_initiative(
    initiative: Initiative, user, *, name_ko: str, name_en: str, reason: str = ""
) -> bool:
    """New names; the old Korean one stays a known wording, so articles that use it
    still resolve here. Returns False when nothing changed."""
    name_ko, name_en = name_ko.strip()[:200], name_en.strip()[:200]
    if not name_ko:
        raise ValueError("An initiative needs a Korean name.")
    changes = diff(
        {"name_ko": initiative.name_ko, "name_en": initiative.name_en},
        {"name_ko": name_ko, "name_en": name_en},
    )
    if not changes:
        return False
    known = list(dict.fromkeys([*initiative.known_names, initiative.name_ko, name_ko]))
    initiative.name_ko, initiative.name_en = name_ko, name_en
    initiative.known_names = known
    initiative.save(
        update_fields=[
            "name_ko",
            "name_en",
            "known_names",
            *_reviewed(initiative, user),
        ]
    )
    record(initiative, "initiative renamed", user, changes, reason)
    return True


@transaction.atomic
def retype_initiative(
    initiative: Initiative, user, kind: InitiativeKind, reason: str = ""
) -> bool:
    """Another kind of the typology; the coarse category follows the kind."""
    category = (
        kind.category
        if kind.category in Initiative.Category.values
        else initiative.category
    )
    changes = diff(
        {"kind": initiative.kind, "category": initiative.category},
        {"kind": kind, "category": category},
    )
    if not changes:
        return False
    initiative.kind, initiative.category = kind, category
    initiative.save(update_fields=["kind", "category", *_reviewed(initiative, user)])
    record(initiative, "initiative re-typed", user, changes, reason)
    return True


def schedule_retag(initiative: Initiative) -> None:
    """Re-tag in the background once the change is committed."""
    from tracker.tasks import retag_initiative_task

    transaction.on_commit(
        lambda: retag_initiative_task.delay(initiative.pk), robust=True
    )
