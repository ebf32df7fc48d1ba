"""Turn one news page into article fields: title, body paragraphs, date, byline.

Input is an HTML fragment, a full HTML page or a plain-text dump of a page, in
UTF-8 or EUC-KR/CP949. Korean news layouts get our own rules first (datelines
such as ``[서울=뉴스핌] 이경화 기자 =``, date markers such as 기사입력/작성일,
end markers such as Copyright/무단전재/관련기사). trafilatura is only the fallback
for full pages whose article container we do not recognise.

Dates are taken only from places that describe this article (meta tags, the
byline's date marker, the URL or the article's own image paths), never from
sentences of the body or from boxes about other stories: a wrong date is worse
than none, so the date stays empty when in doubt.

Everything here is pure: bytes in, a dataclass out, no ORM and no network.
"""

from __future__ import annotations

import codecs
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from urllib.parse import urljoin
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import lxml.html
from charset_normalizer import from_bytes
from lxml import etree

try:
    SEOUL = ZoneInfo("Asia/Seoul")
except ZoneInfoNotFoundError:
    # Slim images may lack tzdata; a fixed offset is exact, Korea has had no DST
    # since 1988.
    SEOUL = timezone(timedelta(hours=9), "Asia/Seoul")

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass
class Extracted:
    title: str
    paragraphs: list[str]
    subtitle: str = ""
    captions: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    date_source: str = ""
    publisher: str = ""
    author: str = ""
    author_email: str = ""
    canonical_url: str = ""
    encoding: str = ""

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


class ExtractionError(ValueError):
    """Bad input; str(error) is a reason a person can act on."""


# --------------------------------------------------------------------------
# Bytes: size, binary formats, encoding
# --------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


_MAGIC = [
    (b"%PDF", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG 이미지"),
    (b"\xff\xd8\xff", "JPEG 이미지"),
    (b"GIF87a", "GIF 이미지"),
    (b"GIF89a", "GIF 이미지"),
    (b"PK\x03\x04", "ZIP 압축 파일(docx/hwpx 포함)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "HWP/MS 오피스 문서"),
    (b"\x1f\x8b", "gzip 압축 파일"),
    (b"\x7fELF", "실행 파일"),
]

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]

# Python's euc_kr lacks the extended Hangul of UHC (똠, 뷁 ...); every Korean
# legacy label is really cp949 on the web, as browsers also treat it.
_KOREAN_LABELS = frozenset(
    _words(
        "euc-kr euckr euc_kr cseuckr ks_c_5601-1987 ks_c_5601 ksc5601 ksc_5601 korean "
        "cp949 ms949 uhc windows-949 x-windows-949"
    )
)
# Western single-byte labels decode any bytes without error, so a wrong label
# (common on old Korean sites) would give mojibake; we try UTF-8/CP949 first.
_WESTERN = {"iso8859-1", "cp1252", "ascii", "iso8859-15"}

_CHARSET_RE = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENC_RE = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)


def _codec_name(label: str) -> str:
    """Python codec for a declared label, or "" when unknown."""
    label = label.strip().strip("\"'").lower()
    if not label:
        return ""
    if label in _KOREAN_LABELS:
        return "cp949"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return ""
    if name in ("euc_kr", "cp949"):
        return "cp949"
    return name


def _public_name(codec: str) -> str:
    return {"utf_8": "utf-8", "utf-8": "utf-8"}.get(codec, codec.replace("_", "-"))


