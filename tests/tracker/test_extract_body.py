"""The body: from the lead to the article's last sentence, in every page layout.

Menus, related headlines, best articles, stock trackers, adverts and footers stay
out; an article that lives only in a script's JSON is read from there. Pages are
written for these tests.
"""

import json

from tracker.reading.extract import extract

LEAD = "서울 성북구가 주민자치위원을 위한 인공지능 교실을 연다고 11일 밝혔다."
MIDDLE = "교실은 동마다 한 곳씩 열리고 실습 위주로 꾸린다."
LAST = '구 관계자는 "주민이 직접 써 보는 교육을 늘리겠다"고 말했다.'
BODY = [LEAD, MIDDLE, LAST]


def test_a_text_dump_keeps_only_the_article_between_menus_and_boxes():
    dump = "\n".join(
        [
            "하늘일보",
            "전체기사 정치 경제 사회 로그인 회원가입",
            "성북구, 주민자치위원 AI 교실 연다",
            "기사입력 2026-02-11 10:00",
            "※ 본문 글자 크기 조정",
            f"[서울=하늘일보] 최나래 기자 = {LEAD}",
            "▶ 하늘일보 뉴스레터 무료 구독하기",
            MIDDLE,
            LAST,
            "narae@haneul.example",
            "[하늘일보 베스트 기사]",
            "사진",
            "코스피 사상 최고치 마감 [서울=하늘일보] 이하늘 기자 = 코스피가 올랐다. 2026-01-27 16:02",
            "종목 추적기",
            "S&P 500 기업 중 기사 내용이 영향을 줄 종목 추적",
            "회사소개 | 광고문의 | 개인정보처리방침",
            "서울특별시 중구 세종대로 00 하늘빌딩 | 대표전화 02-000-0000",
        ]
    )
    item = extract(dump.encode())
    assert item.paragraphs == BODY
    assert (item.publisher, item.author) == ("하늘일보", "최나래")


def test_related_headlines_and_a_reporters_other_stories_end_the_body():
    text = "\n".join(
        [
            "성북구, AI 교실 연다",
            *BODY,
            "최나래 기자의 다른 기사",
            "강동구 스마트 쉼터 확대",
        ]
    )
    assert extract(text.encode()).paragraphs == BODY
    text = "\n".join(
        ["성북구, AI 교실 연다", *BODY, "관련기사", "도봉구 AI 지도 2024-03-11"]
    )
    assert extract(text.encode()).paragraphs == BODY


def test_a_disclaimer_note_and_a_site_slogan_are_not_the_last_sentence():
    text = "\n".join(
        [
            *BODY,
            "* 본 콘텐츠는 하늘일보의 의견과 다를 수 있으며, 기관이 제공한 자료입니다.",
        ]
    )
    assert extract(text.encode()).paragraphs == BODY
    text = "\n".join([*BODY, "박바다 기자", "기호일보 - 아침을 여는 신문, KIHOILBO"])
    assert extract(text.encode()).paragraphs == BODY


def test_a_full_page_with_an_unknown_container_is_read_by_its_running_text():
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>성북구, AI 교실 연다 - 누리신문</title></head><body>
<header><div class="logo">누리신문</div>
<div class="district-links"><ul><li>종로구</li><li>중구</li><li>용산구</li></ul></div></header>
<div id="wrap"><div class="sidebar-box"><h3>많이 본 뉴스</h3>
<ul><li>강남구 AI 안내 로봇 도입 2024-02-01</li></ul></div>
<main><article><h1>성북구, AI 교실 연다</h1><p class="info">입력 2026-02-11 10:00</p>
<div class="story"><p>{LEAD}</p><div class="ad-inline">광고</div><p>{MIDDLE}</p>
<p>{LAST}</p></div>
<div class="reporter-box"><h4>누리신문 기자의 다른 기사</h4>
<ul><li>송파구 스마트 쉼터 확대</li></ul></div></article></main></div>
<footer><p>서울특별시 송파구 올림픽로 300 | 등록번호 서울 아00000</p></footer>
</body></html>"""
    item = extract(page.encode())
    assert item.title == "성북구, AI 교실 연다"
    assert item.paragraphs == BODY
    for other in ("강남구", "송파구", "종로구"):
        assert other not in item.body


def test_an_euc_kr_table_page_split_by_br_is_read():
    page = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=euc-kr">
<title>성북구, AI 교실 연다 - 바른일보</title></head><body><table>
<tr><td class="top_menu">전체기사 정치 경제 사회 로그인</td></tr>
<tr><td class="news_title"><b>성북구, AI 교실 연다</b></td></tr>
<tr><td class="date">기사입력 2026/02/11 10:00</td></tr>
<tr><td class="txt">{LEAD}<br><br>{MIDDLE}<br><br>{LAST}<br><br>정다운 기자</td></tr>
<tr><td class="copy">Copyright ⓒ 바른일보</td></tr></table></body></html>"""
    item = extract(page.encode("cp949"))
    assert item.encoding == "cp949"
    assert item.title == "성북구, AI 교실 연다"
    assert item.paragraphs == BODY
    assert (item.author, item.publisher) == ("정다운", "바른일보")
    assert item.published_at.isoformat() == "2026-02-11T10:00:00+09:00"


