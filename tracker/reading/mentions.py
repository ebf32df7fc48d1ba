"""What the discovery step reports: one `Mention` per initiative an article tells of.

A mention is plain data. The service resolves it to an `Initiative` of its district
(tracker/resolution.py); `manage.py ingest --json` prints it as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# How far an initiative has come, in order of progress (tracker.models.Stage).
STAGES = (
    "planned",
    "announced",
    "agreement",
    "ordinance",
    "funded",
    "pilot",
    "launched",
    "expanded",
    "awarded",
    "ended",
)


@dataclass(frozen=True)
class Mention:
    name_ko: str  # a noun phrase from the text: `AI CCTV 고속검색시스템`, `성북GPT`
    district: str  # slug of the district that carries it out; "" for Seoul city
    kind: str  # an InitiativeKind slug (reading/kinds.py)
    stage: str  # one of STAGES
    evidence: str  # the sentence that reports it
    span: tuple[int, int]  # the name, in title + "\n\n" + body
    evidence_span: tuple[int, int]  # the sentence, same offsets
    event_date: date | None = None  # only when the text gives it; never a default
    date_precision: str = ""  # "day", "month" or "year" ("지난해" gives a year)
    partners: tuple[str, ...] = ()
    amount_won: int | None = None
    confidence: float = 0.5
    catalogue_slug: str = ""  # set when a catalogue initiative's terms match it

    def as_json(self) -> dict:
        """The record `ingest --json` prints (status is `catalogue` or `new`)."""
        return {
            "name_ko": self.name_ko,
            "district": self.district,
            "kind": self.kind,
            "stage": self.stage,
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "evidence": self.evidence,
            "status": "catalogue" if self.catalogue_slug else "new",
            "partners": list(self.partners),
            "amount_won": self.amount_won,
            "confidence": self.confidence,
        }
