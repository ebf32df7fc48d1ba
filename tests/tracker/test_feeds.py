from __future__ import annotations

import time
from datetime import UTC, datetime

import feedparser
import pytest

from tracker.ingest.feeds import FeedError, discover_feed_url, parse_feed

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
<channel>
  <title>서울 구정 소식</title>
  <link>https://news.example/section/</link>
  <item>
    <title>강서구, AI 특화도시 선포하고 기관 14곳과 협약</title>
    <link>https://news.example/article/101</link>
    <guid isPermaLink="false">news-101</guid>
    <pubDate>Mon, 03 Nov 2025 09:30:00 +0900</pubDate>
    <description>&lt;p&gt;강서구가 &lt;b&gt;AI 특화도시&lt;/b&gt;를 선포했다.&lt;/p&gt;
      &lt;script&gt;alert(1)&lt;/script&gt;</description>
  </item>
  <item>
    <title>금천구 G밸리 AI 혁신센터 개관</title>
    <link>/article/102</link>
    <guid>news-102</guid>
  </item>
  <item>
    <title>링크가 없는 기사</title>
    <description>주소가 없으니 건너뛴다</description>
  </item>
  <item>
    <title>스크립트 링크</title>
    <link>javascript:alert(document.cookie)</link>
  </item>
  <item>
    <title>데이터 링크</title>
    <link>data:text/html,&lt;p&gt;x&lt;/p&gt;</link>
  </item>
</channel>
</rss>
""".encode()

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>자치구 인공지능 정책</title>
  <link rel="alternate" href="https://atom.example/gu/"/>
  <link rel="self" href="https://atom.example/gu/atom.xml"/>
  <id>tag:atom.example,2025:gu</id>
  <updated>2025-11-04T10:00:00+09:00</updated>
  <entry>
    <title>구로구, 스마트 돌봄에 AI 도입</title>
    <link rel="alternate" href="https://atom.example/gu/3001"/>
    <id>tag:atom.example,2025:3001</id>
    <published>2025-11-04T08:15:00+09:00</published>
    <updated>2025-11-04T09:00:00+09:00</updated>
    <summary>구로구가 홀몸 어르신 돌봄에 AI 스피커를 보급한다.</summary>
  </entry>
  <entry>
    <title type="html">양천구 &lt;em&gt;AI 민원&lt;/em&gt; 상담</title>
    <link rel="alternate" href="3002?from=atom"/>
    <id>tag:atom.example,2025:3002</id>
    <updated>2025-11-05T01:00:00Z</updated>
  </entry>
</feed>
""".encode()


def rss_with(items: str, *, channel_link: str = "", prolog: str = "") -> bytes:
    link = f"<link>{channel_link}</link>" if channel_link else ""
    return (
        f'{prolog}<rss version="2.0"><channel><title>t</title>{link}'
        f"{items}</channel></rss>"
    ).encode()


# --- well-formed feeds -----------------------------------------------------


def test_rss_entries():
    entries = parse_feed(RSS)
    assert [e.url for e in entries] == [
        "https://news.example/article/101",
        "https://news.example/article/102",
    ]
    first = entries[0]
    assert first.title == "강서구, AI 특화도시 선포하고 기관 14곳과 협약"
    assert first.guid == "news-101"
    assert first.published_at == datetime(2025, 11, 3, 0, 30, tzinfo=UTC)
    assert first.summary == "강서구가 AI 특화도시를 선포했다."
    assert entries[1].published_at is None


def test_atom_entries():
    entries = parse_feed(ATOM)
    assert [e.url for e in entries] == [
        "https://atom.example/gu/3001",
        "https://atom.example/gu/3002?from=atom",
    ]
    first, second = entries
    assert first.title == "구로구, 스마트 돌봄에 AI 도입"
    assert first.published_at == datetime(2025, 11, 3, 23, 15, tzinfo=UTC)
    assert first.published_at.tzinfo is not None
    assert first.summary == "구로구가 홀몸 어르신 돌봄에 AI 스피커를 보급한다."
    assert first.guid == "tag:atom.example,2025:3001"
    # No published date: the updated date stands in.
    assert second.published_at == datetime(2025, 11, 5, 1, 0, tzinfo=UTC)
    assert second.title == "양천구 AI 민원 상담"


