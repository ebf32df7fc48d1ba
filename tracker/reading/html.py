"""Read an HTML page or fragment: find the article container, turn the DOM into lines.

    parse -> meta (meta.py) -> container -> drop boilerplate -> blocks -> text.analyse

The container is the element named like an article body (articleBody,
article_view, dic_area …); failing that, the element whose own paragraphs hold
the most running text. Scripts, nav, aside, footer and boxes named like
boilerplate (related, share, ranking, ad …) are dropped before reading. Lines
just above the container are read as its header (headline, byline, date). A page
whose article lives only in a JSON payload is read from there (embedded.py);
trafilatura is the last resort when neither finds an article.
"""

from __future__ import annotations

import re
from datetime import datetime

import lxml.html
from lxml import etree

from tracker.reading.bylines import copyright_name
from tracker.reading.embedded import EmbeddedArticle, find_embedded_article
from tracker.reading.errors import ExtractionError
from tracker.reading.fallback import read_with_trafilatura
from tracker.reading.lines import END_RE, WORDISH, Block, is_paragraph, norm, words
from tracker.reading.meta import PageMeta, image_dates, read_meta, subtitle_near
from tracker.reading.text import Found, analyse, text_blocks
from tracker.reading.title import Candidate, choose_title

_HTML_SNIFF = re.compile(
    r"</?\s*(?:!doctype|html|head|body|div|p|article|section|span|br|figure|h[1-6]|"
    r"meta|table|ul|li|a|img|script|style)\b",
    re.I,
)
FULL_PAGE = re.compile(r"<\s*(?:html|body|head)\b", re.I)

_BLOCK_TAGS = frozenset(
    words(
        "p div section article main header h1 h2 h3 h4 h5 h6 li ul ol dl dt dd table "
        "tr td th blockquote figure figcaption pre address br hr center"
    )
)
_DROP_TAGS = tuple(
    words(
        "script style noscript template iframe button select input textarea nav "
        "aside footer svg canvas object embed video audio amp-ad amp-analytics"
    )
)
_BOILER_TOKENS = frozenset(
    words(
        "comment comments cmt reply related relation recommend recommended popular "
        "ranking rank share sharing sns social ad ads advert advertisement banner "
        "footer gnb lnb snb menu nav navigation breadcrumb breadcrumbs subscribe "
        "newsletter weather stock sidebar aside blind screen_out translate tool tools "
        "util utility font fontsize prev next pagination tags keyword keywords "
        "copyright"
    )
)
_CONTAINER_NAMES = frozenset(
    words(
        "articlebody article_body article-body article_view article-view-content-div "
        "articleview article_content article-content articlecontent article_txt "
        "article-txt art_txt article_text article-text news_body news_body_area "
        "newsbody news_content newscontent news_view newsview newsct_article dic_area "
        "view_con view_cont view_content cont_view viewcontent story-body "
        "entry-content post-content textbody articletxt news_txt news-text "
        "content_text article_con"
    )
)


_HEADING_KINDS = {
    "h1": "heading",
    **dict.fromkeys(words("h2 h3 h4 h5 h6"), "subheading"),
}


def is_html(text: str, content_type: str, file_name: str) -> bool:
    ct = content_type.lower()
    name = file_name.lower()
    if "html" in ct or name.endswith((".html", ".htm", ".xhtml")):
        return True
    hits = len(_HTML_SNIFF.findall(text[:20000]))
    if "text/plain" in ct or name.endswith(".txt"):
        return bool(re.match(r"\s*<(?:!doctype|html)", text, re.I))
    return hits >= 2


def parse_html(text: str):
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ExtractionError(
            f"HTML을 읽을 수 없습니다: {exc} (could not parse the HTML)"
        ) from exc
    if root is None:
        raise ExtractionError("HTML을 읽을 수 없습니다 (could not parse the HTML)")
    return root


def _tokens(el) -> set[str]:
    raw = f"{el.get('class', '')} {el.get('id', '')}".lower()
    return {t for t in re.split(r"[\s_-]+", raw) if t} | set(raw.split())


def _is_hidden(el) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return (
        "display:none" in style
        or "visibility:hidden" in style
        or el.get("hidden") is not None
        or el.get("aria-hidden") == "true"
    )


