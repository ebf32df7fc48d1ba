"""Each corpus text wrapped in the page layouts Korean news reaches us in.

    plain    the corpus file as it is
    portal   a portal's article fragment (as Daum serves one): headline and date
             as text, the article in a container, Copyright, prev/next stories
    dump     a whole page saved as text: site name, menus, a district menu
             (자치구 소식: 종로구 중구 … 강동구), render date and weather, the
             article, related headlines, most-read list, a footer with an address
    full     a full HTML page: meta tags, <nav>, a district menu, <h1>, the body
             in a container whose class we do not know, <aside>, <footer>
    euckr    an old table layout in EUC-KR, lines split by <br>
    amp      an AMP page: JSON-LD NewsArticle, amp-sidebar menu, amp-img
    nextjs   a Next.js page whose article exists only in __NEXT_DATA__

Every layout names districts in its chrome (menus, related headlines, footer
address) that the article does not name, so a link to one of them came from
boilerplate. The article's lines are split at the body bounds of bounds.py (the
lead and the last line), and every layout places those same lines, so it knows
where the article starts and ends. Names of sites and stories in the chrome are
made up; the article text is read from the corpus at run time, never stored.
"""

from __future__ import annotations

import hashlib
import html
import json
import random
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from districts.seoul import GU
from tracker.reading.bounds import Bounds, corpus_bounds, letters, text_lines
from tracker.reading.scorecard import Doc

LAYOUTS = ("portal", "dump", "full", "euckr", "amp", "nextjs")
SITES = ("하늘일보", "누리신문", "바른뉴스", "한빛타임즈", "새벽경제", "마루신문")
DOMAINS = {"하늘일보": "haneul.example", "누리신문": "nuri.example"}
SECTIONS = "전체기사 정치 경제 사회 전국 자치구 오피니언 포토 영상 로그인 회원가입"
ROADS = ("세종대로 110", "국회대로 12", "도봉로 55", "한강대로 84", "올림픽로 300")
STORIES = (
    "{gu}, 주민참여예산 설명회 열어",
    "{gu} AI 돌봄 로봇 100대 추가 보급",
    "{gu}의회, 스마트 쉼터 조례 통과",
    '{gu}청장 "디지털 행정 속도 낸다"',
    "{gu} 도서관에 AI 안내 키오스크",
)
DATE_FORMS = (
    "입력 {d:%Y.%m.%d.} 오후 1:05",
    "{d:%Y-%m-%d} 13:05:02 게재",
    "배포일 {d:%Y-%m-%d}",
    "승인 : {d:%Y}. {d:%m}. {d:%d}. 10:39",
    "Posted on {d:%Y}. {d:%m}. {d:%d}.",
    "기사입력 {d:%Y/%m/%d} 13:05",
    "등록 {d:%Y-%m-%d} 13:05",
)


@dataclass
class Article:
    """One corpus text cut at its body bounds."""

    name: str
    gold: dict
    bounds: Bounds
    title: str
    head: list[list[str]]  # lines above the lead, headline left out, in groups
    # of lines stacked without a blank line between them
    body: list[str]  # the lead to the last line
    tail: list[str]  # what the text holds after the last line
    text: str  # the whole text as read
    site: str
    published: date | None  # the labelled date, when it is on the page


def read_article(directory: Path, item: dict) -> Article | None:
    raw = (directory / item["file"]).read_bytes()
    text = raw.decode("utf-8", errors="replace")
    is_html = item["file"].endswith((".html", ".htm"))
    lines = text_lines(text, is_html)
    bounds = corpus_bounds(lines, item.get("title"), bool(item.get("text_complete")))
    if bounds is None:
        return None
    start, end = (
        lines.index(bounds.lead),
        len(lines) - 1 - lines[::-1].index(bounds.last),
    )
    title = item.get("title") or ""
    head = _groups(text, lines[:start], is_html)
    key = letters(title)
    for group in head:
        for i, line in enumerate(group):
            if key and letters(line) == key:
                group[i] = ""
            elif key and key in letters(line):
                # '제목 작성일 10-26 13 목록': the headline leaves, its date stays.
                group[i] = line.replace(title, "").strip()
    head = [[x for x in g if x] for g in head]
    head = [g for g in head if g]
    published = None
    if item.get("published") and item.get("published_source") == "text":
        published = date.fromisoformat(item["published"])
    publisher = (item.get("publisher") or "").split(" (")[0]
    return Article(
        name=item["file"],
        gold=item,
        bounds=bounds,
        title=title,
        head=head,
        body=lines[start : end + 1],
        tail=lines[end + 1 :],
        text=text if not is_html else "\n".join(lines),
        site=publisher or _pick(item["file"], SITES),
        published=published,
    )


