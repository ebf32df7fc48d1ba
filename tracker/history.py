"""The record of curators' changes: who, when, what from what to what, and why."""

from django.db import models

from tracker import figures
from tracker.models import Change


def plain(value):
    """A JSON-safe picture of a field value, readable in the history later."""
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, list | tuple | set | models.QuerySet):
        return [plain(v) for v in value]
    return value


def record(
    obj, action: str, user, changes: dict | None = None, reason: str = ""
) -> Change:
    """Store one change; `changes` maps a field to (before, after)."""
    figures.changed()  # whatever a curator changed may move a count
    return Change.objects.create(
        target=obj,
        label=str(obj)[:300],
        action=action,
        changes={
            field: [plain(a), plain(b)] for field, (a, b) in (changes or {}).items()
        },
        reason=reason[:300],
        user=user if getattr(user, "pk", None) else None,
    )


def diff(before: dict, after: dict) -> dict:
    """Fields whose value differs, as {field: (before, after)}."""
    return {k: (before.get(k), after[k]) for k in after if before.get(k) != after[k]}
