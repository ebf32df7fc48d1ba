"""Read RSS and Atom feeds we fetched ourselves, and find a site's feed.

feedparser is handy but unsafe by default in two ways this module closes:
``feedparser.parse`` opens whatever its argument names when it can (a URL,
and a local path even when the path is given as bytes), and its fallback
loose parser expands entities declared in the document without a limit.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import feedparser
import nh3
from feedparser.encodings import convert_to_utf8

__all__ = ["FeedEntry", "FeedError", "parse_feed", "discover_feed_url"]

_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml"})
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_DOCTYPE_START = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
# A DOCTYPE that only names an external DTD (old Netscape RSS 0.91 feeds, or
# an HTML page) declares nothing; the parsers here never fetch that DTD.
_QUOTED = rb"(?:\"[^\"]*\"|'[^']*')"
_DOCTYPE_WITHOUT_SUBSET = re.compile(
    rb"<!DOCTYPE\s+[\w:.-]+(?:\s+(?:SYSTEM\s+"
    + _QUOTED
    + rb"|PUBLIC\s+"
    + _QUOTED
    + rb"(?:\s+"
    + _QUOTED
    + rb")?))?\s*>",
    re.IGNORECASE,
)
_HTML_START = re.compile(rb"^\s*(?:<!DOCTYPE\s+html|<html)", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


@dataclass
class FeedEntry:
    url: str
    title: str = ""
    published_at: datetime | None = None
    summary: str = ""
    guid: str = ""


class FeedError(Exception):
    """The content is not a feed we can use; the message says what to check."""


def _check_declarations(data: bytes) -> None:
    if _ENTITY_DECL.search(data):
        raise FeedError(
            "XML 엔티티를 선언한 피드는 받지 않습니다 "
            "(The feed declares XML entities (<!ENTITY>); such feeds are refused "
            "because entity expansion can exhaust memory.)"
        )
    for match in _DOCTYPE_START.finditer(data):
        if not _DOCTYPE_WITHOUT_SUBSET.match(data, match.start()):
            raise FeedError(
                "내부 DTD가 있는 피드는 받지 않습니다 "
                "(The feed has a DOCTYPE with an internal subset; such feeds are "
                "refused because entity expansion can exhaust memory.)"
            )


def _to_utf8(content: bytes) -> bytes:
    """Return the bytes feedparser will parse, decoded the way it decodes.

    The entity check has to look at decoded text: in UTF-16, UTF-7, EBCDIC or
    a declared "unicode_escape", ``<!ENTITY`` never appears as ASCII bytes.
    Using feedparser's own converter means the check sees exactly what the
    parser will see; the output declares UTF-8, so converting it again inside
    ``feedparser.parse`` changes nothing.
    """
    result: dict = {}
    converted = convert_to_utf8({}, content, result)
    if not result.get("encoding"):
        raise FeedError(
            "RSS나 Atom 피드가 아닙니다: 문자 인코딩을 읽지 못했습니다 "
            "(not an RSS or Atom feed: its character encoding could not be read.)"
        )
    return converted


def _text(value: str | None) -> str:
    # feedparser hands back sanitised HTML for some titles and summaries; we
    # keep plain text and let templates escape it.
    if not value:
        return ""
    stripped = nh3.clean(value, tags=set(), clean_content_tags={"script", "style"})
    return _SPACE.sub(" ", unescape(stripped)).strip()


def _http_url(value: str | None, base: str) -> str:
    if not value:
        return ""
    value = value.strip()
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        return ""
    try:
        absolute = urljoin(base, value) if base else value
        parts = urlsplit(absolute)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    return absolute


def _published(entry: dict) -> datetime | None:
    # feedparser has already converted the feed's date to UTC.
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            try:
                return datetime(*parsed[:6], tzinfo=UTC)
            except (TypeError, ValueError):
                continue
    return None


def parse_feed(
    content: bytes, *, max_bytes: int = 5 * 1024 * 1024, base_url: str = ""
) -> list[FeedEntry]:
    """Entries of an RSS or Atom document, newest information as given.

    ``base_url`` (where the feed was fetched from) resolves relative links
    when the feed's own link is missing or relative.
    Raises FeedError when the content is not a usable feed.
    """
    if not isinstance(content, bytes | bytearray | memoryview):
        # A str would be taken by feedparser as a URL or a file name.
        raise TypeError("parse_feed takes the fetched bytes, not a str")
    content = bytes(content)
    if len(content) > max_bytes:
        raise FeedError(
            "피드가 크기 한도를 넘습니다 "
            f"(The feed is {len(content):,} bytes, over the limit of {max_bytes:,}.)"
        )
    if not content.strip():
        raise FeedError(
            "RSS나 Atom 피드가 아닙니다: 내용이 비어 있습니다 "
            "(not an RSS or Atom feed: the content is empty.)"
        )
    _check_declarations(content)
    data = _to_utf8(content)
    _check_declarations(data)

    # A file object is the one input feedparser reads as-is; bytes or str
    # could be opened as a path or fetched as a URL.
    parsed = feedparser.parse(
        io.BytesIO(data), resolve_relative_uris=False, sanitize_html=True
    )
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo") or not parsed.get("version"):
            if _HTML_START.match(content):
                raise FeedError(
                    "RSS나 Atom 피드가 아니라 HTML 페이지입니다: 페이지가 알려 주는 "
                    "피드 주소를 넣으세요 (not an RSS or Atom feed: this is an HTML "
                    "page; use the feed address the page links to.)"
                )
            problem = parsed.get("bozo_exception")
            detail = f": the XML parser said {problem}" if problem else ""
            raise FeedError(
                f"RSS나 Atom 피드가 아닙니다 (not an RSS or Atom feed{detail}.)"
            )
        return []

    feed_link = _http_url(parsed.get("feed", {}).get("link"), base_url)
    base = feed_link or base_url
    result: list[FeedEntry] = []
    for entry in entries:
        url = _http_url(entry.get("link"), base)
        if not url:
            continue
        result.append(
            FeedEntry(
                url=url,
                title=_text(entry.get("title")),
                published_at=_published(entry),
                summary=_text(entry.get("summary")),
                guid=(entry.get("id") or "").strip(),
            )
        )
    return result


class _AlternateLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.base: str | None = None
        self.feeds: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "base" and self.base is None and values.get("href"):
            self.base = values["href"].strip()
        elif tag == "link":
            rels = values.get("rel", "").lower().split()
            kind = values.get("type", "").split(";", 1)[0].strip().lower()
            href = values.get("href", "").strip()
            if "alternate" in rels and kind in _FEED_TYPES and href:
                self.feeds.append(href)

    handle_startendtag = handle_starttag


def _decode_html(page: bytes) -> str:
    # Feed links are ASCII in practice; the decoding only has to keep Hangul
    # paths of EUC-KR pages intact when there are some.
    for encoding in ("utf-8", "cp949"):
        try:
            return page.decode(encoding)
        except UnicodeDecodeError:
            continue
    return page.decode("latin-1")


def discover_feed_url(
    html: bytes, base_url: str, *, max_bytes: int = 2 * 1024 * 1024
) -> str | None:
    """The first RSS or Atom feed a page advertises, as an absolute http(s) URL."""
    parser = _AlternateLinks()
    parser.feed(_decode_html(bytes(html[:max_bytes])))
    parser.close()
    base = urljoin(base_url, parser.base) if parser.base else base_url
    for href in parser.feeds:
        url = _http_url(href, base)
        if url:
            return url
    return None
