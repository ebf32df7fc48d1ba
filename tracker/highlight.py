"""Mark the evidence in an article's text. Everything is escaped: we never render
ingested HTML, only text we extracted, so no markup from a page can reach the browser."""

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


def highlighted(
    text: str, marks: list[tuple[int, int, str, str]], offset: int = 0
) -> SafeString:
    """`text` with <mark> around each (start, end, css class, title) span.

    Spans are offsets into a longer text in which `text` starts at `offset`;
    overlapping spans keep the first.
    """
    pieces, position = [], 0
    for start, end, css, title in sorted(marks):
        start, end = start - offset, end - offset
        if end <= 0 or start >= len(text) or start < position:
            continue
        start = max(start, 0)
        pieces.append(escape(text[position:start]))
        pieces.append(
            format_html(
                '<mark class="{}" title="{}">{}</mark>', css, title, text[start:end]
            )
        )
        position = end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(str(p) for p in pieces))


def article_marks(article) -> list[tuple[int, int, str, str]]:
    """Spans of the article's standing district and initiative links."""
    marks = []
    for link in article.district_links.all():
        marks += [
            (s, e, f"district {link.role}", link.district.name) for s, e in link.spans
        ]
    for link in article.initiative_links.all():
        marks += [(s, e, "initiative", link.initiative.name) for s, e in link.spans]
    return marks


def paragraphs(article, marks) -> tuple[SafeString, list[SafeString]]:
    """The title and each body paragraph, highlighted.

    The linker's offsets count in f"{title}\\n\\n{body}", so each paragraph's offset is
    found by walking the body the same way it was joined.
    """
    title = highlighted(article.title, marks)
    offset = len(article.title) + 2
    result = []
    for paragraph in article.body.split("\n\n"):
        if paragraph:
            result.append(highlighted(paragraph, marks, offset))
        offset += len(paragraph) + 2
    return title, result