def test_relative_links_fall_back_to_the_fetch_url():
    content = rss_with("<item><title>노원구</title><link>../a/7</link></item>")
    (entry,) = parse_feed(content, base_url="https://gu.example/rss/all.xml")
    assert entry.url == "https://gu.example/a/7"


def test_guid_permalink_stands_in_for_a_missing_link():
    content = rss_with("<item><guid>https://gu.example/a/8</guid></item>")
    (entry,) = parse_feed(content)
    assert entry.url == "https://gu.example/a/8"


def test_non_http_links_are_skipped():
    content = rss_with(
        "<item><link>javascript:alert(1)</link></item>"
        "<item><link>  JavaScript:alert(1)</link></item>"
        "<item><link>mailto:desk@news.example</link></item>"
        "<item><link>file:///etc/passwd</link></item>"
        "<item><link>https://news.example/ok</link></item>",
        channel_link="https://news.example/",
    )
    assert [e.url for e in parse_feed(content)] == ["https://news.example/ok"]


def test_feed_without_items_gives_no_entries():
    assert parse_feed(rss_with("")) == []


def test_slightly_broken_feed_with_entries_is_accepted():
    # A bare & makes the feed not well-formed; feedparser's loose parser still
    # finds the item, and that is worth keeping.
    content = rss_with(
        "<item><title>AI & 교육</title><link>https://news.example/9</link></item>"
    )
    (entry,) = parse_feed(content)
    assert entry.url == "https://news.example/9"
    assert "교육" in entry.title


def test_euc_kr_feed_is_decoded():
    content = (
        '<?xml version="1.0" encoding="euc-kr"?>'
        '<rss version="2.0"><channel><title>t</title>'
        "<item><title>마포구 AI 행정</title><link>https://news.example/1</link>"
        "</item></channel></rss>"
    ).encode("cp949")
    (entry,) = parse_feed(content)
    assert entry.title == "마포구 AI 행정"


def test_utf16_feed_without_entities_is_read():
    text = RSS.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    entries = parse_feed(text.encode("utf-16"))
    assert entries[0].title.startswith("강서구")


def test_external_only_doctype_is_allowed():
    content = rss_with(
        "<item><link>https://news.example/1</link></item>",
        prolog='<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"'
        ' "http://my.netscape.com/publish/formats/rss-0.91.dtd">',
    )
    assert [e.url for e in parse_feed(content)] == ["https://news.example/1"]


# --- hostile or wrong content ----------------------------------------------

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY lol "lol">\n'
    + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">\n'
        for i in range(1, 10)
    )
    + ']>\n<rss version="2.0"><channel><title>&lol9;</title>'
    "<item><title>&lol9;</title><link>https://x.example/</link></item>"
    "</channel></rss>"
).encode()

QUADRATIC = (
    b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "'
    + b"A" * 50_000
    + b'">]><rss version="2.0"><channel><item><title>'
    + b"&a;" * 50_000
    + b"</title><link>https://x.example/</link></item></channel></rss>"
)


@pytest.mark.parametrize(
    "content",
    [
        BILLION_LAUGHS,
        QUADRATIC,
        BILLION_LAUGHS.replace(b"<!ENTITY", b"<!entity"),
        BILLION_LAUGHS.decode()
        .replace('"1.0"', '"1.0" encoding="utf-16"')
        .encode("utf-16"),
        BILLION_LAUGHS.decode()
        .replace('"1.0"', '"1.0" encoding="utf-32"')
        .encode("utf-32"),
        # A declared encoding can hide the declaration from a byte search.
        b'<?xml version="1.0" encoding="utf-7"?>+ADwAIQ-ENTITY a "b"+AD4-<rss/>',
        b'<?xml version="1.0" encoding="unicode_escape"?>\\x3c!ENTITY a "b"><rss/>',
    ],
    ids=["laughs", "quadratic", "lowercase", "utf16", "utf32", "utf7", "escape"],
)
def test_entity_declarations_are_refused_quickly(content):
    started = time.monotonic()
    with pytest.raises(FeedError, match="entit"):
        parse_feed(content)
    assert time.monotonic() - started < 0.5


