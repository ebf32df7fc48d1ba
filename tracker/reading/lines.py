"""What one line of page text is: running text, a widget, a menu, a caption, an end.

Text dumps and HTML pages both reach the reader as a list of `Block`s, one per
paragraph-level element or line. Each block is classified here, from its text
alone: the rules know Korean news pages (share buttons, font-size widgets,
weather boxes, photo credits, Copyright lines, related-article labels) and
recognise a navigation line by its shape, a run of section names or district
names with no predicate (`자치구 소식: 종로구 중구 … 강동구`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


def words(text: str) -> list[str]:
    return text.split()


@dataclass
class Block:
    text: str
    kind: str = "text"  # "text", "caption", "heading" (h1) or "subheading"
    gap: bool = False  # a blank line (or a new element) comes before it


_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")

HANGUL = re.compile(r"[가-힣]")
WORDISH = re.compile(r"[0-9A-Za-z가-힣]")
SENTENCE_END = re.compile(r"[.!?。][”\"’'』」)\]]*\s*$")


def norm(text: str) -> str:
    """NFC, no zero-width characters, one space between words."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u200b", "").replace("\ufeff", "").replace("\u00ad", "")
    return _SPACES.sub(" ", text).strip()


def nospace_len(text: str) -> int:
    return len(text.replace(" ", ""))


def is_paragraph(text: str) -> bool:
    """A sentence of running text, as opposed to a headline or a label."""
    return (
        nospace_len(text) >= 20
        and bool(HANGUL.search(text))
        and bool(SENTENCE_END.search(text))
    )


# --- widgets and menus ---

MENU_WORDS = frozenset(
    words(
        "전체기사 최신뉴스 로그인 회원가입 로그아웃 모바일웹 전체메뉴 검색 구독신청 "
        "기사검색 마이페이지 PC버전 모바일 홈 Home HOME 메뉴 닫기 뉴스레터 "
        "전체보기 기사제보 광고문의 고객센터"
    )
)
# Section names of Korean news sites: a line made of these is a menu.
SECTION_WORDS = MENU_WORDS | frozenset(
    words(
        "정치 경제 사회 국제 세계 문화 연예 스포츠 오피니언 사설 칼럼 전국 지역 "
        "지방 자치 자치구 지방자치 과학 산업 금융 증권 부동산 라이프 포토 영상 "
        "속보 단독 기획 인물 피플 기업 의회 동정 인사 부고 게시판 공지 연재 TV "
        "북한 통일 외교 국방 노동 여성 종교 여행 레저 자동차 테크 English 日本語 "
        "中文 시정 구정 포토뉴스 영상뉴스 카드뉴스 더보기 구독 알림 이벤트 공지사항 "
        "회사소개 IT·과학 생활·문화 전체뉴스 뉴스홈 랭킹 많이본뉴스"
    )
)

_WIDGET_RE = re.compile(
    r"글자\s?크기|글씨\s?크기|본문\s?크기|폰트\s?크기|번역할\s?언어|기사\s?번역|"
    r"기사를?\s?공유|공유하기|SNS\s?공유|URL\s?복사|링크\s?복사|주소\s?복사|"
    r"스크랩|인쇄하기|프린트|상태바|기사\s?저장|구독하기|좋아요|기상청\s?제공|"
    r"결과물\s?출력|바로가기|본문\s?듣기|음성으로\s?듣기|읽어주기|Top으로|맨\s?위로|"
    r"다른\s?기사\s?보기|기자\s?구독|기자의\s?다른\s?기사|"
    r"^[•·▪※]?\s*(?:더\s?작게|작게|보통|크게|더\s?크게|가+|닫기|목록|이전|다음)$|"
    r"^[•·▪]?\s*댓글\s*\(?\d*\)?$|^[•·▪]?\s*조회(?:수)?\s*[:\s]?\s*[\d,]*$|"
    r"^\(?끝\)?$|^[-=_*~|]{1,}$|^!\[\]\(\)\s*\|?$"
)
_WEATHER_RE = re.compile(r"-?\d+(?:\.\d+)?\s?℃")
_SECTION_RE = re.compile(
    r"^[^.!?>]{1,30}[>〉›»]\s*$|^[^>\s]+(?:\s?[>〉›»]\s?[^>\s]+)+$"
)
# "6시간 전", "6 hours ago 1": a stamp relative to when the page was shown.
RELATIVE_RE = re.compile(
    r"(?P<n>\d+)\s*(?P<unit>분|시간|일|주|개월|달|minutes?|mins?|hours?|hrs?|days?|weeks?)"
    r"\s*(?:전|ago)|(?P<now>방금\s?전|just now)",
    re.I,
)