def _try(raw: bytes, codec: str) -> str | None:
    try:
        return raw.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode(raw: bytes, declared: str = "") -> tuple[str, str]:
    """Decode page bytes; return (text, encoding used).

    Order: BOM, the declared charset (HTTP header; a bare label or a whole
    Content-Type value), <meta charset>, UTF-8, CP949, then charset-normalizer.
    """
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            text = _try(raw[len(bom) :], codec)
            if text is not None:
                return text, codec
    labels = []
    if declared:
        m = _CHARSET_RE.search(declared.encode("ascii", "ignore"))
        labels.append(m.group(1).decode() if m else declared)
    head = raw[:4096]
    for rx in (_XML_ENC_RE, _CHARSET_RE):
        m = rx.search(head)
        if m:
            labels.append(m.group(1).decode("ascii", "ignore"))
    tried = set()
    late = []
    for label in labels:
        codec = _codec_name(label)
        if not codec or codec in tried:
            continue
        if codec in _WESTERN:
            late.append(codec)
            continue
        tried.add(codec)
        text = _try(raw, codec)
        if text is not None:
            return text, _public_name(codec)
    for codec in ("utf-8", "cp949"):
        text = _try(raw, codec)
        if text is not None:
            return text, codec
    for codec in late:
        text = _try(raw, codec)
        if text is not None and not _looks_mojibake(text):
            return text, _public_name(codec)
    # A few broken bytes in an otherwise clean page: keep the page, mark the bytes.
    best = min(
        ((raw.decode(c, errors="replace"), c) for c in ("utf-8", "cp949")),
        key=lambda pair: pair[0].count("\ufffd"),
    )
    if best[0].count("\ufffd") <= max(2, len(best[0]) // 500):
        return best
    guess = from_bytes(raw).best()
    if guess is not None and guess.encoding:
        text = str(guess)
        if not _looks_mojibake(text):
            return text, _public_name(guess.encoding)
    raise ExtractionError(
        "인코딩을 알 수 없습니다: UTF-8도 EUC-KR/CP949도 아닙니다 "
        "(unknown text encoding; save the page as UTF-8)"
    )


def _looks_mojibake(text: str) -> bool:
    # CP949 or UTF-8 bytes read as Latin-1 show up as runs of accented letters.
    latin = sum(1 for c in text if "\u00c0" <= c <= "\u00ff")
    return latin > max(3, len(text) // 50)


def _check_bytes(raw: bytes, max_bytes: int, name: str) -> None:
    where = f"{name}: " if name else ""
    if len(raw) > max_bytes:
        raise ExtractionError(
            f"{where}파일이 너무 큽니다 ({len(raw):,}바이트, 최대 {max_bytes:,}바이트) "
            "(input larger than the size limit)"
        )
    if not raw.strip():
        raise ExtractionError(f"{where}내용이 비어 있습니다 (empty input)")
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            raise ExtractionError(
                f"{where}파일이 {kind}입니다 (binary file, not an article)"
            )
    if raw[4:8] in (b"ftyp",) or (raw.startswith(b"RIFF") and raw[8:12] == b"WEBP"):
        raise ExtractionError(
            f"{where}파일이 이미지/동영상입니다 (binary file, not an article)"
        )
    has_wide_bom = raw.startswith(
        (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)
    )
    if b"\x00" in raw and not has_wide_bom:
        raise ExtractionError(
            f"{where}텍스트가 아닌 바이너리 파일입니다: NUL 바이트 포함 "
            "(binary file, not an article)"
        )


def _check_text(text: str, name: str) -> str:
    controls = sum(
        1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v"
    )
    if controls >= 3 and controls > len(text) * 0.01:
        where = f"{name}: " if name else ""
        raise ExtractionError(
            f"{where}제어 문자가 많아 텍스트가 아닙니다 (binary file, not an article)"
        )
    return "".join(
        c if unicodedata.category(c) != "Cc" or c in "\t\n\r" else " " for c in text
    )


# --------------------------------------------------------------------------
# Small text helpers
# --------------------------------------------------------------------------

_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u200b", "").replace("\ufeff", "").replace("\u00ad", "")
    return _SPACES.sub(" ", text).strip()


def _nospace_len(text: str) -> int:
    return len(text.replace(" ", ""))


_HANGUL = re.compile(r"[가-힣]")
_WORDISH = re.compile(r"[0-9A-Za-z가-힣]")

NAME = r"[가-힣]{2,4}"
REPORTER = (
    r"(?:(?:선임|수석|객원|전문|인턴|편집|취재|사진|영상)\s?)?"
    r"(?:기자|특파원|통신원|에디터|논설위원|칼럼니스트)"
)
EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"

_EMAIL_RE = re.compile(EMAIL)
_EMAIL_LINE = re.compile(rf"^\(?({EMAIL})\)?$")
_BYLINE_LINE = re.compile(
    rf"^(?:[•·▪\-/]\s*)?(?:글·사진\s*|글\s*)?(?P<name>{NAME})\s?{REPORTER}"
    rf"\s*[(<]?(?P<email>{EMAIL})?[)>]?\s*$"
)
_TRAILING_BYLINE = re.compile(
    rf"(?<=[.!?”\"’'])\s*[/=]?\s*(?P<name>{NAME})\s?{REPORTER}"
    rf"\s*[(<]?(?P<email>{EMAIL})?[)>]?\s*$"
)
_TRAILING_EMAIL = re.compile(rf"(?<=[.!?”\"’'])\s*\(?(?P<email>{EMAIL})\)?\s*$")

_SENTENCE_END = re.compile(r"[.!?。][”\"’'』」)\]]*\s*$")


def _is_paragraph(text: str) -> bool:
    """A sentence of running text, as opposed to a headline or a label."""
    return (
        _nospace_len(text) >= 20
        and bool(_HANGUL.search(text))
        and bool(_SENTENCE_END.search(text))
    )


# --------------------------------------------------------------------------
# Line classes: widgets, captions, end markers, datelines
# --------------------------------------------------------------------------

_MENU_WORDS = frozenset(
    _words(
        "전체기사 최신뉴스 로그인 회원가입 로그아웃 모바일웹 전체메뉴 검색 구독신청 "
        "기사검색 마이페이지 PC버전 모바일 홈 Home HOME"
    )
)
_WIDGET_RE = re.compile(
    r"글자\s?크기|글씨\s?크기|본문\s?크기|폰트\s?크기|번역할\s?언어|기사\s?번역|"
    r"기사를?\s?공유|공유하기|SNS\s?공유|URL\s?복사|링크\s?복사|주소\s?복사|"
    r"스크랩|인쇄하기|프린트|상태바|기사\s?저장|구독하기|좋아요|기상청\s?제공|"
    r"결과물\s?출력|바로가기|본문\s?듣기|음성으로\s?듣기|읽어주기|Top으로|맨\s?위로|"
    r"^[•·▪※]?\s*(?:더\s?작게|작게|보통|크게|더\s?크게|가+|닫기|목록|이전|다음)$|"
    r"^[•·▪]?\s*댓글\s*\(?\d*\)?$|^[•·▪]?\s*조회(?:수)?\s*[:\s]?\s*[\d,]*$|"
    r"^\(?끝\)?$|^[-=_*~]{3,}$"
)
_WEATHER_RE = re.compile(r"-?\d+(?:\.\d+)?\s?℃")
_SECTION_RE = re.compile(
    r"^[^.!?>]{1,30}[>〉›»]\s*$|^[^>\s]+(?:\s?[>〉›»]\s?[^>\s]+)+$"
)

_CAPTION_RE = re.compile(
    r"[\[(<]\s*(?:사진|자료|그래픽|영상)\s*[=:/]|사진\s*[=/:]\s*\S|"
    r"사진\s?제공|<사진>|\[사진\]|\(사진\)|"
    r"\S\s?제공\s*[.)\]]\s*\|?\s*$|"
    r"[(/]\s*(?:\S+\s)?(?:DB|연합뉴스|뉴시스|뉴스1)\s*\)?\s*$"
)


def _is_caption(text: str) -> bool:
    if len(text) > 250:
        return False
    if text.startswith(("▲", "△", "▶ 사진", "사진설명", "[사진설명]")):
        return not (_is_paragraph(text) and len(text) > 120)
    if not _CAPTION_RE.search(text):
        return False
    # A caption may hold one descriptive sentence; a body paragraph that merely
    # mentions 사진 ends on its own sentence, not on the photo credit.
    return not _SENTENCE_END.search(text) or bool(re.search(r"제공\s*\.\s*$", text))


_END_RE = re.compile(
    r"copyright|ⓒ|©|무단\s?전재|재배포\s?금지|재배포금지|all rights reserved", re.I
)
_END_LABEL_RE = re.compile(
    r"^[\[<【]?\s*(?:\S+\s)?(?:관련\s?기사|관련\s?자료|관련\s?뉴스|관련\s?링크|"
    r"추천\s?기사|많이\s?본\s?(?:기사|뉴스)|인기\s?기사|주요\s?뉴스|"
    r"베스트\s?기사|이\s?시각\s?(?:주요|인기)|이전\s?기사|다음\s?기사|"
    r"이전글|다음글|종목\s?추적기|기사\s?제보|댓글)"
)
_RELATED_ONLY_RE = re.compile(r"^(?:관련\s?기사|관련\s?뉴스|관련\s?자료|관련\s?링크)$")


def _is_end(text: str) -> bool:
    if len(text) <= 160 and _END_RE.search(text):
        return True
    return bool(_END_LABEL_RE.search(text)) and (
        len(text) <= 40 or not _is_paragraph(text)
    )


def _is_widget(text: str) -> bool:
    if _WIDGET_RE.search(text) and len(text) <= 60:
        return True
    if _WEATHER_RE.search(text) and _nospace_len(text) <= 25:
        return True
    words = text.split()
    menu = sum(1 for w in words if w in _MENU_WORDS)
    if menu >= 2 or (menu and len(words) <= 6):
        return True
    return len(text) <= 40 and bool(_SECTION_RE.match(text))


_COPYRIGHT_NAME = re.compile(
    r"(?:copyright|저작권자|ⓒ|©|\(c\))\s*(?:ⓒ|©|\(c\))?\s*(?:(?:19|20)\d{2}\s*)?"
    r"(?P<name>[^.,|<>()\[\]&]+)",
    re.I,
)


def _copyright_publisher(text: str) -> str:
    for m in _COPYRIGHT_NAME.finditer(text):
        name = re.split(
            r"\s(?:무단|all\s+rights|재배포|inc\b|co\.|corp)",
            m.group("name"),
            flags=re.I,
        )[0]
        name = re.sub(r"^(?:copyright|저작권자|ⓒ|©)\s*", "", name.strip(), flags=re.I)
        name = name.strip(" :-·")
        if 2 <= len(name) <= 30 and _WORDISH.search(name) and "." not in name:
            return name
    return ""


# Datelines: "[서울=뉴스핌] 이경화 기자 =", "(서울=연합뉴스) 홍길동 기자 =",
# "[헤럴드경제=박종일 선임기자]", "[시사포커스 / 박상민 기자]", "[아시아경제 박종일 기자]",
# "[파이낸셜뉴스]".
_DATELINE_RE = re.compile(
    r"^(?P<open>[\[(【〔])\s*(?P<inner>[^\])】〕\n]{2,40}?)\s*[\])】〕]\s*"
)
_AFTER_DATELINE = re.compile(
    rf"^(?P<name>{NAME})\s?{REPORTER}\s*(?:(?P<email>{EMAIL})\s*)?(?:=|:|-|–)?\s*"
)
_TAG_WORDS = re.compile(
    r"^(?:단독|속보|종합|사진|포토|영상|인터뷰|기획|칼럼|사설|르포|현장|해설|분석|기고|"
    r"특집|연재|이슈|동정|부고|인사|게시판|공지|보도자료|카드뉴스|그래픽|리뷰|탐사|"
    r"팩트체크|시론|오피니언|논평|주간|오늘|한줄|영상뉴스|포토뉴스|뉴스|알림|화제|"
    r"신간|날씨|광고|AD|Q&A|QnA|\d.*)$"
)


@dataclass
class _Dateline:
    publisher: str
    author: str
    email: str
    rest: str


def _dateline(text: str) -> _Dateline | None:
    m = _DATELINE_RE.match(text)
    if not m:
        return None
    inner = m.group("inner").strip()
    rest = text[m.end() :]
    publisher = author = email = ""
    parts = re.split(r"\s*[=/]\s*", inner, maxsplit=1)
    reporter = re.compile(rf"^(?P<name>{NAME})\s?{REPORTER}$")
    if len(parts) == 2:
        left, right = parts
        if _TAG_WORDS.match(left):  # "(사진=연합뉴스)" credits a photo
            return None
        rm = reporter.match(right)
        if rm:
            publisher, author = left, rm.group("name")
        else:
            # "[서울=뉴스핌]": place = publisher
            publisher = right
    else:
        sm = re.match(rf"^(?P<pub>.+?)\s+(?P<name>{NAME})\s?{REPORTER}$", inner)
        if sm:
            publisher, author = sm.group("pub"), sm.group("name")
        elif m.group("open") in "[【〔" and not _TAG_WORDS.match(inner):
            if len(inner) > 15 or " " in inner.strip():
                return None
            publisher = inner
        else:
            return None
    if not re.search(r"[가-힣A-Za-z]", publisher) or _TAG_WORDS.match(publisher):
        return None
    am = _AFTER_DATELINE.match(rest)
    if am:
        author = author or am.group("name")
        email = am.group("email") or ""
        rest = rest[am.end() :]
    elif rest.startswith("="):
        rest = rest[1:]
    return _Dateline(publisher.strip(), author, email, rest.strip())


_CREDIT_RE = re.compile(r"^/\s*(?P<name>[가-힣A-Za-z0-9]{2,15})$")


# --------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------

_FULL_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*(?:[.\-/]|년)\s*(?P<m>\d{1,2})\s*(?:[.\-/]|월)\s*"
    r"(?P<d>\d{1,2})(?!\d)\s*일?\.?"
    r"(?:\s*\(?[월화수목금토일]\)?(?:요일)?)?"
    r"(?:\s*(?P<ampm>오전|오후|AM|PM|am|pm)?\s*(?P<H>\d{1,2})\s*(?::|시)\s*"
    r"(?P<M>\d{2})(?:\s*:\s*(?P<S>\d{2}))?)?"
)
_MONTH_DAY = re.compile(
    r"(?P<m>\d{1,2})\s*(?:[.\-/]|월)\s*(?P<d>\d{1,2})(?!\d)\s*일?"
    r"(?:\s+(?P<H>\d{1,2}):(?P<M>\d{2}))?"
)
_YEAR_MONTH = re.compile(r"(?P<y>(?:19|20)\d{2})\s*[.\-/년]\s*(?P<m>\d{1,2})(?!\d)")

_PUB_MARKERS = (
    "기사입력|최초입력|최초 입력|입력일|입력|작성일자|작성일시|작성일|작성|등록일시|"
    "등록일|등록|송고시간|송고|승인|게재일|게재|발행일|발행|기사전송|전송|"
    "date|Date|DATE|published|Published|Posted|posted"
)
_MOD_MARKERS = "최종수정일|최종수정|최종 수정|수정일|수정|업데이트"
_MARKER_RE = re.compile(
    rf"(?<![가-힣A-Za-z])(?P<mk>{_MOD_MARKERS}|{_PUB_MARKERS})"
    r"\s*(?:일시|시간)?\s*[:：]?\s*"
)


@dataclass
class _DateHit:
    value: datetime | None  # full date
    month_day: tuple[int, int] | None  # year missing
    modified: bool
    start: int  # where the marker starts in the line
    end: int  # where the date text ends


def _make_dt(y, m, d, hh=None, mm=None, ss=None, ampm=None) -> datetime | None:
    try:
        hour = int(hh) if hh else 0
        if ampm in ("오후", "PM", "pm") and hour < 12:
            hour += 12
        if ampm in ("오전", "AM", "am") and hour == 12:
            hour = 0
        return datetime(
            int(y), int(m), int(d), hour, int(mm or 0), int(ss or 0), tzinfo=SEOUL
        )
    except (ValueError, TypeError):
        return None


def _full_date_at(text: str) -> tuple[datetime | None, int]:
    m = _FULL_DATE.match(text)
    if not m:
        return None, 0
    g = m.groupdict()
    return _make_dt(g["y"], g["m"], g["d"], g["H"], g["M"], g["S"], g["ampm"]), m.end()


def _marker_date(text: str) -> _DateHit | None:
    """A date right after a marker such as 입력/작성일/승인 in this line."""
    for mk in _MARKER_RE.finditer(text):
        rest = text[mk.end() :]
        modified = bool(re.match(_MOD_MARKERS, mk.group("mk")))
        value, used = _full_date_at(rest)
        if value:
            return _DateHit(value, None, modified, mk.start(), mk.end() + used)
        ym = _YEAR_MONTH.match(rest)
        if ym:  # year and month only: not enough for a date, but it is the date line
            return _DateHit(None, None, modified, mk.start(), mk.end() + ym.end())
        md = _MONTH_DAY.match(rest)
        if md and 1 <= int(md.group("m")) <= 12 and 1 <= int(md.group("d")) <= 31:
            return _DateHit(
                None,
                (int(md.group("m")), int(md.group("d"))),
                modified,
                mk.start(),
                mk.end() + md.end(),
            )
    return None


_PATH_DATES = [
    re.compile(r"/((?:19|20)\d{2})(\d{2})/(\d{2})(?=/)"),
    re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?=/)"),
    re.compile(r"/((?:19|20)\d{2})-(\d{2})-(\d{2})(?=[/_-])"),
    re.compile(r"(?<![\d])((?:19|20)\d{2})(\d{2})(\d{2})(?=\d{0,12}(?:\D|$))"),
]


