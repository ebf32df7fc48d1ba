"""What curators decide: review links, advance stages, turn suggestions into initiatives.

Automatic tagging replaces only links still in the `suggested` state with origin
`auto`; everything here marks a link as reviewed, so a later re-tag keeps it.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from tracker.models import (
    Initiative,
    InitiativeLink,
    InitiativeSuggestion,
    ReviewState,
)

# Which stage a confirmed event shows an initiative has reached, in order of progress.
STAGE_ORDER = [
    Initiative.Stage.PROPOSED,
    Initiative.Stage.ANNOUNCED,
    Initiative.Stage.AGREEMENT,
    Initiative.Stage.ORDINANCE,
    Initiative.Stage.FUNDED,
    Initiative.Stage.CONSTRUCTION,
    Initiative.Stage.OPERATING,
]
EVENT_STAGE = {
    InitiativeLink.Event.ANNOUNCED: Initiative.Stage.ANNOUNCED,
    InitiativeLink.Event.AGREEMENT: Initiative.Stage.AGREEMENT,
    InitiativeLink.Event.ORDINANCE: Initiative.Stage.ORDINANCE,
    InitiativeLink.Event.FUNDED: Initiative.Stage.FUNDED,
    InitiativeLink.Event.OPENED: Initiative.Stage.OPERATING,
}


def review(link, state: str, user) -> None:
    """Confirm or reject a district or initiative link; a confirmed event may advance a stage."""
    link.review_state = state
    link.reviewed_by = user
    link.reviewed_at = timezone.now()
    link.save(update_fields=["review_state", "reviewed_by", "reviewed_at"])
    if isinstance(link, InitiativeLink) and state == ReviewState.CONFIRMED:
        advance_stage(link.initiative, link.event)


def advance_stage(initiative: Initiative, event: str) -> bool:
    """Move the stage forward (never back) to what the event shows; True if it moved."""
    target = EVENT_STAGE.get(event)
    if target is None or initiative.stage == Initiative.Stage.STALLED:
        return False
    if STAGE_ORDER.index(target) <= STAGE_ORDER.index(initiative.stage):
        return False
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
    schedule_retag(initiative)


def dismiss_suggestion(suggestion: InitiativeSuggestion, user) -> None:
    close(suggestion, InitiativeSuggestion.Status.DISMISSED, None)


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
