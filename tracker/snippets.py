"""Keyword-in-context snippets for search results: why an article matched, shown with
the matched words marked, so an untitled hit still tells the reader what it is.

    query -> search.words() -> matches in the text -> the densest window -> <mark>

Everything is escaped: the text is ours (extracted, never ingested HTML) but it is
still what strangers wrote, so it reaches the page only through highlight.py's
format_html.
"""

import re

from django.utils.safestring import SafeString, mark_safe

from tracker.highlight import highlighted
from tracker.search import words

WIDTH = 150  # characters of context: two lines on a phone, one and a half on a desktop
LEAD = WIDTH // 3  # how much of the window comes before the first match
MARK = "hit"


def terms(query: str) -> list[str]:
    """The words the search matched on, longest first (so 구청장 wins over 구청)."""
    return sorted(dict.fromkeys(words(query or "")), key=len, reverse=True)


def matches(text: str, found: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, word) of every occurrence of the words, case-insensitive, without
    overlaps (a longer word keeps its place)."""
    lowered = text.lower()
    taken: list[tuple[int, int, str]] = []
    for word in found:
        for hit in re.finditer(re.escape(word), lowered):
            start, end = hit.span()
            if all(end <= s or start >= e for s, e, _ in taken):
                taken.append((start, end, word))
    return sorted(taken)


def window(text: str, hits: list[tuple[int, int, str]], width: int = WIDTH):
    """(start, end) of the stretch of `text` holding the most different words, cut at
    spaces where it is cut at all."""
    if not hits:
        return 0, min(len(text), width)
    best_start, best_score = 0, -1
    for start, _end, _word in hits:
        left = max(0, start - LEAD)
        inside = {w for s, e, w in hits if s >= left and e <= left + width}
        if len(inside) > best_score:
            best_start, best_score = left, len(inside)
    start, end = best_start, min(len(text), best_start + width)
    if end - start < width:  # near the end: take more from before
        start = max(0, end - width)
    if start > 0:
        space = text.find(" ", start, start + 20)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", end - 20, end)
        end = space if space > start else end
    return start, end


def snippet(text: str, found: list[str], width: int = WIDTH) -> SafeString | None:
    """The part of `text` around its matches with them marked, "…" where it is cut;
    None when none of the words is in it."""
    text = " ".join(text.split())
    hits = matches(text, found)
    if not hits:
        return None
    start, end = window(text, hits, width)
    marks = [(s, e, MARK, w) for s, e, w in hits if s >= start and e <= end]
    body = highlighted(text[start:end], marks, offset=start)
    # `body` is escaped already; the ellipses are ours.
    return mark_safe(
        ("…" if start > 0 else "") + str(body) + ("…" if end < len(text) else "")
    )


def mark_title(title: str, found: list[str]) -> SafeString | None:
    """The title with the words marked, or None when none is in it."""
    hits = matches(title, found)
    if not hits:
        return None
    return highlighted(title, [(s, e, MARK, w) for s, e, w in hits])


def annotate(articles, query: str) -> None:
    """Give each article of a result page `snippet` (from its body, or its subtitle
    when only the title matched) and `title_html` for the query's words (None
    for both when there is no query)."""
    found = terms(query)
    if not found:
        # Set anyway: a template looking up a missing attribute pays for dir().
        for article in articles:
            article.title_html = article.snippet = None
        return
    for article in articles:
        article.title_html = mark_title(article.title, found)
        article.snippet = snippet(article.body, found) or snippet(
            article.subtitle, found
        )