def _is_container(el) -> bool:
    if (el.get("itemprop") or "").lower() == "articlebody":
        return True
    names = {el.get("id", "").lower(), *el.get("class", "").lower().split()}
    return bool(names & _CONTAINER_NAMES)


def _paragraph_text(el) -> int:
    """Letters of running text written directly in `el` (its own lines)."""
    size = 0
    pieces = [el.text or ""]
    for child in el:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag in ("span", "b", "strong", "em", "a", "font", "i", "u"):
            pieces.append(child.text_content())
        elif tag == "br":
            pieces.append("\n")
        else:
            pieces.append("\n")
        pieces.append(child.tail or "")
    for line in "".join(pieces).split("\n"):
        line = norm(line)
        if is_paragraph(line) or _SENTENCES_INSIDE.search(line):
            size += len(line)
    return size


# A long line of running text cut before its full stop still has sentences in it.
_SENTENCES_INSIDE = re.compile(r"[가-힣]{2,}[다요][.!?][\"'”’]*\s.{20,}")


def find_container(root):
    """The article's element: named like one, else the densest in running text."""
    best = None
    for el in root.iter():
        if isinstance(el.tag, str) and _is_container(el):
            size = len(el.text_content().strip())
            if size >= 50 and (best is None or size > best[0]):
                best = (size, el)
    if best is not None:
        return best[1]
    own = {}
    skipped = set(_DROP_TAGS) | {"html", "head", "title"}
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in skipped:
            continue
        boxes = [el, *el.iterancestors()]
        if any(a.tag in skipped for a in boxes[1:] if a.tag != "html"):
            continue
        if any(
            _tokens(a) & _BOILER_TOKENS for a in boxes if a.tag not in ("body", "html")
        ):
            continue  # menus and related boxes are dropped before reading
        size = _paragraph_text(el)
        if size:
            own[el] = size
    if not own:
        return None
    # Each element scores the running text of its own lines and of its child
    # paragraphs; the best one may hold only part of an article split over
    # sibling boxes, so climb while the parent is mostly more of the same.
    scores: dict = {}
    for el, size in own.items():
        scores[el] = scores.get(el, 0) + size
        parent = el.getparent()
        if el.tag == "p" and parent is not None:
            scores[parent] = scores.get(parent, 0) + size
    el = max(scores, key=scores.get)
    if el.tag == "p" and el.getparent() is not None:
        el = el.getparent()
    total = _descendant_text(el, own)
    if total < 40:
        return None
    while el.getparent() is not None and el.getparent().tag not in ("body", "html"):
        parent = el.getparent()
        more = _descendant_text(parent, own)
        all_text = len(norm(parent.text_content()))
        if more < total * 1.2 or more < 0.6 * all_text:
            break
        el, total = parent, more
    return el


def _descendant_text(el, own: dict) -> int:
    return sum(own.get(d, 0) for d in el.iter())


def clean_tree(root, container) -> None:
    """Drop scripts, hidden parts and boxes named like boilerplate (related, share)."""
    for form in list(root.iter("form")):
        form.drop_tag()  # old ASP pages wrap the whole page in one <form>
    etree.strip_elements(root, *_DROP_TAGS, with_tail=False)
    keep = set()
    if container is not None:
        keep = {container, *container.iterancestors()}
    total = len(root.text_content())
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None or el in keep:
            continue
        if el.tag in ("body", "html"):
            continue
        if _is_hidden(el) or "hidden" in el.get("class", "").split():
            el.drop_tree()
        elif _tokens(el) & _BOILER_TOKENS and not _is_container(el):
            # A page wrapper whose class happens to say "sidebar" or "menu" holds
            # the article too; only boxes much smaller than the page are dropped.
            if container is None and len(el.text_content()) > total * 0.4:
                continue
            el.drop_tree()


