"""Where an article's body starts and ends, and whether a reader found those places.

The corpus labels say nothing about the body, so on a plain corpus text the
bounds are defined here, by rules kept apart from the extractor's own:

- a *running line* has at least 10 letters, is mostly Hangul, ends a sentence
  (., !, ?, … with closing quotes; a byline glued after it is ignored) and is
  not a photo caption or credit;
- the *lead* is the first running line after the labelled headline (or from the
  top when the text has none);
- the *last line* is the last running line before the first end marker
  (Copyright, 무단전재, 관련기사, 베스트 기사, 많이 본, 종목 추적기 …); in a text
  cut off mid-sentence (`text_complete: false`) the cut line counts when it is
  the text's last line and at least 20 letters long.

The layout generator (benchmarks/layouts.py) places those same lines in its
pages, so the bounds carry over. A reader's body *starts right* when its first
paragraph begins inside the first 80 letters of the lead (a dateline such as
'[서울=뉴스핌] 이경화 기자 =' may be cut off or kept), and *ends right* when its
last paragraph ends inside the last 80 letters of the last line (a trailing
byline may be cut off or kept). Letters are compared without spaces or
punctuation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html

_LETTER = re.compile(r"[0-9A-Za-z가-힣]")
_HANGUL = re.compile(r"[가-힣]")
_LATIN = re.compile(r"[A-Za-z]")
_SENTENCE = re.compile(r"[.!?。…][”\"’'」』)\]]*\s*$")
_CAPTION = re.compile(
    r"사진\s*[=:/]|[\[(]\s*사진|제공\s*[.)\]]?\s*\|?\s*$|^[▲△]|^\[사진|/\s*[가-힣]{2,10}\s*\|?$"
)
_END = re.compile(
    r"copyright|ⓒ|©|무단\s?전재|재배포|관련\s?기사|베스트\s?기사|많이\s?본|종목\s?추적기|"
    r"all rights reserved|공감언론|^[*※]\s*(?:본|이)\s?(?:콘텐츠|기사)",
    re.I,
)
# '…고 말했다. 주하연기자': a byline glued to the last sentence.
_SIGNED = re.compile(r"\s*[가-힣]{2,4}\s?기자\s*(?:[\w.+-]+@[\w.-]+)?\s*$")
WINDOW = 80
ANCHOR = 15


@dataclass(frozen=True)
class Bounds:
    lead: str
    last: str


def letters(text: str) -> str:
    return "".join(_LETTER.findall(text or "")).casefold()


def _is_running(line: str, *, cut: bool = False) -> bool:
    body = letters(line)
    hangul = len(_HANGUL.findall(line))
    if len(body) < 10 or hangul < 0.5 * (hangul + len(_LATIN.findall(line))):
        return False
    if _CAPTION.search(line) and len(line) < 250:
        return False
    if _SENTENCE.search(_SIGNED.sub("", line)):
        return True
    return cut and len(body) >= 20


_BLOCKS = [
    "p",
    "div",
    "section",
    "article",
    "figure",
    "figcaption",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "br",
]


def text_lines(text: str, is_html: bool) -> list[str]:
    """The lines of a corpus text; of an HTML fragment, its text split at blocks."""
    if is_html:
        root = lxml.html.fromstring(f"<div>{text}</div>")
        for el in root.iter(*_BLOCKS):
            el.tail = "\n" + (el.tail or "")
            if el.text is not None or len(el):
                el.text = "\n" + (el.text or "")
        text = root.text_content()
    found = [" ".join(line.split()) for line in text.splitlines()]
    return [line for line in found if line]


def corpus_bounds(lines: list[str], title: str | None, complete: bool) -> Bounds | None:
    """The lead and last line of the body of one corpus text (see the module)."""
    last_index = len(lines) - 1

    def running(i: int) -> bool:
        return _is_running(lines[i], cut=not complete and i == last_index)

    start = next((i for i in range(len(lines)) if running(i)), None)
    key = letters(title or "")
    if start is None:
        return None
    for i in range(start):  # the headline above the lead
        if key and key in letters(lines[i]):
            break
    else:
        key = ""
    if key and key in letters(lines[start]):  # a running line that holds the title
        start = next((i for i in range(start + 1, len(lines)) if running(i)), None)
        if start is None:
            return None
    stop = next(
        (i for i in range(start + 1, len(lines)) if _END.search(lines[i])), len(lines)
    )
    last = start
    for i in range(start, stop):
        if running(i):
            last = i
    return Bounds(lines[start], lines[last])


def starts_right(paragraphs: list[str] | None, bounds: Bounds) -> bool:
    if not paragraphs:
        return False
    first = letters(paragraphs[0])[:ANCHOR]
    return bool(first) and first in letters(bounds.lead)[: WINDOW + ANCHOR]


def ends_right(paragraphs: list[str] | None, bounds: Bounds) -> bool:
    if not paragraphs:
        return False
    last = letters(paragraphs[-1])[-ANCHOR:]
    return bool(last) and last in letters(bounds.last)[-(WINDOW + ANCHOR) :]


def score_bounds(
    bounds: dict[str, Bounds | None], paragraphs: dict[str, list[str] | None]
) -> dict:
    """Shares of files whose body starts and ends right, and where it did not."""
    right = {"body_start": 0, "body_end": 0}
    counted = 0
    misses = []
    for name, bound in bounds.items():
        if bound is None:
            continue
        counted += 1
        got = paragraphs.get(name)
        for field, ok, expected, seen in (
            ("body_start", starts_right(got, bound), bound.lead, got and got[0]),
            ("body_end", ends_right(got, bound), bound.last, got and got[-1]),
        ):
            if ok:
                right[field] += 1
            else:
                misses.append(
                    {
                        "file": name,
                        "field": field,
                        "expected": expected[:60],
                        "got": (seen or "")[:60],
                    }
                )
    return {
        "fields": {f: (n / counted if counted else None) for f, n in right.items()},
        "counts": {f: (n, counted) for f, n in right.items()},
        "disagreements": misses,
    }