def _path_dates(path: str) -> list[tuple[int, int, int]]:
    found = []
    for rx in _PATH_DATES:
        for m in rx.finditer(path):
            y, mo, d = (int(x) for x in m.groups())
            if 1 <= mo <= 12 and 1 <= d <= 31:
                found.append((y, mo, d))
    return found


def _url_date(url: str) -> datetime | None:
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.I)
    for y, m, d in _path_dates(path):
        dt = _make_dt(y, m, d)
        if dt and 1995 <= y <= datetime.now(SEOUL).year + 1:
            return dt
    return None


def _parse_meta_date(value: str) -> datetime | None:
    value = value.strip()
    if not value:
        return None
    compact = re.fullmatch(
        r"((?:19|20)\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?", value
    )
    if compact:
        return _make_dt(*compact.groups())
    iso = value.replace("Z", "+00:00")
    iso = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", iso)
    try:
        dt = datetime.fromisoformat(iso.replace(" ", "T", 1))
    except ValueError:
        dt, _ = _full_date_at(value)
        return dt
    return dt if dt.tzinfo else dt.replace(tzinfo=SEOUL)


# --------------------------------------------------------------------------
# Analysis of a sequence of text blocks (shared by HTML and plain text)
# --------------------------------------------------------------------------


@dataclass
class _Block:
    text: str
    kind: str = "text"  # "text", "caption" or "heading"


