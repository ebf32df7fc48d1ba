"""Say what went wrong with a document in words that fit the document.

The reading pipeline reports what it could not find; for two kinds of input the
reason is elsewhere, and this module names it (Korean first, English beside):

- HTML nested deeper than the parser goes: libxml2 stops at 255 levels and drops
  everything below, so "no body found" would blame the page's text;
- a text that is one long line has no line that stands out as its headline, so
  the article is stored with an empty title and the item says why.
"""

import lxml.etree
import lxml.html

from tracker.models import RawDocument
from tracker.reading.extract import ExtractionError
from tracker.reading.pipeline import Analysis

# libxml2's HTML parser keeps no element deeper than this (XML_PARSE_HUGE is off).
PARSER_DEPTH = 255
ONE_LINE_MIN_CHARS = 300


def explain(error: ExtractionError, content: bytes) -> str:
    """The extraction error, or what really stopped it (too deep nesting)."""
    reason = str(error)
    if "no article body" in reason and nesting_depth(content) >= PARSER_DEPTH - 1:
        return (
            f"HTML이 너무 깊게 중첩되어 있습니다: {PARSER_DEPTH}단계 아래의 태그는 "
            "읽을 수 없어 본문을 찾지 못했습니다 (HTML nested deeper than "
            f"{PARSER_DEPTH} levels: the parser drops what lies below, so no body "
            "text could be read)."
        )
    return reason


def nesting_depth(content: bytes) -> int:
    """How deep the parsed tree goes (0 when it cannot be parsed at all)."""
    try:
        root = lxml.html.document_fromstring(content)
    except (lxml.etree.ParserError, ValueError):
        return 0
    depth = deepest = 0
    for event, _ in lxml.etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def title_note(analysis: Analysis, raw: RawDocument) -> str:
    """Why a stored article has no title, or "" when it has one."""
    if analysis.title:
        return ""
    content = bytes(raw.content)
    lines = [line for line in content.splitlines() if line.strip()]
    if len(lines) == 1 and len(analysis.extracted.body) >= ONE_LINE_MIN_CHARS:
        chars = len(analysis.extracted.body)
        return (
            f"제목 없이 저장했습니다: 줄바꿈 없는 한 줄짜리 텍스트({chars:,}자)라 "
            "제목으로 볼 줄이 없습니다 (stored untitled: the text is a single line of "
            f"{chars:,} characters, so no line stands out as its headline)."
        )
    return (
        "제목 없이 저장했습니다: 제목으로 볼 줄을 찾지 못했습니다 "
        "(stored untitled: no line looks like a headline)."
    )