def _groups(text: str, head: list[str], is_html: bool) -> list[list[str]]:
    """The header lines in groups: lines with no blank line between share one."""
    if is_html:
        return [[line] for line in head]
    groups: list[list[str]] = [[]]
    wanted = list(head)
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if not wanted:
            break
        if not line:
            if groups[-1]:
                groups.append([])
        elif line == wanted[0]:
            groups[-1].append(wanted.pop(0))
    return [g for g in groups if g]


def _head_html(head: list[list[str]], cls: str = "") -> str:
    """One <p> per group, its stacked lines split by <br>."""
    attr = f' class="{cls}"' if cls else ""
    return "\n".join(
        f"<p{attr}>" + "<br>".join(html.escape(x) for x in g) + "</p>" for g in head
    )


def _pick(key: str, options):
    return options[int(hashlib.sha1(key.encode()).hexdigest(), 16) % len(options)]


def _chrome_districts(article: Article, rng: random.Random) -> list[str]:
    named = set(article.gold.get("primary_districts") or []) | set(
        article.gold.get("other_districts_mentioned") or []
    )
    others = [g for g in GU if g.name_en not in named and g.name_ko not in article.text]
    return [g.name_ko for g in rng.sample(others, min(4, len(others)))]


def _related(article: Article, rng: random.Random, districts: list[str]) -> list[str]:
    stories = []
    for gu in districts[:3]:
        when = date(rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28))
        stories.append(f"{rng.choice(STORIES).format(gu=gu)} {when:%Y-%m-%d}")
    return stories


def _footer(article: Article, gu: str, rng: random.Random) -> list[str]:
    return [
        "회사소개 | 광고문의 | 개인정보처리방침 | 청소년보호정책 | 기사제보",
        f"서울특별시 {gu} {rng.choice(ROADS)} {article.site}빌딩 5층 | "
        "대표전화 02-000-0000 | 등록번호 서울 아00000",
        f"Copyright © {article.site}. All rights reserved.",
    ]


def _district_menu() -> str:
    return "자치구 소식: " + " ".join(g.name_ko for g in GU)


def _date_line(article: Article) -> str:
    if article.published is None:
        return ""
    return _pick(article.name, DATE_FORMS).format(d=article.published)


def _iso(day: date | None) -> str:
    return (
        datetime(day.year, day.month, day.day, 9, 30).isoformat() + "+09:00"
        if day
        else ""
    )