@dataclass
class _Found:
    title: str = ""
    subtitle: str = ""
    paragraphs: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    publisher: str = ""
    copyright: str = ""
    credit: str = ""
    author: str = ""
    email: str = ""
    date: datetime | None = None
    modified: datetime | None = None
    month_day: tuple[int, int] | None = None
    subtitle_inside: bool = False  # read inside the article container


def _headline_like(text: str) -> bool:
    return (
        _nospace_len(text) >= 8
        and len(text) <= 160
        and bool(re.search(r"[가-힣A-Za-z]", text))
        and not _is_paragraph(text)
        and not _dateline(text)
    )


def _note_date(found: _Found, hit: _DateHit) -> None:
    if hit.modified:
        if hit.value and not found.modified:
            found.modified = hit.value
        return
    if hit.value and not found.date:
        found.date = hit.value
    elif hit.month_day and not found.date and not found.month_day:
        found.month_day = hit.month_day


def _byline_date(text: str) -> datetime | None:
    """Date on a short byline line such as '2025-06-10 홍길동 기자'."""
    if len(text) > 60 or not re.search(REPORTER, text):
        return None
    m = _FULL_DATE.search(text)
    return _make_dt(*m.group("y", "m", "d", "H", "M", "S", "ampm")) if m else None


def _strip_widget_bits(text: str) -> str:
    return text.strip(" |·•")


