"""Which stage does a sentence report? The predicate after an initiative's name says.

`…챗봇의 시범운영을 시작했다` is a pilot, `…협약을 체결했다` an agreement,
`…구축할 계획이다` a plan. The predicate nearest after the name wins; a sentence
whose verb is still to come (예정, 계획이다, 방침) reports a plan, whatever it plans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PLANNED = "planned"
ANNOUNCED = "announced"

# (stage, pattern). On a tie of distance the earlier row wins: it is more specific.
STAGE_CUES: list[tuple[str, re.Pattern]] = [
    (
        "ended",
        re.compile(r"종료(?:했|됐|한다|된다|되었)|중단(?:했|됐|한다|되었)|폐지|철회"),
    ),
    (
        "awarded",
        re.compile(
            r"수상|인증[^\s가-힣]?(?:을|서를)?\s?(?:받|획득|취득)|인증\s?획득|(?:대상|최우수상|우수상|"
            r"장려상|장관상|대통령상|표창)(?:을|를)?\s?(?:받|수상|차지)|챔피언\s?인증|인증을\s?받|"
            r"(?:인증|평가|어워드|시상|우수)[^.]{0,30}선정(?:되|됐|돼)"
        ),
    ),
    (
        "ordinance",
        re.compile(
            r"조례(?:안)?[」』’'\"”]?(?:을|를|가|이)?\s?(?:원안\s?)?"
            r"(?:제정|공포|시행|통과|의결|가결|개정)"
        ),
    ),
    ("agreement", re.compile(r"업무\s?협약|협약(?:을|식|을\s?체결)|MOU|맞손|체결")),
    (
        "funded",
        re.compile(
            r"공모[^.]{0,30}선정(?:되|됐|돼)|국비|시비\s?\d|예산[을를]?\s?(?:확보|편성|반영|투입|지원)|공모(?:사업)?에\s?선정|"
            r"공모에\s?뽑|사업비|지원금|억\s?원을?\s?(?:확보|투입|지원받)|지원받"
        ),
    ),
    (
        "expanded",
        re.compile(
            r"확대|확충|추가(?:로)?\s?(?:설치|도입|보급|구축)|늘린|늘려|늘리|확산|전면\s?(?:도입|시행)"
        ),
    ),
    (
        "pilot",
        re.compile(r"시범\s?(?:운영|사업|서비스|도입|설치|실시|적용)?|실증|테스트베드"),
    ),
    (
        "launched",
        re.compile(
            r"(?:지원|운영|진행|제공|보급|활용)하고\s?있|도입|전달(?:했|하였|됐)|개소|개관|개통|개원|운영(?:을|에)?\s?(?:시작|들어)|운영\s?중|운영하고|"
            r"운영한다|선보|출시|구축(?:을|했|한|됐|되어|완료)|설치(?:했|한|됐|되어|를\s?완료)|"
            r"가동|출범|발족|신설|오픈|문을\s?열|첫\s?회의|개최|시행|보급|배포|서비스를\s?시작"
        ),
    ),
    (
        PLANNED,
        re.compile(
            r"계획|예정|추진할|추진한다|추진하기로|방침|검토|구상|할\s?것|목표|준비|"
            r"발의|추진\s?중|나선다|나설"
        ),
    ),
    (ANNOUNCED, re.compile(r"선포|선언|발표|공개|밝혔|제시|내놓")),
]

_LISTED = re.compile(r"[’'”\"」』]?\s?(?:과|와|및|,|·|ㆍ)")
# `도입한`, `구축된`, `개소한`: a cue turned adnominal right before the name.
_ADNOMINAL = re.compile(r"(?:한|된|했던|하는|되는|할)\s?[‘'“\"「『]?\s?$")


def _modifier(sentence: str, name_start: int) -> StageHit | None:
    before = sentence[max(0, name_start - 12) : name_start]
    tail = _ADNOMINAL.search(before)
    if not tail:
        return None
    stem = sentence[: name_start - len(before) + tail.start()]
    for stage, pattern in STAGE_CUES:
        for match in pattern.finditer(stem[-8:]):
            if match.end() == len(stem[-8:]):
                at = len(stem) - len(stem[-8:]) + match.start()
                if tail.group().lstrip().startswith("할"):
                    return StageHit(PLANNED, at)
                return StageHit(stage, at)
    return None


# The verb is still to come: whatever the sentence reports has not happened yet.
_FUTURE = re.compile(
    r"(?:ㄹ|할|될|갈|올|일)\s?(?:계획|예정|방침)|예정이다|계획이다|방침이다|할\s?것|"
    r"하기로\s?했|나설\s?계획|추진한다|도입한다|구축한다|설치한다"
)
# Future-proof stages: they report something already done even in a plan sentence.
_ALWAYS_PAST = frozenset({"awarded", "agreement", "funded", "ended"})


@dataclass(frozen=True)
class StageHit:
    stage: str
    at: int  # where the predicate starts in the sentence
    after: bool = True  # the predicate follows the name (the surest reading)


def stage_of(sentence: str, name_end: int, name_start: int | None = None) -> StageHit:
    """The stage the sentence reports for a name ending at `name_end` (offsets in it).

    A verb that modifies the name (`지난해 도입한 ‘가온 콜봇’과 …`) is its predicate,
    whatever follows it; otherwise the nearest predicate after the name.
    """
    modifier = _modifier(sentence, name_start) if name_start is not None else None
    # `‘가온 콜봇’과 공공와이파이 확대`: after 과/와 the next verb may be another item's.
    if modifier and _LISTED.match(sentence[name_end:]):
        return modifier
    best = None
    for rank, (stage, pattern) in enumerate(STAGE_CUES):
        for match in pattern.finditer(sentence):
            # A cue that starts inside the name and runs past it (조례」를 제정) is the
            # name's own predicate.
            after = match.end() > name_end
            distance = (
                max(0, match.start() - name_end) if after else name_end - match.end()
            )
            # Predicates follow their object in Korean: one after the name is closer
            # than any before it.
            candidate = (not after, distance, rank, stage, match.start())
            best = min(best, candidate) if best else candidate
    if best is None or (modifier and best[0]):
        # No predicate after the name: the verb that modifies it tells its stage.
        return modifier or StageHit(ANNOUNCED, len(sentence), after=False)
    stage, at, after = best[3], best[4], not best[0]
    if stage not in _ALWAYS_PAST and stage != PLANNED and _FUTURE.search(sentence[at:]):
        stage = PLANNED
    return StageHit(stage, at, after)
