"""Korean context rules for place names: particles, suffixes, institutions, cities.

Plain data and small tests on characters; the gazetteer and the role rules read
them. See DESIGN.md, "Hard cases", for why each rule exists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def _words(text: str) -> list[str]:
    return text.split()


# Particles and endings that may follow a place name inside the same word (어절).
# Anything else glued to the name makes it part of a longer word: 강서경찰서,
# 구로세관, 자치구로 (the last is caught by the check on the preceding syllable).
# 고, 서, 초 and 중 are left out on purpose: 강서고, 강서서, 강서초 are a school and a
# police station.
PARTICLES = _words(
    "은 는 이 가 을 를 의 에 에서 에게 에게서 께 께서 와 과 도 만 로 으로 부터 까지 "
    "보다 처럼 같이 이나 나 랑 이랑 하고 엔 에선 야 이야 란 이란 라는 이라는 만큼 마다 "
    "조차 마저 뿐 밖에 이다 이며 이고 이었다 였다 으로서 로서 으로써 로써 에의 에서의 "
    "과의 와의 로의 으로의 만의 까지의 부터의"
)

# Words that may be glued to a district's full name and still mean the district:
# its residents (구민), its style (구로형), its office, council and health centre.
GU_SUFFIXES = _words(
    "민 민들 형 내 청 청장 의회 측 보건소 청사 전역 일대 관내 소속 차원 지역 쪽"
)
SHORT_SUFFIXES = _words("형 지역 일대 쪽")
DONG_SUFFIXES = _words("주민센터 행정복지센터 일대 일원 주민 주민들 지역 쪽")
DONG_TAILS = frozenset(PARTICLES + DONG_SUFFIXES)
LANDMARK_SUFFIXES = _words("일대 일원 내 지역 쪽")

# A district name written just before one of these words names an institution or a
# site (서울 강서 경찰서, 구로 세관), even with a space between.
INSTITUTION_WORDS = _words(
    "경찰서 소방서 세무서 세관 교육지원청 교육청 병원 세브란스 대학교 대학 캠퍼스 "
    "초등학교 중학교 고등학교 우체국 등기소 법원 지방법원 검찰청 지청 역 "
    "데이터센터 협회 협의회 운전면허시험장 출입국"
)

# Where the particle is when it does not follow the name directly:
# '강서구(구청장 박서진)는', '강남구, 서초구 등 2개 구가', '… 동남권 4개 구는',
# '관악구, 종로구 등이'.
AFTER_NAME = re.compile(
    r"(?:\([^()\n]{0,40}\)|\s*등\s*(?:[가-힣]{1,4}\s)?\d+\s*개\s*(?:자치)?구(?:청)?|"
    r"\s*등(?=[가-힣]))"
    r"([가-힣]*)"
)
ACCORDING_TO = re.compile(r"\s*따르면")
# Particles after which the district is the grammatical subject or topic of its
# sentence: 금천구는, 강서구(구청장 …)가, 은평구에는 (roundups), 송파구도, and
# '강서구에 따르면' (the district reporting its own work).
SUBJECT_TAILS = frozenset(
    _words("는 은 가 이 도 께서 께서는 에서는 에서도 에는 에도 에선 만") + ["에 따르면"]
)

# A line that only lists districts ('자치구 소식: 종로구 중구 … 강동구', a menu)
# names none of them: at least this many names and next to no other words.
ENUMERATION_NAMES = 4
ENUMERATION_OTHER_LETTERS = 12
PREDICATE = re.compile(r"(?:다|요|까|죠|했|한다|된다|됐|겠)[.!?…\"'”’)]*(?:\s|$)")

# List separators: '강동·양천·은평구', '강남구, 서초구와 송파구는'.
LIST_GAP = re.compile(r"\s*(?:[·ㆍ・,/]|와|과|및|그리고)\s*")

# Metropolitan cities that have their own 중구 or 강서구 (Busan, Daegu, Incheon,
# Daejeon, Ulsan; Gwangju is listed for its 동구/서구/남구/북구 neighbours' articles).
OTHER_CITIES = ("부산", "대구", "인천", "대전", "울산", "광주")
OTHER_CITY_PREFIX = re.compile(
    r"(?:^|[^가-힣])(?:" + "|".join(OTHER_CITIES) + r")(?:광역시|시)?\s*$"
)
SEOUL_PREFIX = re.compile(r"(?:^|[^가-힣])서울(?:특별시|시)?\s*$")
# A city name written as a word of its own (부산시는, 울산 중구), not inside another
# word (대구경북과학기술원) or a weather widget (구름조금부산).
OTHER_CITY_WORD = re.compile(
    r"(?<![가-힣])(?:" + "|".join(OTHER_CITIES) + r")(?:광역시|시)?"
    r"(?:[은는이가의에와과도를을로]|에서|시는|\s|[^가-힣]|$)"
)
SEOUL_WORD = re.compile(r"(?<![가-힣])서울(?:특별시|시)?(?![가-힣]{3})")
# The city government as the actor of a story.
SEOUL_CITY_ACTOR = re.compile(
    r"(?<![가-힣])(?:서울(?:특별)?시(?:장|청|의회)?|서울디지털재단)"
    r"(?:는|가|은|이|도|와|과|의|에서|\s|$)"
)
# Full district names that other cities use as well.
SHARED_GU_NAMES = ("중구", "강서구")

# The dong written right after a full name tells which city's district it is
# (부산 강서구 명지동). Words that merely end in 동 are not dong names.
DONG_WORD = re.compile(r"\s+([가-힣]{1,5}(?:제?\d+)?동)([가-힣]*)")
OFFICIAL_NUMBER = re.compile(r"제(\d)")
NOT_DONG_WORDS = frozenset(
    _words(
        "공동 활동 운동 행동 이동 자동 협동 노동 합동 연동 작동 가동 발동 출동 변동 "
        "감동 진동 소동 파동 난동 충동 폭동 기동 유동 수동 능동 역동 주민동"
    )
)

# Photo credits and press-release credits name the district that sent the release:
# enough to back a link, not enough to make one.
CREDIT_BEFORE = re.compile(r"(?:사진|자료|제공|출처)\s*[=/:]\s*$")
CREDIT_AFTER = re.compile(r"\s*(?:청\s*)?제공")

# Two-syllable dong names that are also ordinary words (중동 the Middle East, 합동
# joint, 초동 first response, 능동 active, 본동 main building): never evidence.
COMMON_WORD_DONGS = frozenset({"중동", "합동", "초동", "능동", "본동", "화동", "정동"})

HANGUL_RUN = re.compile(r"[가-힣]*")
SENTENCE_BREAK = re.compile(r"\n+|(?<=[.!?。])[\"'”’)\]]*\s+")
LEAD_CHARS = 400


def is_hangul(ch: str) -> bool:
    return "가" <= ch <= "힣"


def is_ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def segments(tail: str, pieces: frozenset[str]) -> bool:
    """Whether `tail` splits entirely into allowed pieces (particles, suffixes)."""
    ok = [True] + [False] * len(tail)
    for end in range(1, len(tail) + 1):
        for start in range(max(0, end - 6), end):
            if ok[start] and tail[start:end] in pieces:
                ok[end] = True
                break
    return ok[-1]


def before_institution(text: str, end: int) -> bool:
    following = text[end : end + 12]
    if not following[:1].isspace():
        return False
    word = following.lstrip()
    return any(word.startswith(w) for w in INSTITUTION_WORDS)


def trie_pattern(words: Iterable[str]) -> str:
    """One regex for many literals, shaped as a trie so matching stays linear-ish.

    Python's `re` tries the branches of a flat alternation one by one; nesting them by
    common prefix means each position in the text costs a few character tests.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends_here = "" in node
        branches = [
            re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch
        ]
        if not branches:
            return ""
        if len(branches) == 1 and not ends_here:
            return branches[0]
        group = "(?:" + "|".join(branches) + ")"
        return group + "?" if ends_here else group

    return build(trie)