def _analyse(
    blocks: list[_Block],
    *,
    body_from: int = 0,
    body_to: int | None = None,
) -> _Found:
    """Split blocks into header (title, byline, date), body and what follows.

    Blocks before ``body_from`` are header only; blocks from ``body_to`` on are
    read only for a copyright line or a byline, never for body or date.
    """
    found = _Found()
    # Same length as the input: body_from/body_to index into it.
    blocks = [_Block(_strip_widget_bits(b.text), b.kind) for b in blocks]
    body_to = len(blocks) if body_to is None else min(body_to, len(blocks))

    start = None
    for i in range(body_from, body_to):
        b = blocks[i]
        if b.kind != "text" or _is_caption(b.text) or _is_widget(b.text):
            continue
        if _dateline(b.text) or _is_paragraph(b.text):
            start = i
            break
    if start is None:
        start = body_from

    _read_header(blocks[:start], found, inside_from=body_from if body_from else None)
    end = _read_body(blocks, start, body_to, found)
    for b in blocks[end : end + 15]:
        _read_trailer(b.text, found)
    return found


def _read_header(
    header: list[_Block], found: _Found, inside_from: int | None = None
) -> None:
    """Title, sub-heading, byline and date from the lines above the body.

    Lines from ``inside_from`` on lie inside the article container: they are
    never the title, and lines that are not byline or date stay in the body.
    """
    before: list[str] = []  # headline candidates before any date line
    after: list[str] = []
    lead: list[str] = []
    date_seen = False
    headings = [
        b.text for b in header if b.kind == "heading" and _headline_like(b.text)
    ]
    for index, b in enumerate(header):
        text = b.text
        if b.kind == "caption":
            _add_caption(found, text)
            continue
        if _is_widget(text):
            continue
        hit = _marker_date(text)
        if hit:
            _note_date(found, hit)
            date_seen = True
            pre = text[: hit.start].strip(" |·•")
            post = text[hit.end :].strip(" |·•")
            if _headline_like(pre) and not before:
                before.append(pre)
            if _headline_like(post) and not _marker_date(post):
                after.append(post)
            name = re.search(rf"({NAME})\s?{REPORTER}", text)
            if name and not found.author:
                found.author = name.group(1)
            continue
        by = _BYLINE_LINE.match(text)
        if by:
            found.author = found.author or by.group("name")
            found.email = found.email or (by.group("email") or "")
            continue
        bydate = _byline_date(text)
        if bydate:
            found.date = found.date or bydate
            date_seen = True
            name = re.search(rf"({NAME})\s?{REPORTER}", text)
            if name and not found.author:
                found.author = name.group(1)
            continue
        em = _EMAIL_LINE.match(text)
        if em:
            found.email = found.email or em.group(1)
            continue
        if _is_caption(text):
            _add_caption(found, text)
            continue
        if _FULL_DATE.match(text) and _nospace_len(text) <= 30:
            continue  # a page's render date or an update stamp, not the article's
        if inside_from is not None and index >= inside_from:
            lead.append(text)
        elif _headline_like(text) and text not in before and text not in after:
            (after if date_seen else before).append(text)
    if headings:
        found.title = headings[0]
        rest = [t for t in before + after if t not in headings]
    elif before:
        found.title = before[0]
        rest = before[1:] + after
    else:
        rest = after
    if rest:
        found.subtitle = rest[0]
    elif lead and len(lead[0]) <= 80:
        found.subtitle = lead[0]
        found.subtitle_inside = True
    found.paragraphs.extend(lead)


def _add_caption(found: _Found, text: str) -> None:
    text = text.strip(" |")
    if text and text not in found.captions:
        found.captions.append(text)


def _read_trailer(text: str, found: _Found) -> None:
    if _END_RE.search(text) and len(text) <= 160 and not found.copyright:
        found.copyright = _copyright_publisher(text)
    by = _BYLINE_LINE.match(text)
    if by:
        found.author = found.author or by.group("name")
        found.email = found.email or (by.group("email") or "")


