"""Find which Seoul districts a news article is about.

Plain functions over plain data: `Gazetteer.from_records()` compiles every alias into
one trie-shaped regular expression, and `Gazetteer.link()` scans an article once and
then reasons about each hit with a few context rules (see DESIGN.md, "Hard cases"):

- a hit glued to the syllable before it (자치구로) or to a word after it that is not
  a particle (강서경찰서, 구로세관) is part of another name and is dropped;
- names that are ambiguous alone (강남, 강서, 신사동), landmarks and photo credits
  only back a district that a safe name establishes;
- 중구 and 강서구 of other cities are recognised by a city prefix, by a dong the
  Seoul district does not have, or by an article about that city;
- a district is primary when it acts: named in the headline, as the subject or
  topic of a sentence (금천구는, 강서구(구청장 …)가, 은평구에는, in a roundup
  '관악구, 종로구 등이'), or through its mayor (금천구청장); otherwise it is
  mentioned;
- a line that only enumerates districts ('자치구 소식: 종로구 중구 … 강동구', a
  menu left in the text) says nothing about any of them: none is linked.

The word lists and patterns live in korean.py, the role and scope decisions in
roles.py, the shapes passed between them in matches.py. Only `load_gazetteer()`
touches the database.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from districts.korean import (
    ACCORDING_TO,
    AFTER_NAME,
    COMMON_WORD_DONGS,
    CREDIT_AFTER,
    CREDIT_BEFORE,
    DONG_SUFFIXES,
    DONG_TAILS,
    DONG_WORD,
    GU_SUFFIXES,
    HANGUL_RUN,
    LANDMARK_SUFFIXES,
    LIST_GAP,
    NOT_DONG_WORDS,
    OFFICIAL_NUMBER,
    OTHER_CITY_PREFIX,
    OTHER_CITY_WORD,
    PARTICLES,
    SEOUL_PREFIX,
    SEOUL_WORD,
    SHARED_GU_NAMES,
    SHORT_SUFFIXES,
    before_institution,
    is_ascii_word,
    is_hangul,
    segments,
    trie_pattern,
)
from districts.matches import (  # noqa: F401  (the linker's public names)
    DONG_KINDS,
    KIND_RANK,
    MENTIONED,
    NAME_KINDS,
    PLACE_KINDS,
    PRIMARY,
    SCOPE_CITYWIDE,
    SCOPE_DISTRICT,
    SCOPE_OUT,
    SCOPE_UNKNOWN,
    AliasRecord,
    DistrictMatch,
    Entry,
    Hit,
    LinkResult,
)
from districts.roles import decide, without_enumerations


@dataclass(frozen=True)
class _AliasInfo:
    entries: tuple[Entry, ...]
    pieces: frozenset[str]
    hangul_start: bool
    ascii_start: bool
    ascii_end: bool
    hangul_end: bool
    institution_check: bool
    shared_gu: str | None  # 중구, 강서구: names other cities use too


class Gazetteer:
    def __init__(
        self,
        entries: dict[str, tuple[Entry, ...]],
        dongs: dict[str, set[str]] | None = None,
    ):
        self._entries = entries
        # Every dong name of each district, including those too ambiguous to match
        # (정동): they still show that '중구 정동' is Seoul's 중구.
        self._dongs = dongs or {}
        self._gu_names = {
            text: e.slug
            for text, items in entries.items()
            for e in items
            if e.kind == "name"
        }
        # Greedy `?` in the trie already prefers the longest alias at a position;
        # single-syllable aliases (중) would match everywhere, so they are left out.
        words = [w for w in entries if len(w) >= 2]
        self._pattern = re.compile(trie_pattern(words)) if words else None

    @classmethod
    def from_records(cls, records: Iterable[AliasRecord]) -> Gazetteer:
        grouped: dict[str, dict[str, Entry]] = defaultdict(dict)
        dongs: dict[str, set[str]] = defaultdict(set)
        for record in records:
            text = record.text.strip()
            if not text:
                continue
            safe = record.is_safe_alone
            if record.kind in DONG_KINDS:
                dongs[record.slug].add(text)
                if text in COMMON_WORD_DONGS:
                    continue
                if len(text) <= 2:
                    safe = False
            kind = record.kind
            previous = grouped[text].get(record.slug)
            # The same text under two kinds (성수동 as dong and landmark): keep the
            # safer reading and the kind that says most (name, then dong, then place).
            if previous is not None:
                safe = safe or previous.safe
                kind = min(kind, previous.kind, key=KIND_RANK.get)
            grouped[text][record.slug] = Entry(record.slug, kind, safe)
        entries: dict[str, tuple[Entry, ...]] = {}
        for text, by_slug in grouped.items():
            items = tuple(by_slug.values())
            if len(items) > 1:
                # A name shared by several districts (G밸리, 신사동) only backs a link
                # that something else established.
                items = tuple(Entry(e.slug, e.kind, False) for e in items)
            entries[text] = items
        return cls(entries, dict(dongs))

    # --- scanning ---

    @functools.cached_property
    def _alias_info(self) -> dict[str, _AliasInfo]:
        info = {}
        for text, items in self._entries.items():
            kinds = frozenset(e.kind for e in items)
            pieces = set(PARTICLES)
            if kinds & {"name", "title"}:
                pieces.update(GU_SUFFIXES)
            if "short" in kinds:
                pieces.update(SHORT_SUFFIXES)
            if kinds & DONG_KINDS:
                pieces.update(DONG_SUFFIXES)
            if "landmark" in kinds:
                pieces.update(LANDMARK_SUFFIXES)
            info[text] = _AliasInfo(
                entries=items,
                pieces=frozenset(pieces),
                hangul_start=is_hangul(text[0]),
                ascii_start=is_ascii_word(text[0]),
                ascii_end=is_ascii_word(text[-1]),
                hangul_end=is_hangul(text[-1]),
                # Only short forms and places: '강서구 보건소' is the district's own.
                institution_check=kinds <= {"short"} | PLACE_KINDS,
                shared_gu=next(
                    (
                        name
                        for name in SHARED_GU_NAMES
                        if text.startswith(name) and kinds & {"name", "title"}
                    ),
                    None,
                ),
            )
        return info

    def _scan(self, text: str) -> list[Hit]:
        hits: list[Hit] = []
        if self._pattern is None:
            return hits
        alias_info = self._alias_info
        size = len(text)
        for m in self._pattern.finditer(text):
            start, end, alias = m.start(), m.end(), m.group()
            info = alias_info[alias]
            before = text[start - 1] if start else ""
            if before and (
                (info.hangul_start and is_hangul(before))
                or (info.ascii_start and is_ascii_word(before))
            ):
                continue  # 자치구로, 강서양천: the name is the end of another word
            if info.ascii_end and end < size and is_ascii_word(text[end]):
                continue
            tail = HANGUL_RUN.match(text, end).group() if info.hangul_end else ""
            if tail and not segments(tail, info.pieces):
                continue  # 강서경찰서, 구로세관, 마곡입주기업협의회
            if info.institution_check and not tail and before_institution(text, end):
                continue  # 구로 세관
            hit = Hit(start, end, alias, info.entries, tail=tail, gu=info.shared_gu)
            hit.particle = self._particle(text, hit)
            window = text[max(0, start - 12) : start]
            hit.credit = bool(
                CREDIT_BEFORE.search(window) or CREDIT_AFTER.match(text, end, end + 8)
            )
            if info.shared_gu:
                hit.seoul_prefix = bool(SEOUL_PREFIX.search(window))
                hit.other_prefix = bool(OTHER_CITY_PREFIX.search(window))
            hits.append(hit)
        return hits

    @staticmethod
    def _particle(text: str, hit: Hit) -> str:
        if hit.tail == "에" and ACCORDING_TO.match(text, hit.end + 1):
            return "에 따르면"
        if hit.tail:
            return hit.tail
        m = AFTER_NAME.match(text, hit.end)
        return m.group(1) if m else ""

    # --- context over the whole text ---

    def _mark_lists(self, text: str, hits: list[Hit]) -> None:
        """Give every member of a list the particle of its last member.

        '강동·양천·은평구는' makes all three the subject; a list that ends in a full
        name shows its short members are district names even when ambiguous alone.
        """
        i = 0
        while i < len(hits):
            j = i
            while j + 1 < len(hits) and self._joined(text, hits[j], hits[j + 1]):
                j += 1
            if j > i:
                last = hits[j]
                closed = any(e.kind == "name" for e in last.entries)
                for hit in hits[i:j]:
                    hit.particle = last.particle
                    hit.in_list_closed_by_gu = closed
            i = j + 1

    @staticmethod
    def _joined(text: str, a: Hit, b: Hit) -> bool:
        """Whether `b` follows `a` in a list.

        '강동·양천', '강남구, 서초구', '강남구와 서초구'.
        """
        names = NAME_KINDS.intersection
        if not names(e.kind for e in a.entries) or not names(e.kind for e in b.entries):
            return False
        if not a.tail:
            return bool(LIST_GAP.fullmatch(text, a.end, b.start))
        return (
            a.tail in ("와", "과") and not text[a.end + len(a.tail) : b.start].strip()
        )

    def _mark_foreign(self, text: str, hits: list[Hit]) -> None:
        """Mark hits that name another city's 중구 or 강서구.

        A hit says which city it means by a prefix ('울산 중구', '서울 중구') or by
        the dong written after it (강서구 명지동 is Busan's: Seoul's 강서구 has no
        명지동; 중구 정동 is Seoul's). Hits that say nothing follow the last hit of
        the same name that did, or the first one if none came before. If no hit
        says anything, an article that names the other city twice and Seoul never is
        about that city.
        """
        decided: dict[str, bool] = {}
        undecided: dict[str, list[Hit]] = defaultdict(list)
        for hit in hits:
            if hit.gu is None:
                continue
            own = self._says_foreign(text, hit)
            if own is not None:
                if hit.gu not in decided:
                    for earlier in undecided.pop(hit.gu, []):
                        earlier.foreign = own
                decided[hit.gu] = own
            if hit.gu in decided:
                hit.foreign = decided[hit.gu]
            else:
                undecided[hit.gu].append(hit)
        if undecided:
            about_other_city = len(
                OTHER_CITY_WORD.findall(text)
            ) >= 2 and not SEOUL_WORD.search(text)
            for waiting in undecided.values():
                for hit in waiting:
                    hit.foreign = about_other_city

    def _says_foreign(self, text: str, hit: Hit) -> bool | None:
        """True for another city, False for Seoul, None when the hit does not say."""
        if hit.seoul_prefix:
            return False
        if hit.other_prefix:
            return True
        if hit.tail:
            return None
        known = self._dongs.get(self._gu_names.get(hit.gu or "", ""), set())
        m = DONG_WORD.match(text, hit.end)
        if not known or not m or m.group(1) in NOT_DONG_WORDS:
            return None
        if m.group(2) and not segments(m.group(2), DONG_TAILS):
            return None  # 공동체, 동아리: a longer word, not a dong
        # The official spelling (가양제1동) names the same dong as 가양1동.
        return OFFICIAL_NUMBER.sub(r"\1", m.group(1)) not in known

    # --- linking ---
    def link(self, title: str, body: str, deck: str = "") -> LinkResult:
        """Link one article; spans are offsets into f"{title}\\n\\n{body}".

        The deck (the lines under the headline) names actors as plainly as the
        headline does; it is read after the body so the offsets stay the same.
        """
        title = title or ""
        body = body or ""
        # Offsets count in f"{title}\n\n{body}" even without a title, as highlight.py does.
        text = f"{title}\n\n{body}"
        deck_start = None
        if deck:
            text += "\n\n"
            deck_start = len(text)
            text += deck
        hits = without_enumerations(text, self._scan(text))
        self._mark_lists(text, hits)
        self._mark_foreign(text, hits)
        return decide(text, hits, len(title), deck_start)


# --- the gazetteer kept in the database ---


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer built from District and DistrictAlias rows, once per process.

    Saving or deleting an alias in this process clears the cache; other processes
    (workers) see alias changes after `load_gazetteer.cache_clear()` or a restart.
    """
    from django.db.models.signals import post_delete, post_save

    from districts.models import District, DistrictAlias

    for signal in (post_save, post_delete):
        for model in (District, DistrictAlias):
            signal.connect(_forget, sender=model, dispatch_uid=f"gazetteer-{model}")

    records = [
        AliasRecord(slug, text, kind, safe)
        for slug, text, kind, safe in DistrictAlias.objects.values_list(
            "district__slug", "text", "kind", "is_safe_alone"
        )
    ]
    # The district's own names, in case an alias row was deleted by hand.
    for slug, name_ko, name_en in District.objects.values_list(
        "slug", "name_ko", "name_en"
    ):
        records.append(AliasRecord(slug, name_ko, "name", True))
        records.append(AliasRecord(slug, name_en, "english", True))
    return Gazetteer.from_records(records)


def _forget(**kwargs) -> None:
    load_gazetteer.cache_clear()


def link_districts(
    title: str, body: str, gazetteer: Gazetteer | None = None, deck: str = ""
) -> LinkResult:
    return (gazetteer or load_gazetteer()).link(title, body, deck)
