"""What curators decide: review links, advance stages, and confirm, rename, re-type,
merge or reject the initiatives discovery suggests.

Automatic tagging replaces only links still in the `suggested` state with origin
`auto`; everything here marks a link as reviewed, so a later re-tag keeps it. An
initiative a curator decided on carries `reviewed_at`, so a re-tag never removes it.
"""

from django.db import transaction
from django.utils import timezone

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


@transaction.atomic
def merge_initiatives(
    source: Initiative, target: Initiative, user, reason: str = ""
) -> int:
    """Fold `source` into `target`: links, districts, partners, terms and known names
    move; `source` is deleted. Returns the number of links moved.

    An article can carry one tag per initiative, so where both have one the stronger
    stays (see _strength) and takes what only the other knew; the history says what
    was folded, so no reported event disappears unrecorded."""
    if source.pk == target.pk:
        raise ValueError("Choose two different initiatives.")
    if target.review_state == ReviewState.REJECTED:
        # Its links would drop out of every analyst's view with it.
        raise ValueError("A rejected initiative cannot take others in.")
    # Read before _reviewed() below marks the curator's hand on the target.
    untouched = _untouched(target)
    known = [*target.known_names, source.name_ko, *source.known_names]
    moved, folded = 0, []
    for link in source.links.select_related("article"):
        twin = target.links.filter(article=link.article).first()
        if twin is None:
            link.initiative = target
            link.save(update_fields=["initiative"])
            moved += 1
            continue
        kept, dropped = (
            (link, twin) if _strength(link) > _strength(twin) else (twin, link)
        )
        dropped.delete()
        if dropped.review_state != ReviewState.REJECTED:
            _fold(kept, dropped)
            known.append(dropped.name_as_reported)
        kept.initiative = target
        kept.save()
        moved += kept is link
        folded.append((_described(dropped), _described(kept)))
    target.districts.add(*source.districts.all())
    target.partners.add(*source.partners.all())
    terms = list(dict.fromkeys([*target.match_terms, *source.match_terms]))
    changes = {
        "match_terms": (target.match_terms, terms),
        "merged": (source.name_ko, target.name_ko),
    }
    if folded:
        # dropped -> kept, one pair per article both were tagged in
        changes["folded"] = (
            "; ".join(dropped for dropped, _ in folded),
            "; ".join(kept for _, kept in folded),
        )
    stage = _merged_stage(source, target, untouched)
    if stage != target.stage:
        changes["stage"] = (target.stage, stage)
    # The source's wordings now name the target: a re-tag resolves them there.
    target.known_names = list(dict.fromkeys(filter(None, known)))
    target.match_terms, target.stage = terms, stage
    _reviewed(target, user)
    target.save()
    record(target, "initiatives merged", user, changes, reason)
    # Bookmarks of the merged initiative (and of what was merged into it) lead on.
    source.redirects.update(initiative=target)
    InitiativeRedirect.objects.create(old_slug=source.slug, initiative=target)
    source.delete()
    target.refresh_seen()
    return moved


def _strength(link: InitiativeLink) -> tuple[int, int]:
    """Which of two tags of one article stands after a merge: a curator's confirmation
    first, then an open suggestion, a rejected one last; between equals, the event
    furthest along (Initiative.Stage order)."""
    state = {ReviewState.CONFIRMED: 2, ReviewState.SUGGESTED: 1}.get(
        link.review_state, 0
    )
    order = list(Initiative.Stage.values)
    return state, order.index(link.event) if link.event in order else -1


def _fold(kept: InitiativeLink, dropped: InitiativeLink) -> None:
    """What only the dropped tag knew: its partners, amount, and the date of the
    same event."""
    if not kept.partners:
        kept.partners = dropped.partners
    if kept.amount_won is None:
        kept.amount_won = dropped.amount_won
    if kept.event_date is None and kept.event == dropped.event:
        kept.event_date = dropped.event_date
        kept.event_date_precision = dropped.event_date_precision


def _described(link: InitiativeLink) -> str:
    """One tag in the history: article, event, state and the wording it used."""
    event = link.event or "-"
    return f"#{link.article_id} {event} ({link.review_state}) {link.name_as_reported}".strip()


def _untouched(initiative: Initiative) -> bool:
    """A suggestion no curator has looked at: its stage follows what articles say."""
    return (
        initiative.review_state == ReviewState.SUGGESTED
        and initiative.reviewed_at is None
    )


def _merged_stage(source: Initiative, target: Initiative, untouched: bool) -> str:
    """The target's stage after the merge. An untouched suggestion follows the
    furthest stage its standing tags report, as resolution.remember does; otherwise
    only confirmed events move it on, as review() does. Never back."""
    states = [ReviewState.CONFIRMED]
    if untouched:
        states.append(ReviewState.SUGGESTED)
    reported = list(
        target.links.filter(review_state__in=states).values_list("event", flat=True)
    )
    if untouched or source.review_state == ReviewState.CONFIRMED:
        reported.append(source.stage)
    stage = target.stage
    for event in reported:
        if moves_on(stage, event):
            stage = event
    return stage


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
def confirm_initiative(initiative: Initiative, user, reason: str = "") -> int:
    """The initiative is real: it stops being a suggestion, and so do the automatic
    tags it was suggested from. The curator judged it on that evidence (the review
    card shows every tag's sentence), so asking again, article by article, would
    only repeat the same decision; each tag gets its own history entry, and a
    confirmed event may move the stage on. Returns the number of tags confirmed."""
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
    links = list(initiative.links.automatic_and_open().order_by("pk"))
    for link in links:
        review(link, ReviewState.CONFIRMED, user, reason)
    return len(links)


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