def _read_body(blocks: list[_Block], start: int, stop: int, found: _Found) -> int:
    """Collect body paragraphs from ``start``; return the index where the body ended."""
    i = start
    while i < stop:
        b = blocks[i]
        text = b.text
        i += 1
        if b.kind == "caption":
            _add_caption(found, text)
            continue
        if _is_end(text):
            nxt = blocks[i].text if i < stop else ""
            if _RELATED_ONLY_RE.match(text) and _is_paragraph(nxt):
                continue  # a stray widget label inside the body, not the end
            found.copyright = found.copyright or _copyright_publisher(text)
            return i - 1
        if _is_widget(text):
            continue
        credit = _CREDIT_RE.match(text)
        if credit:
            found.credit = found.credit or credit.group("name")
            # Some syndicated pages repeat the headline just above the agency credit.
            if (
                not found.title
                and found.paragraphs
                and _headline_like(found.paragraphs[-1])
            ):
                found.title = found.paragraphs.pop()
            continue
        if _is_caption(text):
            _add_caption(found, text)
            continue
        em = _EMAIL_LINE.match(text)
        if em:
            found.email = found.email or em.group(1)
            continue
        by = _BYLINE_LINE.match(text)
        if by:
            found.author = found.author or by.group("name")
            found.email = found.email or (by.group("email") or "")
            continue
        if len(text) <= 80:
            hit = _marker_date(text)
            if hit and hit.start <= 3:
                _note_date(found, hit)
                name = re.search(rf"({NAME})\s?{REPORTER}", text)
                if name and not found.author:
                    found.author = name.group(1)
                continue
        if _FULL_DATE.match(text) and _nospace_len(text) <= 30:
            continue  # a bare date with no marker: a stamp of the page, not body text
        if len(found.paragraphs) < 3:
            dl = _dateline(text)
            if dl:
                found.publisher = found.publisher or dl.publisher
                found.author = found.author or dl.author
                found.email = found.email or dl.email
                text = dl.rest
        tb = _TRAILING_BYLINE.search(text)
        if tb and tb.start() > 0:
            found.author = found.author or tb.group("name")
            found.email = found.email or (tb.group("email") or "")
            text = text[: tb.start()].rstrip()
        te = _TRAILING_EMAIL.search(text)
        if te and te.start() > 0:
            found.email = found.email or te.group("email")
            text = text[: te.start()].rstrip()
        if text and _WORDISH.search(text):
            found.paragraphs.append(text)
    return stop


# --------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------

_HTML_SNIFF = re.compile(
    r"</?\s*(?:!doctype|html|head|body|div|p|article|section|span|br|figure|h[1-6]|"
    r"meta|table|ul|li|a|img|script|style)\b",
    re.I,
)
_FULL_PAGE = re.compile(r"<\s*(?:html|body|head)\b", re.I)

_BLOCK_TAGS = frozenset(
    _words(
        "p div section article main header h1 h2 h3 h4 h5 h6 li ul ol dl dt dd table "
        "tr td th blockquote figure figcaption pre address br hr center"
    )
)
_DROP_TAGS = tuple(
    _words(
        "script style noscript template iframe form button select input textarea nav "
        "aside footer svg canvas object embed video audio"
    )
)
_BOILER_TOKENS = frozenset(
    _words(
        "comment comments cmt reply related relation recommend recommended popular "
        "ranking rank share sharing sns social ad ads advert advertisement banner "
        "footer gnb lnb snb menu nav navigation breadcrumb breadcrumbs subscribe "
        "newsletter weather stock sidebar aside blind screen_out translate tool tools "
        "util utility font fontsize prev next pagination tags keyword keywords"
    )
)
_CONTAINER_NAMES = frozenset(
    _words(
        "articlebody article_body article-body article_view article-view-content-div "
        "articleview article_content article-content articlecontent article_txt "
        "article-txt art_txt article_text article-text news_body news_body_area "
        "newsbody news_content newscontent news_view newsview newsct_article dic_area "
        "view_con view_cont view_content cont_view viewcontent story-body "
        "entry-content post-content textbody articletxt news_txt news-text "
        "content_text article_con"
    )
)


def _tokens(el) -> set[str]:
    raw = f"{el.get('class', '')} {el.get('id', '')}".lower()
    return {t for t in re.split(r"[\s_-]+", raw) if t} | set(raw.split())


def _is_hidden(el) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return (
        "display:none" in style
        or "visibility:hidden" in style
        or el.get("hidden") is not None
        or el.get("aria-hidden") == "true"
    )


def _clean_tree(root, container) -> None:
    """Drop scripts, hidden parts and boxes named like boilerplate (related, share)."""
    etree.strip_elements(root, *_DROP_TAGS, with_tail=False)
    keep = set()
    if container is not None:
        keep = {container, *container.iterancestors()}
    total = len(root.text_content())
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None or el in keep:
            continue
        if el.tag in ("body", "html"):
            continue
        if _is_hidden(el) or "hidden" in el.get("class", "").split():
            el.drop_tree()
        elif _tokens(el) & _BOILER_TOKENS and not _is_container(el):
            # A page wrapper whose class happens to say "sidebar" or "menu" holds
            # the article too; only boxes much smaller than the page are dropped.
            if container is None and len(el.text_content()) > total * 0.4:
                continue
            el.drop_tree()


def _is_container(el) -> bool:
    if (el.get("itemprop") or "").lower() == "articlebody":
        return True
    names = {el.get("id", "").lower(), *el.get("class", "").lower().split()}
    return bool(names & _CONTAINER_NAMES)


def _find_container(root):
    best = None
    for el in root.iter():
        if isinstance(el.tag, str) and _is_container(el):
            size = len(el.text_content().strip())
            if size >= 50 and (best is None or size > best[0]):
                best = (size, el)
    if best is None:
        articles = [
            el for el in root.iter("article") if len(el.text_content().strip()) >= 200
        ]
        if len(articles) == 1:
            return articles[0]
        return None
    return best[1]


def _blocks(root, marks: dict | None = None) -> list[_Block]:
    """Text of an element as blocks, one per paragraph-level element or <br>.

    ``marks`` maps elements to the index of their first block; the index after
    their last block is stored under ``(element, "end")``.
    """
    out: list[_Block] = []
    buf: list[str] = []

    def flush(kind: str = "text") -> None:
        text = _norm(" ".join(buf))
        buf.clear()
        if _WORDISH.search(text):
            out.append(_Block(text, kind))

    def walk(el) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if marks is not None and el in marks:
            flush()
            marks[el] = len(out)
        if tag == "figcaption":
            flush()
            text = _norm(el.text_content())
            if _WORDISH.search(text):
                out.append(_Block(text, "caption"))
        elif tag:
            if tag in _BLOCK_TAGS:
                flush()
            if el.text:
                buf.append(el.text)
            for child in el:
                walk(child)
            if tag in _BLOCK_TAGS:
                flush("heading" if tag == "h1" else "text")
        if marks is not None and el in marks:
            flush()
            marks[(el, "end")] = len(out)
        if el.tail:
            buf.append(el.tail)

    walk(root)
    flush()
    return out