def blocks_of(root, marks: dict | None = None) -> list[Block]:
    """Text of an element as blocks, one per paragraph-level element or <br>.

    ``marks`` maps elements to the index of their first block; the index after
    their last block is stored under ``(element, "end")``.
    """
    out: list[Block] = []
    buf: list[str] = []
    # Lines split by <br> inside one element stand stacked, as in a text dump.
    stacked = [False]

    def flush(kind: str = "text", br: bool = False) -> None:
        text = norm(" ".join(buf))
        buf.clear()
        if WORDISH.search(text):
            out.append(Block(text, kind, gap=not stacked[0]))
            stacked[0] = br
        else:  # a blank line (<br><br>) or the edge of an element
            stacked[0] = False

    def walk(el) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if marks is not None and el in marks:
            flush()
            marks[el] = len(out)
        if tag == "figcaption":
            flush()
            text = norm(el.text_content())
            if WORDISH.search(text):
                out.append(Block(text, "caption", gap=True))
        elif tag == "br":
            flush(br=True)
        elif tag:
            if tag in _BLOCK_TAGS:
                flush()
            if el.text:
                buf.append(el.text)
            for child in el:
                walk(child)
            if tag in _BLOCK_TAGS:
                flush(_HEADING_KINDS.get(tag, "text"))
        if marks is not None and el in marks:
            flush()
            marks[(el, "end")] = len(out)
        if el.tail:
            buf.append(el.tail)

    walk(root)
    flush()
    return out


def read_html(
    text: str, url: str, fetched_at: datetime | None = None
) -> tuple[Found, PageMeta]:
    """Body, header fields and page metadata of an HTML page or fragment."""
    root = parse_html(text)
    meta = read_meta(root)
    embedded = find_embedded_article(root)
    body = root.find("body")
    if body is None:
        body = root
    container = find_container(body)
    meta.subtitle = subtitle_near(body, container)
    page_title = choose_title([c for c in meta.titles if " " in c.text.strip()])
    meta.site_names.extend(_footer_copyrights(body))
    clean_tree(body, container)
    meta.image_dates = image_dates(body)
    if container is not None:
        marks: dict = {container: None}
        blocks = blocks_of(body, marks=marks)
        first, last = marks[container], marks[(container, "end")]
        # Only the lines just above the article can hold its byline and date.
        head = max(0, first - 15)
        found = analyse(
            blocks[head:],
            body_from=first - head,
            body_to=last - head,
            fetched_at=fetched_at,
            title=page_title,
        )
        meta.image_dates = image_dates(container) or meta.image_dates
    else:
        found = analyse(blocks_of(body), fetched_at=fetched_at, title=page_title)
    if embedded and _longer(embedded, found):
        found = _from_embedded(embedded, meta, fetched_at)
    elif meta.article_body and len(meta.article_body) > 2 * _text_size(found) + 50:
        found = analyse(text_blocks(meta.article_body), fetched_at=fetched_at)
    elif container is None and _text_size(found) < 40 and FULL_PAGE.search(text):
        found = read_with_trafilatura(text, url, blocks_of(body), fetched_at)
    return found, meta


def _footer_copyrights(body) -> list[str]:
    """Outlet names in Copyright lines anywhere, footers included (read before
    the footer is dropped as boilerplate)."""
    names = []
    for block in blocks_of(body):
        if len(block.text) <= 200 and END_RE.search(block.text):
            name = copyright_name(block.text)
            if name and name not in names:
                names.append(name)
    return names


def _text_size(found: Found) -> int:
    return sum(len(p) for p in found.paragraphs)


def _longer(embedded: EmbeddedArticle, found: Found) -> bool:
    size = len(re.sub(r"<[^>]+>", "", embedded.body))
    return size > max(1.5 * _text_size(found), _text_size(found) + 20)


def _from_embedded(
    embedded: EmbeddedArticle, meta: PageMeta, fetched_at: datetime | None
) -> Found:
    """Read the article that a script payload carries."""
    if re.search(r"<\s*(?:p|br|div)\b", embedded.body, re.I):
        fragment = lxml.html.fragment_fromstring(embedded.body, create_parent="div")
        clean_tree(fragment, None)
        blocks = blocks_of(fragment)
    else:
        blocks = text_blocks(embedded.body)
    if embedded.title:
        meta.titles.append(Candidate(embedded.title, "embedded"))
    title = choose_title(meta.titles)
    found = analyse(blocks, fetched_at=fetched_at, title=title, contained=True)
    meta.published = meta.published or embedded.published
    meta.modified = meta.modified or embedded.modified
    meta.author = meta.author or embedded.author
    if embedded.publisher:
        meta.site_names.insert(0, embedded.publisher)
        # A <title> that only names the site is not a headline.
        meta.titles = [c for c in meta.titles if c.text != embedded.publisher]
    meta.subtitle = meta.subtitle or embedded.subtitle
    meta.canonical = meta.canonical or embedded.url
    return found
