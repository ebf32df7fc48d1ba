"""Articles that a page carries only as data for its scripts (Next.js and the like).

Some Korean news sites send an almost empty <body> and the article inside
`<script id="__NEXT_DATA__" type="application/json">` or another JSON payload.
We walk every such payload for the object that looks most like an article: a
title-like key next to a long body-like key. Key names vary by site (title,
headline, newsTitle, articleTitle …; content, body, articleBody, html …), so
they are matched loosely and the longest body wins.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime

from tracker.reading.bylines import clean_author
from tracker.reading.dates import parse_meta_date
from tracker.reading.lines import norm

_TITLE_KEY = re.compile(r"^(?:news|article|post)?_?(?:title|headline|subject)$", re.I)
_BODY_KEY = re.compile(
    r"^(?:news|article|post)?_?(?:body|content|contents|html|text|articlebody|"
    r"bodyhtml|contenthtml|description_?html)$",
    re.I,
)
_SUBTITLE_KEY = re.compile(r"^(?:sub_?title|sub_?headline|deck|summary|lead)$", re.I)
_PUBLISHED_KEY = re.compile(
    r"^(?:date_?published|published(?:_?at|_?date|_?time)?|publish_?(?:date|time|at)|"
    r"pub_?date|first_?published_?at|created_?at|create_?date|reg_?date|"
    r"insert_?date|service_?date|release_?date|date)$",
    re.I,
)
_MODIFIED_KEY = re.compile(
    r"^(?:date_?modified|modified(?:_?at|_?date)?|updated(?:_?at|_?date)?|"
    r"update_?date|last_?modified)$",
    re.I,
)
_AUTHOR_KEY = re.compile(
    r"^(?:author|authors|reporter|reporters|writer|byline)s?$", re.I
)
_PUBLISHER_KEY = re.compile(
    r"^(?:publisher|site_?name|press|press_?name|media_?name|cp_?name|outlet|source)$",
    re.I,
)
_URL_KEY = re.compile(r"^(?:canonical(?:_?url)?|url|share_?url|link)$", re.I)
_ASSIGNMENT = re.compile(
    r"window\.__(?:INITIAL_STATE|PRELOADED_STATE|NUXT|APOLLO_STATE)__\s*=\s*(\{.*\})\s*;?\s*$",
    re.S,
)


@dataclass
class EmbeddedArticle:
    title: str
    body: str  # HTML or plain text, as the payload holds it
    subtitle: str = ""
    published: datetime | None = None
    modified: datetime | None = None
    author: str = ""
    publisher: str = ""
    url: str = ""


def find_embedded_article(root) -> EmbeddedArticle | None:
    """The article in the page's JSON payloads, or None when there is none."""
    best: tuple[int, dict] | None = None
    for payload in _payloads(root):
        for node in _objects(payload):
            body = _first(node, _BODY_KEY)
            if not isinstance(body, str):
                continue
            # An article object names its headline, even as "", or its date.
            titled = any(_TITLE_KEY.match(k) for k in node) or _first(
                node, _PUBLISHED_KEY
            )
            if not titled:
                continue
            size = len(re.sub(r"<[^>]+>", "", body))
            if size >= 20 and (best is None or size > best[0]):
                best = (size, node)
    if best is None:
        return None
    node = best[1]
    return EmbeddedArticle(
        title=_text(_first(node, _TITLE_KEY)),
        body=str(_first(node, _BODY_KEY)),
        subtitle=_text(_first(node, _SUBTITLE_KEY)),
        published=_date(_first(node, _PUBLISHED_KEY)),
        modified=_date(_first(node, _MODIFIED_KEY)),
        author=_author(_first(node, _AUTHOR_KEY)),
        publisher=_name(_first(node, _PUBLISHER_KEY)),
        url=_text(_first(node, _URL_KEY)),
    )


def _payloads(root):
    for script in root.iter("script"):
        kind = (script.get("type") or "").lower()
        text = script.text_content() or ""
        if "json" in kind and "ld+json" not in kind:
            candidates = [text]
        else:
            m = _ASSIGNMENT.search(text)
            candidates = [m.group(1)] if m else []
        for raw in candidates:
            try:
                yield json.loads(raw, strict=False)
            except (ValueError, TypeError):
                continue


def _objects(node, depth: int = 0):
    if depth > 40:
        return
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _objects(value, depth + 1)
    elif isinstance(node, list):
        for item in node:
            yield from _objects(item, depth + 1)


def _first(node: dict, key_re: re.Pattern):
    for key, value in node.items():
        if key_re.match(key) and value not in (None, "", [], {}):
            return value
    return None


def _text(value) -> str:
    return norm(value) if isinstance(value, str) else ""


def _date(value) -> datetime | None:
    if isinstance(value, int | float):
        value = str(int(value))
    return parse_meta_date(value) if isinstance(value, str) else None


def _name(value) -> str:
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("name") or value.get("title") or ""
    return norm(value) if isinstance(value, str) else ""


def _author(value) -> str:
    return clean_author(_name(value))