@dataclass
class _Meta:
    title: str = ""
    h1: str = ""
    published: datetime | None = None
    publisher: str = ""
    author: str = ""
    canonical: str = ""
    subtitle: str = ""
    image_dates: list[tuple[int, int, int]] = field(default_factory=list)


_META_DATE_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "datepublished",
    "og:regdate",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "article.published",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "date",
    "article:created",
    "og:published_time",
)


def _read_meta(root) -> _Meta:
    meta = _Meta()
    values: dict[str, str] = {}
    for el in root.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower()
        content = el.get("content") or el.get("datetime") or ""
        if key and content and key not in values:
            values[key] = _norm(content)
    for el in root.xpath("//*[@itemprop='datePublished']"):
        values.setdefault(
            "datepublished", el.get("content") or el.get("datetime") or ""
        )
    ld = _read_json_ld(root)
    for key in _META_DATE_KEYS:
        dt = _parse_meta_date(values.get(key, "") or (ld.get(key) or ""))
        if dt:
            meta.published = dt
            break
    meta.title = (
        values.get("og:title") or values.get("twitter:title") or ld.get("headline", "")
    )
    for key in ("og:site_name", "article:publisher", "publisher", "twitter:site"):
        v = values.get(key, "")
        if v and not v.startswith(("http", "@")):
            meta.publisher = v
            break
    meta.publisher = meta.publisher or ld.get("publisher", "")
    if meta.title and meta.publisher:
        # "제목 - 하늘신문": drop the site name, keep dashes inside the headline.
        meta.title = re.sub(
            rf"\s*(?:\||-|–|—|::|:|<)\s*{re.escape(meta.publisher)}\s*$",
            "",
            meta.title,
        )
    if not meta.title:
        t = root.find(".//title")
        if t is not None and t.text_content():
            meta.title = _strip_site_suffix(_norm(t.text_content()))
    for key in ("article:author", "author", "dable:author", "byl", "sailthru.author"):
        name = _clean_author(values.get(key, ""))
        if name:
            meta.author = name
            break
    meta.author = meta.author or _clean_author(ld.get("author", ""))
    canonical = root.xpath(
        "//link[translate(@rel,'CANONICAL','canonical')='canonical']"
    )
    if canonical and canonical[0].get("href"):
        meta.canonical = canonical[0].get("href").strip()
    else:
        meta.canonical = values.get("og:url", "")
    return meta


def _read_json_ld(root) -> dict[str, str]:
    out: dict[str, str] = {}

    def visit(node) -> None:
        if isinstance(node, list):
            for item in node:
                visit(item)
            return
        if not isinstance(node, dict):
            return
        if "@graph" in node:
            visit(node["@graph"])
        kind = node.get("@type", "")
        kinds = kind if isinstance(kind, list) else [kind]
        if not any("Article" in str(k) or k == "WebPage" for k in kinds):
            return
        if node.get("datePublished") and "datepublished" not in out:
            out["datepublished"] = str(node["datePublished"])
        if node.get("headline") and "headline" not in out:
            out["headline"] = _norm(str(node["headline"]))
        for key in ("author", "publisher"):
            value = node.get(key)
            if isinstance(value, list) and value:
                value = value[0]
            if isinstance(value, dict):
                value = value.get("name", "")
            if value and key not in out:
                out[key] = _norm(str(value))

    for script in root.xpath("//script[@type='application/ld+json']"):
        try:
            visit(json.loads(script.text_content() or "null"))
        except (ValueError, TypeError):
            continue
    return out


def _strip_site_suffix(title: str) -> str:
    parts = re.split(r"\s+(?:\||-|–|—|::|<|:)\s+", title)
    return parts[0] if parts and _nospace_len(parts[0]) >= 8 else title


def _clean_author(value: str) -> str:
    value = _norm(value or "")
    if not value or value.startswith("http"):
        return ""
    m = re.search(rf"({NAME})\s?{REPORTER}", value)
    if m:
        return m.group(1)
    value = _EMAIL_RE.sub("", value).strip(" ,()")
    return value if re.fullmatch(NAME, value) else ""


def _image_dates(root) -> list[tuple[int, int, int]]:
    dates = []
    for img in root.iter("img"):
        for key, value in img.attrib.items():
            if "src" in key.lower() and value:
                dates.extend(_path_dates(value))
    return dates


def _parse_html(text: str):
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ExtractionError(
            f"HTML을 읽을 수 없습니다: {exc} (could not parse the HTML)"
        ) from exc
    if root is None:
        raise ExtractionError("HTML을 읽을 수 없습니다 (could not parse the HTML)")
    return root


def _from_html(text: str, url: str) -> tuple[_Found, _Meta]:
    root = _parse_html(text)
    meta = _read_meta(root)
    body = root.find("body")
    if body is None:
        body = root
    container = _find_container(body)
    h1_elements = [
        h for h in root.iter("h1") if _headline_like(_norm(h.text_content()))
    ]
    if h1_elements:
        texts = [_norm(h.text_content()) for h in h1_elements]
        matching = [
            i
            for i, t in enumerate(texts)
            if meta.title and (t in meta.title or meta.title in t)
        ]
        # A site logo or section name can sit in an <h1> too; when the page
        # names its headline in og:title, only an <h1> that agrees is used.
        pick = matching[0] if matching else (None if meta.title else 0)
        if pick is not None:
            meta.h1 = texts[pick]
            meta.subtitle = _subtitle_near(h1_elements[pick], container)
    _clean_tree(body, container)
    meta.image_dates = _image_dates(body)
    if container is not None:
        marks: dict = {container: None}
        blocks = _blocks(body, marks=marks)
        first, last = marks[container], marks[(container, "end")]
        # Only the lines just above the article can hold its byline and date.
        head = max(0, first - 15)
        found = _analyse(blocks[head:], body_from=first - head, body_to=last - head)
        meta.image_dates = _image_dates(container) or meta.image_dates
    elif not _FULL_PAGE.search(text):
        found = _analyse(_blocks(body))
    else:
        found = _trafilatura(text, url, _blocks(body))
    return found, meta


