"""Find every initiative an article reports, in any district, catalogue or not.

    sentences with an AI/digital cue -> morphemes -> noun phrases and quoted names
      -> keep names whose head is a programme, system, plan, body or agreement
      -> the district that carries it out -> kind, stage, date, partners, money
      -> one mention per initiative (wordings of one name fold together)

Plain functions over plain data. The article's district links (from the gazetteer)
say where each district is named; the initiative belongs to the acting district
named last before it, or to the city when `서울시는` stands closer.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date

from tracker.reading import candidates, details, morphology, sentences
from tracker.reading.event_dates import event_date
from tracker.reading.kinds import TYPOLOGY, KindSpec, classify
from tracker.reading.lexicon import CUE, QUOTED, SEOUL_WORDS
from tracker.reading.mentions import STAGES, Mention
from tracker.reading.names import key, same_initiative
from tracker.reading.phrases import Phrase, noun_phrases, quoted_phrases, split_lists
from tracker.reading.stages import stage_of

MAX_MENTIONS = 12
MAX_SENTENCES = 300
MAX_SENTENCE_CHARS = 600

# Stages an article can report ahead of time; an agreement or award is done when told.
_MAY_BE_AHEAD = frozenset({"announced", "launched", "pilot", "expanded"})
# How much a stage tells: announced says least, a plan a little, events more.
_STAGE_RANK = {"announced": 0, "planned": 1} | {
    stage: 2 + i
    for i, stage in enumerate(STAGES)
    if stage not in ("announced", "planned")
}
# The city acts itself (서울시는 …), not through a contest the districts run.
_SEOUL_ACTOR = re.compile(
    r"서울(?:특별)?시(?:\([^()]{0,30}\))?(?:는|가)\s|"
    r"서울[가-힣A-Z]{0,8}(?:재단|공단|공사|연구원)(?:\([^()]{0,30}\))?(?:은|는|이|가)\s"
)
# `서울시 소셜 로봇 대여서비스 사업`, `서울시 … 공모사업`: a city programme the districts
# take part in (the corpus conventions make the district the actor).
_CITY_PROGRAMME = re.compile(r"공모|사업$|지원사업|대여|선정")


@dataclass(frozen=True)
class _Candidate:
    phrase: Phrase
    name: str
    district: str
    sentence: str
    sentence_start: int
    score: float
    in_title: bool


def _actor_before(
    position: int, actors: list[tuple[int, str]], default: str
) -> str | None:
    """The acting district (or "" for the city) named last before `position`.

    Before any actor is named, the article's main district acts, unless several
    districts act (a roundup's headline names no one's initiative): then nobody.
    """
    # `actors` is sorted by position: the last one at or before it, by bisection.
    i = bisect.bisect_right(actors, (position, "\uffff")) - 1
    if i >= 0:
        return actors[i][1]
    return None if len({slug for _, slug in actors if slug}) > 1 else default


def _actors(text: str, districts) -> tuple[list[tuple[int, str]], str, set[str]]:
    """Where each primary district (and the city) is named, the main one, their names."""
    primary = [m for m in districts.matches if m.role == "primary"]
    actors = [(start, m.slug) for m in primary for start, _ in m.spans]
    names = {text[s:e] for m in primary for s, e in m.spans}
    actors += [(m.start(), "") for m in _SEOUL_ACTOR.finditer(text)]
    main = primary[0].slug if primary else ""
    return sorted(actors), main, names | {"서울", "서울시", "서울특별시"}


def discover(
    title: str,
    body: str,
    *,
    deck: str = "",
    districts,  # districts.gazetteer.LinkResult of the same title, body and deck
    published: date | None,
    kinds: tuple[KindSpec, ...] = TYPOLOGY,
) -> list[Mention]:
    """The initiatives the article reports, one Mention each, in reading order."""
    title, body = title or "", body or ""
    text = f"{title}\n\n{body}"
    if deck:
        # The lines under the headline name initiatives too; read after the body, as
        # the linker does, so offsets into title and body stay as they are.
        text += f"\n\n{deck}"
    actors, main, district_names = _actors(text, districts)
    # Where each linked district (mentioned ones too) is named, by offset.
    district_at = {s: m.slug for m in districts.matches for s, _ in m.spans}
    # No acting district: only a story where the city itself acts (서울시는 …) has
    # initiatives; a hospital's or a company's AI news does not.
    if not main and (districts.scope != "citywide" or not actors):
        return []
    # Sentences that say something digital, or quote a name; a run-on "sentence"
    # (a text dump without full stops) is read in pieces, and an article stops being
    # read after MAX_SENTENCES of them, so a huge input costs seconds, not minutes.
    spans = [
        (s, e)
        for s, e in _pieces(sentences.spans(text), text)
        if CUE.search(text[s:e]) or QUOTED.search(text[s:e])
    ][:MAX_SENTENCES]
    analysed = morphology.analyse([text[s:e] for s, e in spans])
    found: list[_Candidate] = []
    for (start, end), morphemes in zip(spans, analysed, strict=True):
        sentence = text[start:end]
        phrases = quoted_phrases(sentence, morphemes)
        quoted_at = [(p.start, p.end) for p in phrases]
        phrases += [
            p
            for p in split_lists(sentence, noun_phrases(sentence, morphemes))
            if not any(qs <= p.start and p.end <= qe for qs, qe in quoted_at)
        ]
        phrases.sort(key=lambda p: p.start)
        for index, phrase in enumerate(phrases):
            name, name_start, named = candidates.trim(phrase, sentence, district_names)
            score = candidates.score(name, phrase, sentence)
            if (
                score <= 0
                or (index and _describes(phrase, morphemes))
                or _is_place(name, phrase, morphemes)
            ):
                continue
            position = start + name_start
            district = _district_for(
                named, name, position, actors, main, text, district_at
            )
            if district is None:
                continue
            found.append(
                _Candidate(
                    phrase,
                    name,
                    district,
                    sentence,
                    start,
                    score + (0.05 if start < len(title) else 0.0),
                    start < len(title),
                )
            )
    return _fold(found, published, kinds)


def _pieces(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Sentences, the overlong ones cut at spaces into pieces of at most
    MAX_SENTENCE_CHARS (a name never spans that many characters)."""
    pieces = []
    for start, end in spans:
        while end - start > MAX_SENTENCE_CHARS:
            cut = text.rfind(" ", start, start + MAX_SENTENCE_CHARS)
            cut = cut if cut > start else start + MAX_SENTENCE_CHARS
            pieces.append((start, cut))
            start = cut + 1
        pieces.append((start, end))
    return pieces


