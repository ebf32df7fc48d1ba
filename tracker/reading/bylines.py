"""Who wrote the article and for whom: bylines, datelines, e-mail, copyright lines.

Korean news marks its writer in a few fixed shapes, and those shapes also name
the outlet:

    [서울=뉴스핌] 이경화 기자 =        (서울=뉴스1) 이비슬 기자 =
    [헤럴드경제=박종일 선임기자]      [시사포커스 / 박상민 기자]
    [더팩트ㅣ정소양 기자]             [파이낸셜뉴스]
    박아람 기자|2024/04/21 11:02      김명희 기자 noprint@etnews.com
    Copyright © 전자신문. 무단전재 및 재배포 금지.   ◎공감언론 뉴시스

The author is the name alone, without 기자 or a title such as 선임기자.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from tracker.reading.dates import find_full_date
from tracker.reading.lines import WORDISH, is_paragraph, norm

NAME = r"[가-힣]{2,4}"
REPORTER = (
    r"(?:(?:선임|수석|객원|전문|인턴|편집|취재|사진|영상|대기|기획|정치|사회|경제)\s?)?"
    r"(?:기자|특파원|통신원|에디터|논설위원|칼럼니스트|데스크)"
)
EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
# '김하늘·박바다 기자': co-authors share one title; the first is the author.
MORE_NAMES = rf"(?:\s?[·,ㆍ]\s?{NAME}){{0,3}}"

EMAIL_RE = re.compile(EMAIL)
EMAIL_LINE = re.compile(rf"^[◎▶■]?\(?({EMAIL})\)?$")
_NAME_REPORTER = re.compile(
    rf"(?<![가-힣])(?P<name>{NAME}){MORE_NAMES}\s?{REPORTER}(?![가-힣])"
)
BYLINE_LINE = re.compile(
    rf"^(?:[•·▪\-/|]\s*)?(?:글·사진\s*|글\s*|사진\s*)?(?:(?P<lead>[가-힣A-Za-z0-9]{{2,12}})\s)?"
    rf"(?P<name>{NAME}){MORE_NAMES}\s?{REPORTER}\s*[=]?\s*[(<]?(?P<email>{EMAIL})?[)>]?\s*$"
)
# '정미소 기자 = 서울 관악구가 …': a lead opened by its reporter, no dateline.
LEAD_BYLINE = re.compile(
    rf"^(?P<name>{NAME}){MORE_NAMES}\s?{REPORTER}\s*(?:[(<]?(?P<email>{EMAIL})[)>]?\s*)?=\s*"
)
TRAILING_BYLINE = re.compile(
    rf"(?<=[.!?”\"’'])\s*[/=]?\s*(?P<name>{NAME}){MORE_NAMES}\s?{REPORTER}"
    rf"\s*[(<]?(?P<email>{EMAIL})?[)>]?\s*$"
)
TRAILING_EMAIL = re.compile(rf"(?<=[.!?”\"’'])\s*\(?(?P<email>{EMAIL})\)?\s*$")
# '/연합뉴스' under a syndicated story.
CREDIT_RE = re.compile(r"^/\s*(?P<name>[가-힣A-Za-z0-9]{2,15})$")
# '◎공감언론 뉴시스 pboxer@newsis.com' closes every Newsis story.
_SIGN_OFF = re.compile(rf"^[◎▶■]?\s*공감언론\s*(?P<name>뉴시스)\s*(?P<email>{EMAIL})?")


def reporter_in(text: str) -> str:
    """The reporter's name in a short line ('박상민 기자', '주하연기자')."""
    m = _NAME_REPORTER.search(text)
    return m.group("name") if m else ""


def byline_line(text: str) -> tuple[str, str] | None:
    """(name, e-mail) when the whole line is a byline."""
    m = BYLINE_LINE.match(text)
    if m:
        return m.group("name"), m.group("email") or ""
    m = _SIGN_OFF.match(text)
    if m:
        return "", m.group("email") or ""
    return None


_OUTLET_SUFFIX = re.compile(
    r"(?:일보|신문|신문사|뉴스|타임즈|타임스|경제|방송|통신|미디어|저널)$"
)


def byline_outlet(text: str, known_outlet=None) -> str:
    """'강서양천신문사 김애진 기자': the outlet written before the reporter."""
    m = BYLINE_LINE.match(text)
    lead = (m.group("lead") or "") if m else ""
    if lead and (_OUTLET_SUFFIX.search(lead) or (known_outlet and known_outlet(lead))):
        return lead
    return ""


def byline_date(text: str) -> datetime | None:
    """A date on a short byline line ('2025-06-10 홍길동 기자', '박아람 기자|2024/04/21')."""
    if len(text) > 70 or not reporter_in(text):
        return None
    value, _, _ = find_full_date(text)
    return value