_SUBTITLE_CLASS = re.compile(r"sub_?title|sub-title|subhead|summary_title", re.I)


def _subtitle_near(h1, container) -> str:
    scopes = [s for s in (h1.getparent(), container) if s is not None]
    for scope in scopes:
        for el in scope.iter():
            if not isinstance(el.tag, str) or el is h1:
                continue
            names = f"{el.get('class', '')} {el.get('id', '')}"
            if _SUBTITLE_CLASS.search(names):
                text = _norm(el.text_content())
                if 4 <= len(text) <= 300:
                    return text
    return ""


def _trafilatura(text: str, url: str, page_blocks: list[_Block]) -> _Found:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            text,
            url=url or None,
            include_comments=False,
            include_tables=False,
            with_metadata=True,
            # htmldate's search of the body text finds dates of anything the page
            # mentions; we take dates only from meta tags, markers and the URL.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # a fallback must not turn a readable page into a crash
        doc = None
    lines = []
    if doc is not None:
        body_text = getattr(doc, "text", None) or ""
        lines = [_Block(_norm(t)) for t in body_text.split("\n") if _norm(t)]
    if not lines:
        return _analyse(page_blocks)
    first = lines[0].text
    cut = next((i for i, b in enumerate(page_blocks) if b.text == first), None)
    header = page_blocks[max(0, cut - 40) : cut] if cut else []
    found = _analyse(header + lines, body_from=len(header))
    if doc is not None and not found.title and getattr(doc, "title", None):
        found.title = _strip_site_suffix(_norm(doc.title))
    if doc is not None and getattr(doc, "sitename", None) and not found.publisher:
        found.credit = found.credit or _norm(doc.sitename)
    return found


# --------------------------------------------------------------------------
# Public entry point
# --------------------------------------------------------------------------


def _is_html(text: str, content_type: str, file_name: str) -> bool:
    ct = content_type.lower()
    name = file_name.lower()
    if "html" in ct or name.endswith((".html", ".htm", ".xhtml")):
        return True
    hits = len(_HTML_SNIFF.findall(text[:20000]))
    if "text/plain" in ct or name.endswith(".txt"):
        return bool(re.match(r"\s*<(?:!doctype|html)", text, re.I))
    return hits >= 2


def _text_blocks(text: str) -> list[_Block]:
    lines = (_norm(line) for line in text.splitlines())
    return [_Block(line) for line in lines if _WORDISH.search(line)]


def _resolve_date(
    found: _Found, meta: _Meta | None, url: str, text: str
) -> tuple[datetime | None, str]:
    if meta and meta.published:
        return meta.published, "meta"
    if found.date:
        return found.date, "byline"
    path_dates = list(meta.image_dates) if meta else []
    if not meta:  # a text dump may still carry image URLs
        for link in re.findall(r"https?://\S+", text):
            path_dates.extend(_path_dates(link))
    url_dt = _url_date(url)
    if found.month_day:
        month, day = found.month_day
        sources = (
            [(url_dt.year, url_dt.month, url_dt.day)] if url_dt else []
        ) + path_dates
        for y, m, d in sources:
            if (m, d) == (month, day):
                return _make_dt(y, m, d), "byline"
    if url_dt:
        return url_dt, "url"
    if found.modified:
        return found.modified, "byline"
    if len(set(path_dates)) == 1:
        return _make_dt(*path_dates[0]), "url"
    return None, ""


def extract(
    raw: bytes,
    *,
    url: str = "",
    content_type: str = "",
    file_name: str = "",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Extracted:
    """Extract one article from page bytes; raise ExtractionError for bad input."""
    if raw is None:
        raise ExtractionError("내용이 비어 있습니다 (empty input)")
    _check_bytes(raw, max_bytes, file_name)
    text, encoding = decode(raw, content_type)
    text = _check_text(text, file_name)
    if not text.strip():
        raise ExtractionError("내용이 비어 있습니다 (empty input)")

    meta: _Meta | None = None
    if _is_html(text, content_type, file_name):
        found, meta = _from_html(text, url)
    else:
        found = _analyse(_text_blocks(text))

    paragraphs = [p for p in found.paragraphs if p]
    title = found.title
    subtitle = found.subtitle
    if meta:
        page_title = meta.h1 or meta.title
        if page_title and page_title != title:
            if not found.subtitle_inside:
                # A sub-heading read from the lines above a title we did not use
                # is likely a menu or a box, not this article's.
                subtitle = ""
            title = page_title
        subtitle = meta.subtitle or subtitle
    if title and paragraphs and paragraphs[0] == title:
        paragraphs.pop(0)
    if subtitle and subtitle != title and (not paragraphs or paragraphs[0] != subtitle):
        # The sub-heading belongs to the article; keep it readable in the body too.
        paragraphs.insert(0, subtitle)
    if sum(_nospace_len(p) for p in paragraphs) < 10:
        where = f"{file_name}: " if file_name else ""
        raise ExtractionError(
            f"{where}기사 본문을 찾지 못했습니다 (no article body text found)"
        )

    published_at, date_source = _resolve_date(found, meta, url, text)
    publisher = found.publisher or found.copyright or (meta.publisher if meta else "")
    publisher = publisher or found.credit
    author = found.author or (meta.author if meta else "")
    canonical = meta.canonical if meta else ""
    if canonical and url:
        canonical = urljoin(url, canonical)
    return Extracted(
        title=title,
        paragraphs=paragraphs,
        subtitle=subtitle if subtitle != title else "",
        captions=found.captions,
        published_at=published_at,
        date_source=date_source,
        publisher=publisher,
        author=author,
        author_email=found.email,
        canonical_url=canonical,
        encoding=encoding,
    )