def is_relative_stamp(text: str) -> bool:
    """A short line such as '6 hours ago 1' or '3시간 전': never a headline."""
    m = RELATIVE_RE.search(text)
    if not m:
        return False
    rest = (text[: m.start()] + text[m.end() :]).strip(" ·|•-")
    return nospace_len(rest) <= 12 and not is_paragraph(text)


_NAV_SPLIT = re.compile(r"[\s|/>〉›»•·:：,]+")
_GU_TOKEN = re.compile(r"^[가-힣]{1,4}구$")
_PREDICATE = re.compile(r"(?:다|요|까|죠|음|함|됨|했|한다|된다|겠다)[.!?…\"'”’]*$")


def is_navigation(text: str) -> bool:
    """A menu line: section names or district names listed without a predicate.

    '전체기사 정치 경제 사회', '자치구 소식: 종로구 중구 용산구 … 강동구'. A headline
    that names four districts still says something about them (협의체 출범).
    """
    if len(text) > 400 or SENTENCE_END.search(text) and is_paragraph(text):
        return False
    tokens = [t for t in _NAV_SPLIT.split(text) if t]
    if len(tokens) < 3:
        return False
    if any(_PREDICATE.search(t) for t in tokens):
        return False
    gu = sum(1 for t in tokens if _GU_TOKEN.match(t))
    sections = sum(1 for t in tokens if t in SECTION_WORDS)
    if gu >= 4 and gu + sections >= 0.7 * len(tokens):
        return True
    return sections >= 4 and sections >= 0.8 * len(tokens)


# Words of toolbars that a dump runs together into one long line:
# '인쇄 메일 글씨 크기 선택 가장 작은 크기 글자 …'.
_TOOLBAR_WORDS = re.compile(
    r"인쇄|메일|이메일|공유|스크랩|글씨|글자|폰트|크기|확대|축소|북마크|카카오톡|페이스북|"
    r"트위터|밴드|URL|링크|복사|닫기|선택"
)


def is_widget(text: str) -> bool:
    """Buttons, menus, weather and breadcrumbs: never title, body or subtitle."""
    if _WIDGET_RE.search(text) and len(text) <= 60:
        return True
    tokens = text.split()
    if len(tokens) >= 4 and not SENTENCE_END.search(text):
        toolbar = sum(1 for t in tokens if _TOOLBAR_WORDS.fullmatch(t))
        if toolbar >= 0.4 * len(tokens):
            return True
    if _WEATHER_RE.search(text) and nospace_len(text) <= 25:
        return True
    if is_relative_stamp(text):
        return True
    menu = sum(1 for w in tokens if w in MENU_WORDS)
    if menu >= 2 or (menu and len(tokens) <= 2):
        return True
    if is_navigation(text):
        return True
    return len(text) <= 40 and bool(_SECTION_RE.match(text))


_TAIL_WORDS = r"목록|이전|다음|댓글|공유|인쇄|스크랩|좋아요|추천|URL복사"
_WIDGET_TAIL = re.compile(
    rf"(?:\s+\d{{1,6}})*(?:\s+(?:{_TAIL_WORDS}))(?:\s+(?:{_TAIL_WORDS}|\d{{1,6}}))*\s*$"
)


def strip_widget_tail(text: str) -> str:
    """'제목 목록', '제목 댓글 0': buttons a dump glued to the end of a line."""
    return _WIDGET_TAIL.sub("", text)


# --- captions ---