def test_internal_subset_without_entities_is_refused():
    content = rss_with(
        "<item><link>https://x.example/</link></item>",
        prolog="<!DOCTYPE rss [ <!ATTLIST rss version CDATA #FIXED '2.0'> ]>",
    )
    with pytest.raises(FeedError, match="internal subset"):
        parse_feed(content)


def test_oversized_feed_is_refused_before_parsing():
    item = "<item><title>서초구</title><link>https://x.example/1</link></item>"
    content = rss_with(item * 2_000)
    with pytest.raises(FeedError, match="over the limit"):
        parse_feed(content, max_bytes=len(content) - 1)
    assert len(parse_feed(content, max_bytes=len(content))) == 2_000


def test_html_page_is_not_a_feed():
    page = (
        "<!DOCTYPE html><html><head><title>구청 소식</title></head>"
        "<body><h1>강남구 AI 정책</h1><p>본문</p></body></html>"
    ).encode()
    with pytest.raises(FeedError, match="not an RSS or Atom feed.*HTML page"):
        parse_feed(page)


@pytest.mark.parametrize(
    "content",
    [b"", b"   \n", b'{"items": [{"url": "https://x.example/"}]}', b"\x00\xff\xfe"],
    ids=["empty", "blank", "json", "binary"],
)
def test_other_content_is_not_a_feed(content):
    with pytest.raises(FeedError, match="not an RSS or Atom feed"):
        parse_feed(content)


def test_a_path_given_as_content_is_never_opened(tmp_path):
    feed_file = tmp_path / "local.xml"
    feed_file.write_bytes(
        rss_with("<item><link>https://x.example/secret</link></item>")
    )
    path = str(feed_file).encode()
    # The trap is real: feedparser itself opens a path even when it is bytes.
    assert feedparser.parse(path).entries
    with pytest.raises(FeedError):
        parse_feed(path)
    with pytest.raises(FeedError):
        parse_feed(b"/etc/passwd")


def test_a_url_given_as_content_is_never_fetched():
    # Port 9 on loopback: even if something tried, it would go nowhere.
    with pytest.raises(FeedError):
        parse_feed(b"http://127.0.0.1:9/feed.xml")


def test_str_content_is_refused():
    with pytest.raises(TypeError):
        parse_feed(RSS.decode())  # type: ignore[arg-type]


# --- discovering a feed from a page ----------------------------------------


def test_discovers_rss_link_relative_to_the_page():
    page = b"""<html><head>
      <link rel="stylesheet" href="/s.css">
      <link rel="alternate" type="application/rss+xml" title="RSS" href="/rss/gu.xml">
    </head><body></body></html>"""
    assert (
        discover_feed_url(page, "https://news.example/section/1")
        == "https://news.example/rss/gu.xml"
    )


def test_discovers_atom_link_with_base_tag_and_odd_case():
    page = b"""<html><head><base href="https://cdn.example/feeds/">
      <LINK REL="Alternate" TYPE="Application/Atom+XML; charset=utf-8" HREF="gu.atom"/>
    </head></html>"""
    assert discover_feed_url(page, "https://news.example/") == (
        "https://cdn.example/feeds/gu.atom"
    )


def test_discovery_skips_non_http_and_non_feed_links():
    page = b"""<head>
      <link rel="alternate" type="application/rss+xml" href="javascript:void(0)">
      <link rel="alternate" hreflang="en" href="https://news.example/en/">
      <link rel="alternate" type="application/atom+xml" href="https://news.example/a.xml">
    </head>"""
    assert discover_feed_url(page, "https://news.example/") == (
        "https://news.example/a.xml"
    )


def test_discovery_on_a_cp949_page():
    page = (
        '<html><head><meta charset="euc-kr"><title>구청</title>'
        '<link rel="alternate" type="application/rss+xml" href="/rss/소식.xml">'
        "</head></html>"
    ).encode("cp949")
    assert discover_feed_url(page, "http://gu.example/") == (
        "http://gu.example/rss/소식.xml"
    )


def test_discovery_without_a_feed_link():
    assert (
        discover_feed_url(b"<html><head></head></html>", "https://x.example/") is None
    )
    assert discover_feed_url(b"", "https://x.example/") is None
