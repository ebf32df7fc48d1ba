"""trafilatura as a rival reader: its fields in our `Extracted` shape, to compare.

It is run with its defaults (metadata on, comments and tables off), on the same
bytes we read. trafilatura reads HTML only, so a plain-text dump is handed to it
as a page with one <p> per line: the most neutral HTML for the same text. Its
author comes as written ('홍길동 기자'), its publisher is its `sitename`.
"""

from __future__ import annotations

import html
from datetime import date, datetime

from tracker.reading.bytes import decode
from tracker.reading.dates import SEOUL
from tracker.reading.extract import Extracted
from tracker.reading.html import is_html


def as_html(text: str) -> str:
    """A text dump as the plainest page: one paragraph per line."""
    lines = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.splitlines())
    return f'<html><head><meta charset="utf-8"></head><body>\n{lines}</body></html>'


def trafilatura_read(
    raw: bytes, *, file_name: str = "", content_type: str = "", url: str = ""
) -> Extracted | None:
    """trafilatura's reading of a page, or None when it finds nothing."""
    import trafilatura

    text, encoding = decode(raw, content_type)
    if not is_html(text, content_type, file_name):
        text = as_html(text)
    try:
        doc = trafilatura.bare_extraction(
            text,
            url=url or None,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
        )
    except Exception:  # a rival's crash is a miss, not ours
        return None
    if doc is None:
        return None
    body = getattr(doc, "text", "") or ""
    published = None
    if getattr(doc, "date", None):
        try:
            day = date.fromisoformat(str(doc.date)[:10])
            published = datetime(day.year, day.month, day.day, tzinfo=SEOUL)
        except ValueError:
            published = None
    return Extracted(
        title=getattr(doc, "title", "") or "",
        paragraphs=[line.strip() for line in body.split("\n") if line.strip()],
        published_at=published,
        publisher=getattr(doc, "sitename", "") or "",
        author=getattr(doc, "author", "") or "",
        encoding=encoding,
    )