# Datelines: "[서울=뉴스핌] 이경화 기자 =", "(서울=연합뉴스) 홍길동 기자 =",
# "[헤럴드경제=박종일 선임기자]", "[시사포커스 / 박상민 기자]", "[아시아경제 박종일 기자]",
# "[더팩트ㅣ정소양 기자]", "[파이낸셜뉴스]".
_DATELINE_RE = re.compile(
    r"^(?P<open>[\[(【〔])\s*(?P<inner>[^\])】〕\n]{2,40}?)\s*[\])】〕]\s*"
)
_AFTER_DATELINE = re.compile(
    rf"^(?P<name>{NAME}){MORE_NAMES}\s?{REPORTER}\s*(?:[(<]?(?P<email>{EMAIL})[)>]?\s*)?(?:=|:|-|–)?\s*"
)
_TAG_WORDS = re.compile(
    r"^(?:단독|속보|종합|사진|포토|영상|인터뷰|기획|칼럼|사설|르포|현장|해설|분석|기고|"
    r"특집|연재|이슈|동정|부고|인사|게시판|공지|보도자료|카드뉴스|그래픽|리뷰|탐사|"
    r"팩트체크|시론|오피니언|논평|주간|오늘|한줄|영상뉴스|포토뉴스|뉴스|알림|화제|"
    r"신간|날씨|광고|AD|Q&A|QnA|제공|자료|출처|\d.*)$"
)
_PLACES = re.compile(
    r"^(?:서울|부산|대구|인천|광주|대전|울산|세종|수원|의정부|춘천|청주|전주|창원|"
    r"제주|안동|포항|경기|강원|충북|충남|전북|전남|경북|경남|워싱턴|뉴욕|도쿄|베이징|"
    r"파리|런던|[가-힣]{1,4}(?:시|군|구|도))$"
)
_REPORTER_ONLY = re.compile(rf"^(?P<name>{NAME}){MORE_NAMES}\s?{REPORTER}$")


@dataclass
class Dateline:
    publisher: str
    author: str
    email: str
    rest: str


def dateline(text: str, known_outlet=None) -> Dateline | None:
    """The opening '[서울=뉴스핌] 이경화 기자 =' of a lead, split into its parts.

    A bracketed word in front of a headline ('[단독]', '[구청25]') is a tag, not a
    dateline: a dateline is followed by the lead itself, a reporter, or nothing.
    ``known_outlet(name)`` says whether a bare '[이름]' is a news outlet.
    """
    m = _DATELINE_RE.match(text)
    if not m:
        return None
    inner = m.group("inner").strip()
    rest = text[m.end() :]
    publisher = author = ""
    parts = re.split(r"\s*[=/ㅣ|]\s*", inner, maxsplit=1)
    if len(parts) == 2:
        left, right = parts
        if _TAG_WORDS.match(left) or _TAG_WORDS.match(right):
            return None  # "(사진=연합뉴스)" credits a photo
        rm = _REPORTER_ONLY.match(right)
        if rm:
            publisher, author = left, rm.group("name")
        elif _PLACES.match(left) or known_outlet and known_outlet(right):
            publisher = right  # "[서울=뉴스핌]": place = publisher
        else:
            return None
    else:
        sm = re.match(
            rf"^(?P<pub>.+?)\s+(?P<name>{NAME}){MORE_NAMES}\s?{REPORTER}$", inner
        )
        if sm:
            publisher, author = sm.group("pub"), sm.group("name")
        elif m.group("open") in "[【〔" and not _TAG_WORDS.match(inner):
            if len(inner) > 15 or " " in inner.strip():
                return None
            publisher = inner
        else:
            return None
    publisher = publisher.strip()
    if not re.search(r"[가-힣A-Za-z]", publisher) or _TAG_WORDS.match(publisher):
        return None
    email = ""
    am = _AFTER_DATELINE.match(rest.lstrip())
    if am:
        author = author or am.group("name")
        email = am.group("email") or ""
        rest = rest.lstrip()[am.end() :]
    elif rest.lstrip().startswith("="):
        rest = rest.lstrip()[1:]
    rest = rest.strip()
    bare = len(parts) == 1 and not author  # '[이름]' with nothing else
    heads_headline = bare and rest and not is_paragraph(rest) and len(rest) < 120
    if heads_headline and not (known_outlet and known_outlet(publisher)):
        # '[동네방네]은평구 …' heads a headline; only a known outlet makes it a
        # dateline there.
        return None
    return Dateline(publisher, author, email, rest)


# --- copyright lines ---

_COPYRIGHT_NAME = re.compile(
    r"(?:copyright|저작권자|ⓒ|©|\(c\))\s*(?:by\s+)?(?:ⓒ|©|\(c\))?\s*"
    r"(?:(?:19|20)\d{2}(?:\s*[-~]\s*(?:19|20)?\d{2,4})?\s*)?"
    r"(?P<name>[^,|<>()\[\]&]+)",
    re.I,
)


def copyright_name(text: str) -> str:
    """The outlet named by a Copyright/저작권자 line, as written there."""
    sign = _SIGN_OFF.match(text)
    if sign:
        return sign.group("name")
    for m in _COPYRIGHT_NAME.finditer(text):
        name = re.split(
            r"\s(?:무단|all\s+rights|재배포|inc\b|co\.|corp)|\.\s|\.$|\s[-–]\s",
            m.group("name"),
            flags=re.I,
        )[0]
        name = re.sub(r"^(?:copyright|저작권자|ⓒ|©)\s*", "", name.strip(), flags=re.I)
        name = name.strip(" :-·.")
        if 2 <= len(name) <= 30 and WORDISH.search(name):
            return name
    return ""


def clean_author(value: str) -> str:
    """A person's name from a meta tag or JSON value ('홍길동 기자 hong@…' -> 홍길동)."""
    value = norm(value or "")
    if not value or value.startswith("http"):
        return ""
    name = reporter_in(value)
    if name:
        return name
    value = EMAIL_RE.sub("", value).strip(" ,()")
    if _OUTLET_WORD.search(value):
        return ""  # '하늘일보' fits the shape of a name, but names an outlet
    return value if re.fullmatch(NAME, value) else ""


_OUTLET_WORD = re.compile(r"(?:일보|신문|뉴스|경제|타임즈|방송|통신|미디어|저널|닷컴)$")
