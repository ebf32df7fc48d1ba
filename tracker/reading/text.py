"""Read a page as a sequence of lines: header, body, what follows.

    header: menus, headline, deck, byline, date   (read for title, date, byline)
    body:   from the lead to the article's last sentence
    after:  copyright, related headlines, best articles, footers  (read only for
            the outlet's name and a byline, never for body or date)

Text dumps come here line by line; HTML pages come as the blocks of their
elements, with the article container's bounds when one was found. The lead is
the first sentence of running text (or a line opening with a dateline); the
body ends at the first end marker. The lines above the lead are read in
header.py; what both find goes into one `Found` (found.py).
"""

from __future__ import annotations

import re
from datetime import datetime

from tracker.reading.bylines import (
    CREDIT_RE,
    EMAIL_LINE,
    LEAD_BYLINE,
    TRAILING_BYLINE,
    TRAILING_EMAIL,
    byline_date,
    byline_line,
    copyright_name,
    reporter_in,
)
from tracker.reading.dates import bare_date, marker_date
from tracker.reading.found import Found, note_date
from tracker.reading.header import add_caption, known_dateline, read_header
from tracker.reading.lines import (
    END_RE,
    RELATED_ONLY_RE,
    WORDISH,
    Block,
    is_caption,
    is_end,
    is_navigation,
    is_paragraph,
    is_widget,
    norm,
    nospace_len,
)
from tracker.reading.outlets import is_known_outlet
from tracker.reading.title import headline_like


def _split_date_lines(blocks: list[Block], upto: int) -> tuple[list[Block], list[int]]:
    """Cut '제목 작성일 10-26' and 'date 2026-02-11 서울 성북구가 …' at the date.

    Only lines above ``upto`` and lines that open with their marker are cut, so
    a sentence of the body that merely mentions a date stays whole. Returns the
    new blocks and, for each old index (and one past the end), its new index.
    """
    out: list[Block] = []
    where: list[int] = []
    for i, b in enumerate(blocks):
        where.append(len(out))
        hit = marker_date(b.text) if b.kind != "caption" and len(b.text) < 600 else None
        if hit is None or not (
            hit.start <= 3 or (i < upto and not is_paragraph(b.text))
        ):
            out.append(b)
            continue
        pieces = [
            b.text[: hit.start].strip(" |·•-"),
            b.text[hit.start : hit.end].strip(),
            b.text[hit.end :].strip(" |·•-"),
        ]
        out.extend(Block(p, b.kind, b.gap) for p in pieces if WORDISH.search(p))
    where.append(len(out))
    return out, where


def analyse(
    blocks: list[Block],
    *,
    body_from: int = 0,
    body_to: int | None = None,
    fetched_at: datetime | None = None,
    title: str = "",
    contained: bool = False,
) -> Found:
    """Split blocks into header (title, byline, date), body and what follows.

    Blocks before ``body_from`` are header only (the lines above an article
    container); blocks from ``body_to`` on are read only for a copyright line
    or a byline, never for body or date. ``contained`` says every block is the
    article's own (a JSON payload's body), as blocks from ``body_from`` on are
    when ``body_from`` marks a container. ``title`` is the headline the page
    states in its data, when it does: header lines after it are its deck.
    """
    found = Found()
    blocks = [Block(b.text.strip(" |·•"), b.kind, b.gap) for b in blocks]
    body_to = len(blocks) if body_to is None else min(body_to, len(blocks))
    blocks, where = _split_date_lines(blocks, body_to)
    body_from, body_to = where[body_from], where[body_to]

    inside_from = body_from if body_from or contained else None
    start = _find_start(blocks, body_from, body_to, inside_from is not None)
    read_header(blocks[:start], found, inside_from, now=fetched_at, title=title)
    end = _read_body(blocks, start, body_to, found)
    for b in blocks[end : end + 25]:
        _read_trailer(b.text, found)
    return found


_ENDS_LIKE_SENTENCE = re.compile(r"(?:다|요|죠)[\"'”’)\]]*$")


def _cut_paragraph(text: str) -> bool:
    """Running text whose last sentence was cut off: long, with sentences inside."""
    return nospace_len(text) >= 60 and bool(re.search(r"[다요][.!?][\"'”’]*\s", text))


def _find_start(
    blocks: list[Block], body_from: int, body_to: int, in_container: bool
) -> int:
    """The lead: the first sentence of running text, or a line led by a dateline."""
    header_seen = False
    for i in range(body_from, body_to):
        b = blocks[i]
        if b.kind != "text" or is_caption(b.text) or is_widget(b.text):
            continue
        if known_dateline(b.text) or is_paragraph(b.text) or _cut_paragraph(b.text):
            return i
        if in_container and (marker_date(b.text) or byline_line(b.text)):
            header_seen = True  # inside a container, the body follows its byline
        elif (
            header_seen
            and nospace_len(b.text) >= 8
            # Under the byline: a sentence missing its full stop is the lead,
            # a noun phrase ('…340대 추가 설치') is still the deck.
            and (not headline_like(b.text) or _ENDS_LIKE_SENTENCE.search(b.text))
        ):
            return i
    return body_from