def test_an_amp_page_reads_json_ld_and_skips_the_sidebar():
    ld = {
        "@type": "NewsArticle",
        "headline": "성북구, AI 교실 연다",
        "datePublished": "2026-02-11T10:00:00+09:00",
        "author": {"@type": "Person", "name": "한가을 기자"},
        "publisher": {"@type": "Organization", "name": "마루뉴스"},
    }
    page = f"""<!doctype html><html ⚡ lang="ko"><head><meta charset="utf-8">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
<title>성북구, AI 교실 연다 : 마루뉴스</title></head><body>
<amp-sidebar id="menu" layout="nodisplay"><ul><li>종로구</li><li>중구</li></ul></amp-sidebar>
<article><h1>성북구, AI 교실 연다</h1><div class="amp-body">
<amp-img src="/a.jpg" width="600" height="400"></amp-img>
<p>{LEAD}</p><p>{MIDDLE}</p><p>{LAST}</p></div></article></body></html>"""
    item = extract(page.encode())
    assert item.title == "성북구, AI 교실 연다"
    assert item.paragraphs == BODY
    assert (item.author, item.publisher) == ("한가을", "마루뉴스")
    assert item.date_source == "meta"


def test_an_article_only_in_next_data_is_read_from_the_payload():
    data = {
        "props": {
            "pageProps": {
                "article": {
                    "title": "성북구, AI 교실 연다",
                    "subTitle": "동마다 실습 교실",
                    "content": "".join(f"<p>{p}</p>" for p in BODY),
                    "publishedAt": "2026-02-11T10:00:00+09:00",
                    "reporter": {"name": "이하늘 기자"},
                    "press": {"name": "새벽신문"},
                },
                "popular": [
                    {"title": "강남구 스마트 쉼터 확대", "publishedAt": "2024-02-01"}
                ],
                "menu": ["종로구", "중구", "용산구", "성동구", "광진구"],
            }
        }
    }
    page = f"""<!DOCTYPE html><html><head><title>새벽신문</title></head><body>
<div id="__next"><div class="loading">불러오는 중</div></div>
<script id="__NEXT_DATA__" type="application/json">{json.dumps(data, ensure_ascii=False)}</script>
</body></html>"""
    item = extract(page.encode())
    assert item.title == "성북구, AI 교실 연다"
    assert item.subtitle == "동마다 실습 교실"
    assert item.paragraphs == BODY
    assert item.published_at.isoformat() == "2026-02-11T10:00:00+09:00"
    assert (item.author, item.publisher) == ("이하늘", "새벽신문")


def test_a_portal_fragment_reads_headline_date_body_and_stops_at_copyright():
    fragment = (
        "성북구, AI 교실 연다 입력 2026.02.11. 오후 1:05 목록 "
        "<div class='article_view'><section><p>6 hours ago 1</p>"
        f"<p>{LEAD}</p><p>{MIDDLE}</p><p>{LAST}</p><p>한가을 기자 fall@nuri.example</p>"
        "</section></div><p>Copyright © 누리신문. 무단전재 및 재배포 금지.</p> 관련자료 "
        "이전 강서구 AI 로봇 2024-03-01 다음 마포구 축제 2024-03-02 댓글 0"
    )
    item = extract(fragment.encode())
    assert item.title == "성북구, AI 교실 연다"
    assert item.subtitle == ""
    assert item.paragraphs == BODY
    assert item.published_at.isoformat() == "2026-02-11T13:05:00+09:00"
    assert (item.author, item.publisher) == ("한가을", "누리신문")


def test_a_cut_excerpt_that_is_one_long_line_is_still_the_body():
    line = " ".join(
        [LEAD, MIDDLE, "교실은 다음 달부터 열 곳에서 동시에 열리며 주민 누구나"]
    )
    text = f"하늘일보\n전체기사 정치 경제 사회 로그인\n\n{line}\n\n관련기사\n"
    item = extract(text.encode())
    assert item.paragraphs == [line]