_CAPTION_RE = re.compile(
    r"[\[(<]\s*(?:사진|자료|그래픽|영상)\s*[=:/]|사진\s*[=/:]\s*\S|"
    r"사진\s?제공|<사진>|\[사진\]|\(사진\)|[(\[]\s*(?:사진\s?)?제공\s*[=:]|"
    r"\S\s?제공\s*[.)\]]\s*\|?\s*$|(?:^|[.)\]]\s+)\S+(?:\s\S+)?\s?제공\s*\|?$|"
    r"[(/]\s*(?:\S+\s)?(?:DB|연합뉴스|뉴시스|뉴스1)\s*\)?\s*$|"
    r"\s/[가-힣A-Za-z]{2,12}\s*\|?$"
)


# A photo's caption that only names who is shown: '정원오 성동구청장'.
_NAME_AND_TITLE = re.compile(
    r"^[가-힣]{2,4}\s?(?:[가-힣]{1,8}\s?)?(?:구청장|시장|군수|청장|장관|대표|위원장|의원|"
    r"이사장|원장|회장|총장|교수|의장)(?:\s?\([^)]{1,20}\))?$"
)


def is_caption(text: str) -> bool:
    """A photo caption or credit ('… 사진=마포구', '▲ 구청 전경', '… /중랑구')."""
    if len(text) > 250:
        return False
    if _NAME_AND_TITLE.match(text):
        return True
    if text.startswith(("▲", "△", "▶ 사진", "사진설명", "[사진설명]")):
        return not (is_paragraph(text) and len(text) > 120)
    if not _CAPTION_RE.search(text):
        return False
    # A caption may hold one descriptive sentence; a body paragraph that merely
    # mentions 사진 ends on its own sentence, not on the photo credit.
    return not SENTENCE_END.search(text) or bool(re.search(r"제공\s*\.\s*$", text))


# --- where the article ends ---

END_RE = re.compile(
    r"copyright|ⓒ|©|무단\s?전재|재배포\s?금지|재배포금지|all rights reserved|"
    r"공감언론\s?뉴시스|<\s?저작권자",
    re.I,
)
_END_LABEL_RE = re.compile(
    r"^[\[<【]?\s*(?:\S+\s)?(?:관련\s?기사|관련\s?자료|관련\s?뉴스|관련\s?링크|"
    r"추천\s?기사|많이\s?본\s?(?:기사|뉴스)|인기\s?기사|주요\s?뉴스|"
    r"베스트\s?기사|이\s?시각\s?(?:주요|인기)|이전\s?기사|다음\s?기사|최신\s?기사|"
    r"이전글|다음글|종목\s?추적기|기사\s?제보|댓글|이\s?기사와\s?함께|함께\s?보면|"
    r"오늘의\s?(?:주요|인기)|헤드라인|포토\s?뉴스|핫\s?뉴스|랭킹\s?뉴스|"
    r"기사\s?목록|섹션\s?주요|회사\s?소개|개인정보\s?처리방침|청소년\s?보호정책|"
    r"기자의\s?다른\s?기사|다른\s?기사\s?보기|이\s?기자의\s?기사)"
)
RELATED_ONLY_RE = re.compile(r"^(?:관련\s?기사|관련\s?뉴스|관련\s?자료|관련\s?링크)$")
# A footer with the publisher's address and registration: '서울특별시 중구 …로 12',
# '등록번호 서울 아00000', '발행인', '편집인', '대표전화'.
_FOOTER_RE = re.compile(
    r"(?<![가-힣])(?:등록번호|등록일자|발행인|편집인|발행·편집인|청소년보호책임자|"
    r"대표전화|사업자\s?등록|통신판매업|고충처리인|제호\s?:|주소\s?:)|"
    r"우\)\s?\d{5}|\(우\s?\d{5}"
)


def is_footer(text: str) -> bool:
    """A line of the site's footer: registration, publisher, address, phone."""
    return len(text) <= 300 and not is_paragraph(text) and bool(_FOOTER_RE.search(text))


def is_end(text: str) -> bool:
    """A line after which the article is over: copyright, related boxes, footers."""
    if len(text) <= 160 and END_RE.search(text):
        return True
    if is_footer(text):
        return True
    return bool(_END_LABEL_RE.search(text)) and (
        len(text) <= 40 or not is_paragraph(text)
    )