def _read_trailer(text: str, found: Found) -> None:
    if END_RE.search(text) and len(text) <= 160 and not found.copyright:
        found.copyright = copyright_name(text)
    by = byline_line(text)
    if by:
        found.author = found.author or by[0]
        found.email = found.email or by[1]
    credit = CREDIT_RE.match(text)
    if credit:
        found.credit = found.credit or credit.group("name")


_NOTE_END = re.compile(r"^[*※]\s*(?:본|이)\s?(?:콘텐츠|기사|글|내용)[은는]")


def _read_body(blocks: list[Block], start: int, stop: int, found: Found) -> int:
    """Collect body paragraphs from ``start``; return the index where the body ended."""
    i = start
    end = stop
    while i < stop:
        b = blocks[i]
        text = b.text
        i += 1
        if b.kind == "caption":
            add_caption(found, text)
            continue
        if is_end(text) or _NOTE_END.match(text):
            nxt = blocks[i].text if i < stop else ""
            if RELATED_ONLY_RE.match(text) and is_paragraph(nxt):
                continue  # a stray widget label inside the body, not the end
            found.copyright = found.copyright or copyright_name(text)
            end = i - 1
            break
        if is_widget(text) or is_navigation(text):
            continue
        if found.paragraphs and _is_masthead(text):
            end = i - 1  # '기호일보 - 아침을 여는 신문': the site's footer begins
            break
        credit = CREDIT_RE.match(text)
        if credit:
            found.credit = found.credit or credit.group("name")
            # Some syndicated pages repeat the headline just above the agency credit.
            if (
                not found.title
                and found.paragraphs
                and headline_like(found.paragraphs[-1])
            ):
                found.title = found.paragraphs.pop()
            elif found.paragraphs and headline_like(found.paragraphs[-1]):
                found.paragraphs.pop()
            continue
        if is_caption(text):
            add_caption(found, text)
            continue
        if _read_body_mark(text, found):
            continue
        if bare_date(text) and nospace_len(text) <= 30:
            continue  # a bare date with no marker: a stamp of the page, not body text
        if len(found.paragraphs) < 3:
            dl = known_dateline(text)
            if dl:
                found.publisher = found.publisher or dl.publisher
                found.author = found.author or dl.author
                found.email = found.email or dl.email
                text = dl.rest
            lead = LEAD_BYLINE.match(text)
            if lead:  # '정미소 기자 = 서울 관악구가 …' with no bracket before it
                found.author = found.author or lead.group("name")
                found.email = found.email or (lead.group("email") or "")
                text = text[lead.end() :]
        text = _strip_trailing_byline(text, found)
        if text and WORDISH.search(text):
            found.paragraphs.append(text)
    _trim_tail(found)
    return end


def _is_masthead(text: str) -> bool:
    name = re.split(r"\s[-|–:]\s|,", text)[0].strip()
    return not is_paragraph(text) and len(text) <= 80 and is_known_outlet(name)


def _read_body_mark(text: str, found: Found) -> bool:
    em = EMAIL_LINE.match(text)
    if em:
        found.email = found.email or em.group(1)
        return True
    by = byline_line(text)
    if by:
        found.author = found.author or by[0]
        found.email = found.email or by[1]
        return True
    if len(text) <= 80:
        hit = marker_date(text)
        if hit and hit.start <= 3:
            note_date(found, hit)
            found.author = found.author or reporter_in(text)
            return True
        when = byline_date(text)
        if when and not is_paragraph(text):
            found.date = found.date or when
            found.author = found.author or reporter_in(text)
            return True
    return False


def _strip_trailing_byline(text: str, found: Found) -> str:
    tb = TRAILING_BYLINE.search(text)
    if tb and tb.start() > 0:
        found.author = found.author or tb.group("name")
        found.email = found.email or (tb.group("email") or "")
        text = text[: tb.start()].rstrip()
    te = TRAILING_EMAIL.search(text)
    if te and te.start() > 0:
        found.email = found.email or te.group("email")
        text = text[: te.start()].rstrip()
    glued = re.search(r"(?<=[.!?”\"’'])\s*([가-힣]{2,4})기자$", text)
    if glued:  # '…말했다. 주하연기자'
        found.author = found.author or glued.group(1)
        text = text[: glued.start()].rstrip()
    return text


def _trim_tail(found: Found) -> None:
    """Drop short non-sentences left after the last sentence (labels, names)."""
    while len(found.paragraphs) > 1:
        last = found.paragraphs[-1]
        if re.search(r"[.!?。]", last) or nospace_len(last) >= 20:
            break
        found.paragraphs.pop()


def text_blocks(text: str) -> list[Block]:
    """A text dump as blocks, one per line, remembering blank lines between."""
    out = []
    gap = True
    for line in text.splitlines():
        line = norm(line)
        if WORDISH.search(line):
            out.append(Block(line, gap=gap))
            gap = False
        elif not line:
            gap = True
    return out
