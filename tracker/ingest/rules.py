"""What reading and storing an article take from the database that hardly ever
changes, kept per process: the catalogue and the kinds the reading steps use, the
kinds' rows and the districts' ids.

A worker used to read them for every document (four queries of a store's thirty).
Now a process reads them once and keeps them for RULES_SECONDS at most. A change
saved in this process (admin, curation, a test) drops them at once, and again when
its transaction commits, so that a process never keeps what it read while the change
was still uncommitted; other processes (workers) pick a change up within
RULES_SECONDS, as they do the gazetteer's aliases after a restart.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from districts.models import District
from tracker.models import Initiative, InitiativeKind, ReviewState
from tracker.reading.kinds import TYPOLOGY, KindSpec
from tracker.reading.tagging import CatalogueEntry

RULES_SECONDS = 10.0
# What the catalogue reads of an initiative: saving other fields changes nothing here
# (discovery saves wordings and dates seen on most articles).
CATALOGUE_FIELDS = frozenset({"slug", "name_ko", "match_terms", "review_state", "kind"})


@dataclass(frozen=True)
class Rules:
    catalogue: list[CatalogueEntry]
    kinds: tuple[KindSpec, ...]
    kind_rows: dict[str, InitiativeKind]  # by slug, for new suggestions
    district_ids: dict[str, int]  # by slug
    read_at: float


_lock = threading.Lock()
_rules: Rules | None = None


def current() -> Rules:
    """The rules, read again once they are RULES_SECONDS old or were changed here."""
    global _rules  # noqa: PLW0603
    with _lock:
        rules = _rules
        if rules is None or time.monotonic() - rules.read_at > RULES_SECONDS:
            rules = _rules = Rules(
                catalogue=catalogue(),
                kinds=kinds(),
                kind_rows=InitiativeKind.objects.in_bulk(field_name="slug"),
                district_ids=dict(District.objects.values_list("slug", "pk")),
                read_at=time.monotonic(),
            )
        return rules


def catalogue() -> list[CatalogueEntry]:
    """The initiatives as plain data for the tagger, read now (one query per batch, not
    per term). Only those with match terms can tag; a rejected one never does."""
    return [
        CatalogueEntry(
            slug=initiative.slug,
            name_ko=initiative.name_ko,
            districts=frozenset(d.slug for d in initiative.districts.all()),
            terms=tuple(initiative.match_terms),
            kind=initiative.kind.slug if initiative.kind else "",
        )
        for initiative in Initiative.objects.exclude(match_terms=[])
        .exclude(review_state=ReviewState.REJECTED)
        .select_related("kind")
        .prefetch_related("districts")
    ]


def kinds() -> tuple[KindSpec, ...]:
    """The typology as curators keep it in the admin, read now, for the discovery step
    (the shipped TYPOLOGY only if the table is empty)."""
    return tuple(kind.as_spec() for kind in InitiativeKind.objects.all()) or TYPOLOGY


def forget() -> None:
    """Drop the rules now and once the change commits (see the module docstring)."""
    drop()
    transaction.on_commit(drop, robust=True)


def connect() -> None:
    """Forget the rules whenever what they hold changes (called once, at start-up)."""
    for model in (InitiativeKind, District):
        for signal in (post_save, post_delete):
            signal.connect(_changed, sender=model, dispatch_uid=f"rules-{model}")
    post_save.connect(_initiative_saved, sender=Initiative, dispatch_uid="rules-save")
    post_delete.connect(_initiative_gone, sender=Initiative, dispatch_uid="rules-del")
    m2m_changed.connect(
        _initiative_districts,
        sender=Initiative.districts.through,
        dispatch_uid="rules-districts",
    )


def _changed(**kwargs) -> None:
    forget()


def _initiative_saved(instance, created, update_fields=None, **kwargs) -> None:
    if update_fields is not None and not CATALOGUE_FIELDS & set(update_fields):
        return
    if created and not instance.match_terms:
        return  # a new suggestion: the catalogue holds initiatives with terms
    forget()


def _initiative_gone(instance, **kwargs) -> None:
    if instance.match_terms:
        forget()


def _initiative_districts(instance, action, reverse, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    if reverse or instance.match_terms:
        forget()


def drop() -> None:
    """Drop this process's copy now (tests start without one)."""
    global _rules  # noqa: PLW0603
    with _lock:
        _rules = None