def _p(lines: list[str], cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return "\n".join(f"<p{attr}>{html.escape(line)}</p>" for line in lines)


def _li(lines: list[str]) -> str:
    return "".join(f"<li><a href='#'>{html.escape(line)}</a></li>" for line in lines)


def render(article: Article, layout: str) -> tuple[bytes, str, str, list[str]]:
    """(bytes, file name, content type, chrome districts) of one page."""
    rng = random.Random(f"{layout}:{article.name}")
    others = _chrome_districts(article, rng)
    related = _related(article, rng, others)
    footer = _footer(article, others[-1] if others else "중구", rng)
    e = html.escape
    title, site = article.title, article.site
    if layout == "portal":
        top = " ".join(x for x in (title, _date_line(article), "목록") if x)
        page = (
            f'{e(top)} <div class="article_view"><section><p>6 hours ago 1</p>'
            f"{_head_html(article.head)}"
            f"{_p(article.body)}{_p(article.tail)}</section></div>"
            f"<p>Copyright © {e(site)}. 무단전재 및 재배포 금지.</p> 관련자료 이전 "
            f"{e(related[0] if related else '')} 다음 {e(related[-1] if related else '')} "
            "댓글 0 등록된 댓글이 없습니다. 로그인한 회원만 댓글 등록이 가능합니다."
        )
        return page.encode(), "page.html", "text/html; charset=utf-8", others
    if layout == "dump":
        top = [
            site,
            SECTIONS,
            _district_menu(),
            "UPDATED. 2026-01-30 16:39 (금)",
            "2026.01.30 (금) 맑음서울 -3.2℃",
            "많이 본 뉴스",
            *(f"{i} {r[:-11]}" for i, r in enumerate(related, 1)),
            "사회 > 자치구",
        ]
        bottom = [
            "좋아요 0",
            "기자의 다른 기사",
            *related,
            "관련기사",
            *related[::-1],
            *footer,
        ]
        body = article.text.strip()
        if article.name.endswith((".html", ".htm")) and _date_line(article):
            # A fragment dates itself by its image paths, which a dump loses:
            # the page states its date under the headline.
            first, _, rest = body.partition("\n")
            body = f"{first}\n{_date_line(article)}\n{rest}"
        lead_at = body.find(article.bounds.lead)
        if lead_at >= 0:  # an advert line under the lead, as dumps keep them
            cut = lead_at + len(article.bounds.lead)
            body = f"{body[:cut]}\n▶ {site} 뉴스레터 무료 구독하기\n{body[cut:]}"
        text = "\n".join(top) + "\n\n" + body + "\n\n" + "\n".join(bottom)
        return text.encode(), "page.txt", "text/plain; charset=utf-8", others
    if layout == "full":
        meta = f'<meta property="og:title" content="{e(title)}">' if title else ""
        if article.published:
            meta += f'<meta property="article:published_time" content="{_iso(article.published)}">'
        page = f"""<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8">
<title>{e(title + " - " if title else "")}{e(site)}</title>{meta}
<meta property="og:site_name" content="{e(site)}"></head><body>
<header id="header"><div class="logo">{e(site)}</div>
<nav class="gnb"><ul>{_li(SECTIONS.split())}</ul></nav>
<div class="district-links"><strong>자치구 소식</strong><ul>{_li([g.name_ko for g in GU])}</ul></div>
</header><div id="wrap"><aside class="sidebar"><h3>많이 본 뉴스</h3><ul>{_li(related)}</ul></aside>
<main><article><div class="article-head"><p class="section">사회 &gt; 자치구</p>
{f'<h1 class="headline">{e(title)}</h1>' if title else ""}{_head_html(article.head, "info")}</div>
<div class="share-tools"><button>공유하기</button><button>스크랩</button><button>글자크기</button></div>
<div class="story">{_p(article.body[:1])}<div class="ad-inline">광고</div>{_p(article.body[1:])}{_p(article.tail)}</div>
<div class="reporter-box"><h4>{e(site)} 기자의 다른 기사</h4><ul>{_li(related)}</ul></div>
<div id="comment-area">댓글 0 로그인 후 댓글을 남길 수 있습니다.</div></article></main></div>
<footer>{_p(footer)}</footer></body></html>"""
        return page.encode(), "page.html", "text/html; charset=utf-8", others
    if layout == "euckr":
        lines = "<br><br>\n".join(e(x) for x in article.body + article.tail)
        page = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=euc-kr">
<title>{e(title + " - " if title else "")}{e(site)}</title></head><body>
<table width="980"><tr><td class="top_menu">{e(SECTIONS)}</td></tr>
<tr><td class="gu_menu">{e(" | ".join(g.name_ko for g in GU))}</td></tr>
<tr><td><table><tr><td class="news_title"><b>{e(title)}</b></td></tr>
<tr><td class="date">{_date_line(article)}<br><br>{"<br><br>".join("<br>".join(e(x) for x in g) for g in article.head)}</td></tr>
<tr><td class="txt">{lines}</td></tr></table></td>
<td class="right_box">많이 본 뉴스<br>{"<br>".join(e(x) for x in related)}</td></tr>
<tr><td class="copy">{"<br>".join(e(x) for x in footer)}</td></tr></table></body></html>"""
        raw = page.encode("cp949", errors="xmlcharrefreplace")
        return raw, "page.html", "text/html", others
    if layout == "amp":
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": title,
        }
        if article.published:
            ld["datePublished"] = _iso(article.published)
        ld["publisher"] = {"@type": "Organization", "name": site}
        page = f"""<!doctype html><html ⚡ lang="ko"><head><meta charset="utf-8">
<script async src="https://cdn.ampproject.org/v0.js"></script>
<title>{e(title + " : " if title else "")}{e(site)}</title>
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
<style amp-custom>body{{font-size:16px}}</style></head><body>
<amp-sidebar id="sidebar" layout="nodisplay" side="left"><ul>{_li(SECTIONS.split())}{_li([g.name_ko for g in GU])}</ul></amp-sidebar>
<header class="amp-header"><a href="/">{e(site)}</a></header>
<article class="amp-article">{f'<h1 class="amp-title">{e(title)}</h1>' if title else ""}
<div class="amp-byline">{_head_html(article.head)}</div><div class="amp-body">
<amp-img src="/photo/a.jpg" width="600" height="400" layout="responsive"></amp-img>
{_p(article.body)}{_p(article.tail)}</div></article>
<div class="amp-related"><h3>관련기사</h3><ul>{_li(related)}</ul></div>
<footer class="amp-footer">{_p(footer)}</footer></body></html>"""
        return page.encode(), "page.html", "text/html; charset=utf-8", others
    if layout == "nextjs":
        content = _head_html(article.head) + _p(article.body) + _p(article.tail)
        data = {
            "props": {
                "pageProps": {
                    "article": {
                        "id": 12345,
                        "title": title,
                        "content": content,
                        "publishedAt": _iso(article.published) or None,
                        "press": {"name": site},
                    },
                    "menu": {"districts": [g.name_ko for g in GU]},
                    "popular": [{"title": r, "publishedAt": r[-10:]} for r in related],
                }
            },
            "page": "/news/[id]",
        }
        page = f"""<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>{e(site)}</title></head>
<body><div id="__next"><nav class="menu">{_li(SECTIONS.split())}</nav>
<div class="loading">기사를 불러오는 중입니다</div></div>
<script id="__NEXT_DATA__" type="application/json">{json.dumps(data, ensure_ascii=False)}</script>
</body></html>"""
        return page.encode(), "page.html", "text/html; charset=utf-8", others
    raise ValueError(f"unknown layout {layout!r}")


def plain_docs(directory: Path, gold: list[dict]) -> list[Doc]:
    """The corpus files as they are, with their body bounds."""
    docs = []
    for item in gold:
        path = directory / item["file"]
        try:
            raw = path.read_bytes()
        except OSError:
            raw = b""  # read as a failed extraction, like an unreadable page
        text = raw.decode("utf-8", errors="replace")
        lines = text_lines(text, item["file"].endswith((".html", ".htm")))
        bounds = corpus_bounds(
            lines, item.get("title"), bool(item.get("text_complete"))
        )
        docs.append(Doc(item["file"], raw, path.name, item, bounds))
    return docs


def layout_docs(directory: Path, gold: list[dict], layout: str) -> list[Doc]:
    """Every corpus text whose body bounds are known, rendered in `layout`."""
    docs = []
    for item in gold:
        article = read_article(directory, item)
        if article is None:
            continue
        raw, file_name, content_type, _ = render(article, layout)
        # The district menu names all 25; a district the article does not name
        # itself can only be linked from the chrome.
        chrome = frozenset(g.name_en for g in GU if g.name_ko not in article.text)
        docs.append(
            Doc(
                name=item["file"],
                raw=raw,
                file_name=file_name,
                gold=item,
                bounds=article.bounds,
                content_type=content_type,
                chrome=chrome,
            )
        )
    return docs
