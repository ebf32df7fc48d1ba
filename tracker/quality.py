"""How good the automatic suggestions are, measured by what curators decided.

For district links, initiative tags and relevance: the share confirmed, changed and
rejected, by confidence band and by month, so a curator can pick a safe threshold
for bulk confirmation.
"""

from django.db.models import Case, Count, F, FloatField, Q, Value, When
from django.db.models.functions import Cast, TruncMonth

from tracker.models import Article, DistrictLink, InitiativeLink, Origin, ReviewState

BANDS = [(0.0, 0.5), (0.5, 0.7), (0.7, 0.85), (0.85, 0.95), (0.95, 1.0)]


def band_of(field: str) -> Case:
    """The lower edge of the confidence band, as a number the database can group by."""
    whens = [
        When(**{f"{field}__gte": low, f"{field}__lt": high}, then=Value(low))
        for low, high in BANDS[:-1]
    ]
    return Case(*whens, default=Value(BANDS[-1][0]), output_field=FloatField())


def link_outcomes(model) -> dict:
    """Reviewed automatic links of `model`, by band and by month."""
    reviewed = model.objects.filter(origin=Origin.AUTO).exclude(
        review_state=ReviewState.SUGGESTED
    )
    counts = {
        "confirmed": Count(
            "pk", filter=Q(review_state=ReviewState.CONFIRMED, is_changed=False)
        ),
        "changed": Count("pk", filter=Q(is_changed=True)),
        "rejected": Count(
            "pk", filter=Q(review_state=ReviewState.REJECTED, is_changed=False)
        ),
    }
    return {
        "bands": rows(reviewed.annotate(key=band_of("confidence")), counts),
        "months": rows(reviewed.annotate(key=TruncMonth("reviewed_at")), counts),
    }


def relevance_outcomes() -> dict:
    """Articles a curator judged: did the automatic verdict agree?"""
    judged = Article.objects.filter(
        reviewed_relevance__isnull=False, is_relevant__isnull=False
    )
    agree = Q(reviewed_relevance=F("is_relevant"))
    counts = {
        "confirmed": Count("pk", filter=agree),
        "changed": Value(0),
        "rejected": Count("pk", filter=~agree),
    }
    # The verdict's confidence: the score for "relevant", its complement otherwise.
    confidence = Case(
        When(is_relevant=True, then=F("relevance")),
        default=Value(1.0) - Cast("relevance", FloatField()),
        output_field=FloatField(),
    )
    judged = judged.annotate(verdict_confidence=confidence)
    return {
        "bands": rows(judged.annotate(key=band_of("verdict_confidence")), counts),
        "months": rows(judged.annotate(key=TruncMonth("reviewed_at")), counts),
    }


def rows(queryset, counts: dict) -> list[dict]:
    result = []
    for row in queryset.values("key").annotate(**counts).order_by("key"):
        total = row["confirmed"] + row["changed"] + row["rejected"]
        result.append(
            {
                "key": row["key"],
                "label": band_label(row["key"])
                if isinstance(row["key"], float)
                else row["key"],
                "total": total,
                **{name: row[name] for name in ("confirmed", "changed", "rejected")},
                **{
                    f"{name}_share": row[name] / total if total else 0.0
                    for name in ("confirmed", "changed", "rejected")
                },
            }
        )
    return result


def band_label(low: float) -> str:
    high = next(h for lo, h in BANDS if lo == low)
    return f"{low:.2f}–{high:.2f}"


def summary() -> dict:
    return {
        "districts": link_outcomes(DistrictLink),
        "initiatives": link_outcomes(InitiativeLink),
        "relevance": relevance_outcomes(),
    }
