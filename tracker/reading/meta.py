"""What a page says about itself in machine-readable form: meta tags and JSON-LD.

`read_meta` gathers headline candidates (og:title, twitter:title, JSON-LD
headline, <title> less the site's name, h1 and headline-class headings), the
published and modified dates, the site's name, the author and the canonical
URL. Values are kept apart by source so the title can be weighed (title.py) and
a publication date is preferred over an update.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime

from tracker.reading.bylines import clean_author
from tracker.reading.dates import parse_meta_date, path_dates
from tracker.reading.lines import is_navigation, norm
from tracker.reading.title import Candidate, headline_like, strip_site_suffix


@dataclass
class PageMeta:
    titles: list[Candidate] = field(default_factory=list)
    published: datetime | None = None
    modified: datetime | None = None
    site_names: list[str] = field(default_factory=list)
    author: str = ""
    canonical: str = ""
    subtitle: str = ""
    article_body: str = ""  # JSON-LD articleBody, for pages that render it by script
    image_dates: list[tuple[int, int, int]] = field(default_factory=list)
    time_dates: list[datetime] = field(default_factory=list)  # <time datetime>


_PUBLISHED_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "datepublished",
    "og:regdate",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "article.published",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "date",
    "article:created",
    "og:published_time",
    "datecreated",
)
_MODIFIED_KEYS = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "last-modified",
)
_SITE_KEYS = (
    "og:site_name",
    "article:media_name",
    "og:article:author",  # portals put the press there: '하늘일보 | 네이버'
    "article:publisher",
    "publisher",
    "application-name",
)
_AUTHOR_KEYS = ("article:author", "author", "dable:author", "byl", "sailthru.author")
_HEADLINE_CLASS = re.compile(
    r"(?:^|[\s_-])(?:headline|tit|title|subject|art_?tit|news_?tit|article_?title|"
    r"view_?tit|entry-title|post-title)(?:$|[\s_-])",
    re.I,
)
_NOT_HEADLINE_CLASS = re.compile(
    r"sub|logo|site|section|menu|related|popular|rank", re.I
)
_SUBTITLE_CLASS = re.compile(
    r"sub_?title|sub-title|subhead|summary_title|sub_?tit|deck|standfirst", re.I
)


def read_meta(root) -> PageMeta:
    """Meta tags, JSON-LD and headline elements of a parsed page."""
    meta = PageMeta()
    values: dict[str, str] = {}
    for el in root.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower()
        content = el.get("content") or el.get("datetime") or ""
        if key and content and key not in values:
            values[key] = norm(content)
    for el in root.xpath("//*[@itemprop='datePublished']"):
        values.setdefault(
            "datepublished", el.get("content") or el.get("datetime") or ""
        )
    ld = read_json_ld(root)

    for key in _PUBLISHED_KEYS:
        meta.published = parse_meta_date(values.get(key, "") or ld.get(key, ""))
        if meta.published:
            break
    for key in _MODIFIED_KEYS:
        meta.modified = parse_meta_date(values.get(key, "") or ld.get(key, ""))
        if meta.modified:
            break

    for key in _SITE_KEYS:
        v = re.split(r"\s+[|ㅣ]\s+", values.get(key, ""))[0].strip()
        if v and not v.startswith(("http", "@")) and not clean_author(v):
            meta.site_names.append(v)
    if ld.get("publisher"):
        meta.site_names.append(ld["publisher"])
    sites = tuple(meta.site_names)

    for source, value in (
        ("og", values.get("og:title", "")),
        ("twitter", values.get("twitter:title", "")),
        ("ld", ld.get("headline", "")),
    ):
        text = strip_site_suffix(value, sites) if value else ""
        if text:
            meta.titles.append(Candidate(text, source))
    page_title = root.find(".//title")
    if page_title is not None and page_title.text_content():
        text = strip_site_suffix(page_title.text_content(), sites, cut_unknown=True)
        if text:
            meta.titles.append(Candidate(text, "title"))
    meta.titles.extend(_heading_candidates(root))

    for key in _AUTHOR_KEYS:
        meta.author = clean_author(values.get(key, ""))
        if meta.author:
            break
    meta.author = meta.author or clean_author(ld.get("author", ""))
    canonical = root.xpath(
        "//link[translate(@rel,'CANONICAL','canonical')='canonical']"
    )
    if canonical and canonical[0].get("href"):
        meta.canonical = canonical[0].get("href").strip()
    else:
        meta.canonical = values.get("og:url", "")
    meta.article_body = ld.get("articlebody", "")
    meta.time_dates = _stamped_dates(root)
    return meta


_UPDATED_CLASS = re.compile(r"updated|modified|수정", re.I)
_PUBLISHED_CLASS = re.compile(r"published|datepublished|pubdate|입력|등록", re.I)
_DATE_ATTRIBUTES = (
    "data-date-time",
    "data-published-time",
    "data-published",
    "data-pubdate",
)


def _stamped_dates(root) -> list[datetime]:
    """Dates in <time datetime> and data-* attributes, an update's left out.

    When one element says it is the publication (class 'published'), only it
    counts; otherwise every stamp counts and the caller wants them to agree.
    """
    marked, plain = [], []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        value = el.get("datetime", "") if el.tag == "time" else ""
        value = value or next((el.get(a) for a in _DATE_ATTRIBUTES if el.get(a)), "")
        when = parse_meta_date(value) if value else None
        if when is None:
            continue
        names = f"{el.get('class', '')} {el.get('itemprop', '')}"
        if _UPDATED_CLASS.search(names):
            continue
        (marked if _PUBLISHED_CLASS.search(names) else plain).append(when)
    return marked or plain


def _heading_candidates(root) -> list[Candidate]:
    found = []
    for position, el in enumerate(root.iter("h1", "h2", "h3", "div", "p", "strong")):
        names = f"{el.get('class', '')} {el.get('id', '')}"
        tag = el.tag
        if tag != "h1" and not _HEADLINE_CLASS.search(names):
            continue
        if _NOT_HEADLINE_CLASS.search(names) or len(el) > 3:
            continue
        text = norm(el.text_content())
        if headline_like(text):
            source = "h1" if tag == "h1" else "heading"
            found.append(Candidate(text, source, position))
    return found


def subtitle_near(root, container) -> str:
    """A deck written in an element named like one (sub_title, subhead)."""
    scopes = [s for s in (root, container) if s is not None]
    for scope in scopes:
        for el in scope.iter():
            if not isinstance(el.tag, str):
                continue
            names = f"{el.get('class', '')} {el.get('id', '')}"
            if _SUBTITLE_CLASS.search(names) and not _NOT_SUBTITLE.search(names):
                text = norm(el.text_content())
                if 4 <= len(text) <= 300 and not is_navigation(text):
                    return text
    return ""


_NOT_SUBTITLE = re.compile(r"menu|nav|gnb|lnb|snb|sub_?menu|submenu", re.I)


def read_json_ld(root) -> dict[str, str]:
    """Headline, dates, author, publisher and body of the page's Article object."""
    out: dict[str, str] = {}

    def visit(node) -> None:
        if isinstance(node, list):
            for item in node:
                visit(item)
            return
        if not isinstance(node, dict):
            return
        if "@graph" in node:
            visit(node["@graph"])
        kind = node.get("@type", "")
        kinds = kind if isinstance(kind, list) else [kind]
        if not any(
            "Article" in str(k)
            or k in ("WebPage", "BlogPosting", "ReportageNewsArticle")
            for k in kinds
        ):
            return
        for key in ("datePublished", "dateCreated", "dateModified", "headline"):
            if node.get(key) and key.lower() not in out:
                out[key.lower()] = norm(str(node[key]))
        body = node.get("articleBody")
        if isinstance(body, str) and len(body) > len(out.get("articlebody", "")):
            out["articlebody"] = body
        for key in ("author", "publisher"):
            value = node.get(key)
            if isinstance(value, list) and value:
                value = value[0]
            if isinstance(value, dict):
                value = value.get("name", "")
            if value and key not in out:
                out[key] = norm(str(value))

    for script in root.xpath("//script[@type='application/ld+json']"):
        try:
            visit(json.loads(script.text_content() or "null", strict=False))
        except (ValueError, TypeError):
            continue
    return out


def image_dates(root) -> list[tuple[int, int, int]]:
    """Dates in the article's image paths (/news/202510/26/…): a year for '10-26'."""
    dates = []
    for img in root.iter("img"):
        for key, value in img.attrib.items():
            if "src" in key.lower() and value:
                dates.extend(path_dates(value))
    return dates
