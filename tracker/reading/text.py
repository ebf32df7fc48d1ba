"""Read a page as a sequence of lines: header, body, what follows.

    header: menus, headline, deck, byline, date   (read for title, date, byline)
    body:   from the lead to the article's last sentence
    after:  copyright, related headlines, best articles, footers  (read only for
            the outlet's name and a byline, never for body or date)

Text dumps come here line by line; HTML pages come as the blocks of their
elements, with the article container's bounds when one was found. The lead is
the first sentence of running text (or a line opening with a dateline); the
body ends at the first end marker. A headline is the first line of the last run
of headline-like lines above the byline or date; a run of two or more stacked
short lines straight above the lead, with no byline or date, is the deck of an
article whose headline the page left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from tracker.reading.bylines import (
    CREDIT_RE,
    EMAIL_LINE,
    TRAILING_BYLINE,
    TRAILING_EMAIL,
    byline_date,
    byline_line,
    copyright_name,
    dateline,
    reporter_in,
)
from tracker.reading.dates import DateHit, bare_date, marker_date, relative_date
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
    nospace_len,
    strip_widget_tail,
)
from tracker.reading.outlets import is_known_outlet
from tracker.reading.title import headline_like


@dataclass
class Found:
    title: str = ""
    subtitle: str = ""
    paragraphs: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    publisher: str = ""  # from a dateline: the strongest sign of the outlet
    copyright: str = ""
    credit: str = ""
    author: str = ""
    email: str = ""
    date: datetime | None = None
    bare: datetime | None = None  # an unmarked date between headline and lead
    modified: datetime | None = None
    month_day: tuple[int, int] | None = None
    has_byline: bool = False
    masthead: str = ""  # an outlet's name alone on a line above the article


def _note_date(found: Found, hit: DateHit) -> None:
    if hit.modified:
        if hit.value and not found.modified:
            found.modified = hit.value
        return
    if hit.value and not found.date:
        found.date = hit.value
    elif hit.month_day and not found.date and not found.month_day:
        found.month_day = hit.month_day


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
    _read_header(blocks[:start], found, inside_from, now=fetched_at, title=title)
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
        if _dateline(b.text) or is_paragraph(b.text) or _cut_paragraph(b.text):
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


def _dateline(text: str):
    return dateline(text, is_known_outlet)


def _read_header(
    header: list[Block],
    found: Found,
    inside_from: int | None = None,
    now: datetime | None = None,
    title: str = "",
) -> None:
    """Title, deck, byline and date from the lines above the body."""
    # Runs of headline-like lines, each line with whether a blank line precedes
    # it; anything else between them (a widget, a caption) ends a run.
    runs: list[list[tuple[str, bool]]] = []
    run: list[tuple[str, bool]] = []
    first_mark: int | None = None  # which run the first byline or date follows
    inside: list[str] = []  # container lines above the lead: its deck

    def close() -> None:
        nonlocal run
        if run:
            runs.append(run)
            run = []

    in_box = False  # under '많이 본 뉴스' or '관련기사': other stories' headlines
    boxed: list[tuple[str, bool]] = []
    for index, b in enumerate(header):
        text = strip_widget_tail(b.text)
        if in_box and headline_like(re.sub(r"^\d{1,2}\s+", "", text)):
            boxed.append((text, b.gap))
            continue
        if in_box and boxed and _read_mark(text, Found()):
            # A byline straight under the box: its last line was our headline.
            run.append(boxed[-1])
        in_box, boxed = False, []
        if b.kind == "caption" or is_caption(text):
            _add_caption(found, text)
            close()
            continue
        if is_widget(text) or is_navigation(text) or is_end(text):
            if now and relative_date(text, now) and not found.date:
                found.date = relative_date(text, now)
            in_box = is_end(text) and not END_RE.search(text)
            close()
            continue
        marked = _read_mark(text, found)
        if marked:
            close()
            if first_mark is None:
                first_mark = len(runs)
            continue
        if bare_date(text):
            # Under a headline and above the lead, an unmarked date is the
            # article's; above every headline it is the page's render date.
            if runs or run:
                found.bare = found.bare or bare_date(text)
            close()
            continue
        if inside_from is not None and index >= inside_from:
            if headline_like(text) or nospace_len(text) >= 8:
                inside.append(text)
            continue
        if is_known_outlet(text) and len(text) <= 20:
            found.masthead = found.masthead or text
            close()
            continue
        if headline_like(text):
            seen = {t for r in [*runs, run] for t, _ in r}
            if text not in seen:
                run.append((text, b.gap))
            continue
        close()
    close()

    if title:
        found.title, decks = _after_known_title(runs, title)
    else:
        has_byline = found.has_byline or bool(found.date)
        found.title, decks = _pick_title(runs, first_mark, has_byline)
    decks = [
        d for d in decks + inside if _key(d) not in (_key(found.title), _key(title))
    ]
    found.subtitle = "\n".join(dict.fromkeys(decks))


def _key(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z가-힣]", "", text)


def _after_known_title(
    runs: list[list[tuple[str, bool]]], title: str
) -> tuple[str, list[str]]:
    """The page's own headline line and the deck under it; lines above it are
    a logo, a menu or another story."""
    lines = [t for r in runs for t, _ in r]
    keys = [_key(t) for t in lines]
    if _key(title) not in keys:
        return "", []
    at = keys.index(_key(title))
    return lines[at], lines[at + 1 :]


def _read_mark(text: str, found: Found) -> bool:
    """Read a byline or date line; say whether the line was one."""
    hit = marker_date(text)
    if hit:
        _note_date(found, hit)
        found.author = found.author or reporter_in(text)
        found.has_byline = True
        return True
    by = byline_line(text)
    if by:
        found.author = found.author or by[0]
        found.email = found.email or by[1]
        found.has_byline = True
        return True
    when = byline_date(text)
    if when:
        found.date = found.date or when
        found.author = found.author or reporter_in(text)
        found.has_byline = True
        return True
    em = EMAIL_LINE.match(text)
    if em:
        found.email = found.email or em.group(1)
        return True
    if re.fullmatch(r"[-•·]?\s*(?:기자|온라인\s?뉴스팀|온라인팀|디지털뉴스팀)", text):
        found.has_byline = True
        return True
    return False


_SERIES_TAG = re.compile(r"^\[[^\]]{1,12}\]|\[[^\]]{1,12}\]$")


def _pick_title(
    runs: list[list[tuple[str, bool]]], first_mark: int | None, has_byline: bool
) -> tuple[str, list[str]]:
    """(title, deck lines) from the runs of headline-like lines in the header."""
    texts = [[t for t, _ in r] for r in runs]
    if not runs:
        return "", []
    if first_mark is not None:
        above = texts[:first_mark]
        if not above:
            # Nothing above the byline or date: what follows it is a deck.
            return "", [t for r in texts for t in r]
        title_run = above[-1]
        decks = title_run[1:] + [t for r in texts[first_mark:] for t in r]
        return title_run[0], decks
    first = texts[0]
    if (
        not has_byline
        and len(runs) == 1
        and len(first) >= 2
        and not any(gap for _, gap in runs[0][1:])
        and all(nospace_len(t) <= 40 for t in first)
        and not _SERIES_TAG.search(first[0])
    ):
        # Short lines stacked straight above the lead, with no byline: the deck
        # of an article whose headline the page left out. A series tag
        # ('[구청25]', '[단독]') marks a headline, never a deck.
        return "", first
    title = first[0]
    decks = first[1:] + [t for r in texts[1:] for t in r]
    if len(title) > 70:  # several deck lines run together, not a headline
        return "", [title, *decks]
    return title, decks


def _add_caption(found: Found, text: str) -> None:
    text = text.strip(" |")
    if text and text not in found.captions:
        found.captions.append(text)


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
            _add_caption(found, text)
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
            _add_caption(found, text)
            continue
        if _read_body_mark(text, found):
            continue
        if bare_date(text) and nospace_len(text) <= 30:
            continue  # a bare date with no marker: a stamp of the page, not body text
        if len(found.paragraphs) < 3:
            dl = _dateline(text)
            if dl:
                found.publisher = found.publisher or dl.publisher
                found.author = found.author or dl.author
                found.email = found.email or dl.email
                text = dl.rest
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
            _note_date(found, hit)
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
