"""Turn one news page into article fields: title, body paragraphs, date, byline.

    bytes.py   size, binary formats, the encoding (EUC-KR read as CP949)
    html.py    the DOM: article container, boilerplate, lines (meta.py: meta tags
               and JSON-LD; embedded.py: articles inside script JSON)
    text.py    a page as lines: header, body from the lead to its last sentence
    lines.py   what one line is: running text, widget, menu, caption, end marker
    title.py   headline candidates weighed together
    dates.py   dates next to their markers, in meta data and in the URL
    bylines.py author, datelines, e-mail, copyright lines
    outlets.py the table of Korean outlets, and the publisher from the signals

Input is an HTML fragment, a full HTML page or a plain-text dump of a page.
Everything here is pure: bytes in, a dataclass out, no ORM and no network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from tracker.reading.bytes import check_bytes, check_text, decode
from tracker.reading.dates import SEOUL, make_dt, path_dates, url_date
from tracker.reading.errors import ExtractionError
from tracker.reading.html import is_html, read_html
from tracker.reading.lines import nospace_len
from tracker.reading.meta import PageMeta
from tracker.reading.outlets import choose_publisher
from tracker.reading.text import Found, analyse, text_blocks
from tracker.reading.title import Candidate, choose_title

__all__ = ["SEOUL", "Extracted", "ExtractionError", "decode", "extract"]

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


def extract(
    raw: bytes,
    *,
    url: str = "",
    content_type: str = "",
    file_name: str = "",
    max_bytes: int = DEFAULT_MAX_BYTES,
    fetched_at: datetime | None = None,
) -> Extracted:
    """Extract one article from page bytes; raise ExtractionError for bad input.

    ``fetched_at`` is when the page was fetched: only against it does a
    relative stamp such as '6시간 전' give a date.
    """
    if raw is None:
        raise ExtractionError("내용이 비어 있습니다 (empty input)")
    check_bytes(raw, max_bytes, file_name)
    text, encoding = decode(raw, content_type)
    text = check_text(text, file_name)
    if not text.strip():
        raise ExtractionError("내용이 비어 있습니다 (empty input)")

    meta: PageMeta | None = None
    if is_html(text, content_type, file_name):
        found, meta = read_html(text, url, fetched_at)
    else:
        found = analyse(text_blocks(text), fetched_at=fetched_at)

    title, subtitle = _title_and_subtitle(found, meta)
    paragraphs = [p for p in found.paragraphs if p]
    if title and paragraphs and paragraphs[0] == title:
        paragraphs.pop(0)
    if sum(nospace_len(p) for p in paragraphs) < 10:
        where = f"{file_name}: " if file_name else ""
        raise ExtractionError(
            f"{where}기사 본문을 찾지 못했습니다 (no article body text found)"
        )

    published_at, date_source = _resolve_date(found, meta, url, text)
    canonical = meta.canonical if meta else ""
    if canonical and url:
        canonical = urljoin(url, canonical)
    return Extracted(
        title=title,
        paragraphs=paragraphs,
        subtitle=subtitle,
        captions=found.captions,
        published_at=published_at,
        date_source=date_source,
        publisher=_publisher(found, meta, url, canonical),
        author=found.author or (meta.author if meta else ""),
        author_email=found.email,
        canonical_url=canonical,
        encoding=encoding,
    )


def _title_and_subtitle(found: Found, meta: PageMeta | None) -> tuple[str, str]:
    if meta is None:
        return found.title, _without(found.subtitle, found.title)
    # A headline has words: a <title> that is one word names the site.
    candidates = [c for c in meta.titles if " " in c.text.strip() or len(c.text) >= 12]
    if found.title:
        candidates.append(Candidate(found.title, "line"))
    title = choose_title(candidates)
    return title, _without(meta.subtitle or found.subtitle, title)


def _key(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z가-힣]", "", text)


def _without(subtitle: str, title: str) -> str:
    lines = [s for s in subtitle.split("\n") if s and _key(s) != _key(title)]
    return "\n".join(lines)


def _resolve_date(
    found: Found, meta: PageMeta | None, url: str, text: str
) -> tuple[datetime | None, str]:
    if meta and meta.published:
        return meta.published, "meta"
    if found.date:
        return found.date, "byline"
    if found.bare:
        return found.bare, "byline"
    path = list(meta.image_dates) if meta else []
    if not meta:  # a text dump may still carry image URLs
        for link in re.findall(r"https?://\S+", text):
            path.extend(path_dates(link))
    from_url = url_date(url)
    if found.month_day:
        month, day = found.month_day
        sources = (
            [(from_url.year, from_url.month, from_url.day)] if from_url else []
        ) + path
        for y, m, d in sources:
            if (m, d) == (month, day):
                return make_dt(y, m, d), "byline"
    if meta and meta.time_dates:
        days = {d.astimezone(SEOUL).date() for d in meta.time_dates}
        if len(days) == 1:
            return meta.time_dates[0], "meta"
    if from_url:
        return from_url, "url"
    modified = (meta.modified if meta else None) or found.modified
    if modified:
        return modified, "meta" if meta and meta.modified else "byline"
    if len(set(path)) == 1:
        return make_dt(*path[0]), "url"
    return None, ""


def _publisher(found: Found, meta: PageMeta | None, url: str, canonical: str) -> str:
    signals = [("name", found.publisher), ("name", found.copyright)]
    signals += [("name", found.byline_outlet)]
    signals += [("name", name) for name in (meta.site_names if meta else [])]
    signals += [("email", found.email)]
    signals += [("host", urlsplit(u).hostname or "") for u in (canonical, url) if u]
    signals += [("name", found.credit), ("name", found.masthead)]
    signals += [("name", found.caption_outlet)]
    return choose_publisher(signals)
