"""What curators decide about initiatives: merge two, and confirm, rename, re-type
or reject the ones discovery suggests.

An initiative a curator decided on carries `reviewed_at`, so a re-tag never removes
it. Its tags are decided through tracker.curation.review, which records each one.
"""

from django.db import transaction
from django.utils import timezone

from tracker.curation import review
from tracker.history import diff, record
from tracker.models import (
    Initiative,
    InitiativeKind,
    InitiativeLink,
    InitiativeRedirect,
    ReviewState,
)
from tracker.models.stages import moves_on


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
