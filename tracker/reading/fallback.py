"""The last resort for full pages whose article neither we nor its data can find.

trafilatura reads the page; its text becomes the body, and the page's own lines
above that text are read as the header as usual. Its date search is limited to
meta data and the URL: htmldate's search of the body finds dates of anything
the page mentions.
"""

from __future__ import annotations

from datetime import datetime

from tracker.reading.lines import Block, norm
from tracker.reading.text import Found, analyse
from tracker.reading.title import strip_site_suffix


def read_with_trafilatura(
    text: str, url: str, page_blocks: list[Block], fetched_at: datetime | None = None
) -> Found:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            text,
            url=url or None,
            include_comments=False,
            include_tables=False,
            with_metadata=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # a fallback must not turn a readable page into a crash
        doc = None
    lines = []
    if doc is not None:
        body_text = getattr(doc, "text", None) or ""
        lines = [Block(norm(t)) for t in body_text.split("\n") if norm(t)]
    if not lines:
        return analyse(page_blocks, fetched_at=fetched_at)
    first = lines[0].text
    cut = next((i for i, b in enumerate(page_blocks) if b.text == first), None)
    header = page_blocks[max(0, cut - 40) : cut] if cut else []
    found = analyse(header + lines, body_from=len(header), fetched_at=fetched_at)
    if doc is not None and not found.title and getattr(doc, "title", None):
        found.title = strip_site_suffix(doc.title, cut_unknown=True)
    if doc is not None and getattr(doc, "sitename", None) and not found.publisher:
        found.credit = found.credit or norm(doc.sitename)
    return found