def _describes(phrase: Phrase, morphemes) -> bool:
    """`‘강동이지’는 … 챗봇 시스템이다`: a phrase before the copula describes the name
    the sentence opened with; it is not another initiative."""
    after = next((m for m in morphemes if m.start >= phrase.end), None)
    return not phrase.quoted and after is not None and after.tag == "VCP"


# Heads of places: followed by 에 (`구로디지털단지에 조성`) they say where, not what.
_PLACE_HEADS = ("단지", "밸리", "특구", "일대", "지역", "거리", "타운", "역")


def _is_place(name: str, phrase: Phrase, morphemes) -> bool:
    after = next((m for m in morphemes if m.start >= phrase.end), None)
    return (
        not phrase.quoted
        and after is not None
        and after.text == "에"
        and after.start == phrase.end
        and name.endswith(_PLACE_HEADS)
    )


def _district_for(
    named: str, name: str, position: int, actors, main: str, text: str, district_at
) -> str | None:
    """A district written at the front of the name owns it (`강남구 민원안내 로봇`),
    even one the article only mentions; otherwise the actor named last before it."""
    if named in SEOUL_WORDS and not _CITY_PROGRAMME.search(name):
        return ""  # `서울시 소포 배달 로봇`: the city's own
    # A leading 서울시 on a contest names who pays, not who runs it: the acting
    # district (or the city, when it acts) decides.
    if named and named not in SEOUL_WORDS:
        # The name's own district word sits right before it.
        for start in range(max(0, position - 40), position + 1):
            if start in district_at and text.startswith(named, start):
                return district_at[start]
    return _actor_before(position, actors, main)


