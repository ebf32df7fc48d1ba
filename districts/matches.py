"""What district linking works on and produces: alias records, hits, matches.

A *hit* is one place in the text where an alias occurs, with what its context
says (the particle after it, a credit, a city prefix); a *match* is one
district's verdict for a whole article: primary or mentioned, with evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PRIMARY = "primary"
MENTIONED = "mentioned"

SCOPE_DISTRICT = "district"
SCOPE_CITYWIDE = "citywide"
SCOPE_OUT = "out"
SCOPE_UNKNOWN = "unknown"

# Kinds that name the district itself, so they can make it the actor of a story.
# Dongs and landmarks are places inside it: they show a link, never who acts.
NAME_KINDS = frozenset({"name", "short", "english", "title"})
PLACE_KINDS = frozenset({"dong", "legal_dong", "landmark"})
DONG_KINDS = frozenset({"dong", "legal_dong"})
KIND_RANK = {
    "name": 0,
    "title": 0,
    "short": 1,
    "english": 1,
    "dong": 2,
    "legal_dong": 2,
    "landmark": 3,
}


@dataclass(frozen=True)
class AliasRecord:
    slug: str
    text: str
    kind: str
    is_safe_alone: bool


@dataclass
class DistrictMatch:
    slug: str
    role: str
    mentions: int
    confidence: float
    evidence: str
    spans: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class LinkResult:
    matches: list[DistrictMatch]
    scope: str

    def primary(self) -> list[str]:
        return [m.slug for m in self.matches if m.role == PRIMARY]

    def mentioned(self) -> list[str]:
        return [m.slug for m in self.matches if m.role == MENTIONED]


@dataclass(frozen=True)
class Entry:
    slug: str
    kind: str
    safe: bool


@dataclass
class Hit:
    start: int
    end: int
    text: str
    entries: tuple[Entry, ...]
    tail: str = ""
    gu: str | None = None
    particle: str = ""
    credit: bool = False
    seoul_prefix: bool = False
    other_prefix: bool = False
    foreign: bool = False
    in_list_closed_by_gu: bool = False
