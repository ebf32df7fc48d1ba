"""The lines above an article: headline, deck, byline and date.

A headline is the first line of the last run of headline-like lines above the
byline or date; a run of two or more stacked short lines straight above the
lead, with no byline or date, is the deck of an article whose headline the page
left out. Under a '많이 본 뉴스' or '관련기사' label, headline-like lines are other
stories. When the page states its headline in its data, the lines after it are
its deck and the lines before it (a logo, a menu) are nothing.
"""

from __future__ import annotations

import re
from datetime import datetime

from tracker.reading.bylines import (
    EMAIL_LINE,
    byline_date,
    byline_line,
    byline_outlet,
    dateline,
    reporter_in,
)
from tracker.reading.dates import bare_date, find_full_date, marker_date, relative_date
from tracker.reading.found import Found, note_date
from tracker.reading.lines import (
    END_RE,
    Block,
    is_caption,
    is_end,
    is_navigation,
    is_widget,
    nospace_len,
    strip_widget_tail,
)
from tracker.reading.outlets import is_known_outlet
from tracker.reading.title import headline_like


def known_dateline(text: str):
    """A dateline, where a bare [이름] counts only for an outlet we know."""
    return dateline(text, is_known_outlet)


def _split_trailing_date(text: str) -> tuple[str, datetime | None]:
    """'중랑구, AI 상담 창구 연다 2025.09.03' -> (headline, date)."""
    value, start, end = find_full_date(text)
    if value is None or start <= 0 or text[end:].strip(" |·)]") or marker_date(text):
        return text, None
    head = text[:start].strip(" |·-[(")
    if _STAMP_WORDS.search(head) or not headline_like(head):
        return text, None  # 'UPDATED. 2026-01-30 16:39': the page's stamp
    return head, value


_STAMP_WORDS = re.compile(r"updated|today|현재|기준|오늘|로그인|회원가입", re.I)


def read_header(
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
        text, dated = _split_trailing_date(strip_widget_tail(b.text))
        if dated:  # '제목 2025.09.03': the headline line carries the date
            found.bare = found.bare or dated
        if in_box and headline_like(re.sub(r"^\d{1,2}\s+", "", text)):
            boxed.append((text, b.gap))
            continue
        if in_box and boxed and read_mark(text, Found()):
            # A byline straight under the box: its last line was our headline.
            run.append(boxed[-1])
        in_box, boxed = False, []
        if b.kind == "caption" or is_caption(text):
            add_caption(found, text)
            close()
            continue
        if is_widget(text) or is_navigation(text) or is_end(text):
            if now and relative_date(text, now) and not found.date:
                found.date = relative_date(text, now)
            in_box = is_end(text) and not END_RE.search(text)
            close()
            continue
        marked = read_mark(text, found)
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


def read_mark(text: str, found: Found) -> bool:
    """Read a byline or date line; say whether the line was one."""
    hit = marker_date(text)
    if hit:
        note_date(found, hit)
        found.author = found.author or reporter_in(text)
        found.has_byline = True
        return True
    by = byline_line(text)
    if by:
        found.byline_outlet = found.byline_outlet or byline_outlet(
            text, is_known_outlet
        )
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


def add_caption(found: Found, text: str) -> None:
    text = text.strip(" |")
    if text and text not in found.captions:
        found.captions.append(text)
        credit = known_dateline(text)
        if credit and not found.caption_outlet:
            found.caption_outlet = credit.publisher