def _fold(
    candidates: list[_Candidate], published: date | None, kinds: tuple[KindSpec, ...]
) -> list[Mention]:
    """One mention per initiative: wordings of one name in one district fold together."""
    groups: list[list[_Candidate]] = []
    wordings: list[set[str]] = []  # each group's distinct names, compared once each
    for candidate in candidates:
        for group, names in zip(groups, wordings, strict=True):
            if group[0].district == candidate.district and (
                candidate.name in names
                or any(_same_in_article(candidate.name, other) for other in names)
            ):
                group.append(candidate)
                names.add(candidate.name)
                break
        else:
            groups.append([candidate])
            wordings.append({candidate.name})
    # A headline abbreviates what the body names in full: a name only the headline
    # uses gives way when the body names something for the same district.
    told = {g[0].district for g in groups if any(not c.in_title for c in g)}
    groups = [
        g
        for g in groups
        if any(not c.in_title or c.phrase.quoted for c in g)
        or g[0].district not in told
    ]
    mentions = [_mention(group, published, kinds) for group in groups]
    # Generic names only where the district has nothing better; unknown heads, a few.
    strong = {m.district for m in mentions if m.confidence >= 0.45}
    mentions = [m for m in mentions if m.confidence >= 0.45 or m.district not in strong]
    mentions.sort(key=lambda m: -m.confidence)
    kept = sorted(mentions[:MAX_MENTIONS], key=lambda m: m.span[0])
    return kept


def _same_in_article(a: str, b: str) -> bool:
    """Within one article a shorter wording inside a longer one is the same thing:
    `챗봇 서비스` after `생성형 AI 기반 홈페이지 챗봇 서비스`."""
    if same_initiative(a, b):
        return True
    x, y = sorted((key(a), key(b)), key=len)
    return len(x) >= 4 and x in y


def _event(candidate: _Candidate, published: date | None):
    """(candidate, stage, date, precision, read after the name) of its sentence."""
    stage = stage_of(candidate.sentence, candidate.phrase.end, candidate.phrase.start)
    day, precision = event_date(candidate.sentence, stage.at, published)
    name = stage.stage
    if day and published and day > published and name in _MAY_BE_AHEAD:
        name = "planned"  # dated after the article: it has not happened yet
    return candidate, name, day, precision, stage.after


def _mention(
    group: list[_Candidate], published: date | None, kinds: tuple[KindSpec, ...]
) -> Mention:
    # The body names it in full; a headline abbreviates.
    best = max(
        group,
        key=lambda c: (
            c.phrase.quoted,
            round(c.score - 0.05 * c.in_title, 2),
            len(c.name),
        ),
    )
    # The body tells what happened (a headline only names it); of its sentences,
    # the one reporting the furthest stage says where the initiative stands.
    told_in = [c for c in group if not c.in_title] or group
    told, stage_name, day, precision, _ = max(
        (_event(c, published) for c in told_in),
        key=lambda e: (
            e[4],
            _STAGE_RANK[e[1]],
            -e[0].phrase.start - e[0].sentence_start,
        ),
    )
    sentence, name_end = told.sentence, told.phrase.end
    # Told again and again, a name is surer; a generic one stays generic.
    repeats = 0.05 * (len(group) - 1) if best.score >= 0.45 else 0.0
    confidence = min(0.95, best.score + repeats)
    start = best.sentence_start + best.phrase.start
    return Mention(
        name_ko=best.name,
        district=best.district,
        kind=classify(best.name, sentence, kinds),
        stage=stage_name,
        evidence=sentence.strip(),
        span=(start, start + len(best.phrase.text)),
        evidence_span=(told.sentence_start, told.sentence_start + len(sentence)),
        event_date=day,
        date_precision=precision,
        partners=details.partners(sentence) if stage_name == "agreement" else (),
        amount_won=details.amount_near(sentence, name_end),
        confidence=round(confidence, 2),
    )
