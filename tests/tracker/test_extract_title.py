"""The headline: never a menu, section, widget or other story; empty when the page has none.

Every page here is written for these tests (fictional outlets, districts' news
made up).
"""

import pytest

from tracker.reading.extract import extract
from tracker.reading.lines import is_navigation
from tracker.reading.title import strip_site_suffix

DISTRICT_MENU = (
    "자치구 소식: 종로구 중구 용산구 성동구 광진구 동대문구 중랑구 성북구 강북구 "
    "도봉구 노원구 은평구 서대문구 마포구 양천구 강서구 구로구 금천구 영등포구 "
    "동작구 관악구 서초구 강남구 송파구 강동구"
)
LEAD = "서울 광진구가 어르신 인공지능 말벗 서비스를 넓힌다고 7일 밝혔다."


@pytest.mark.parametrize(
    "line",
    [
        DISTRICT_MENU,
        "전체기사 정치 경제 사회 전국 오피니언 포토",
        "홈 > 사회 > 자치구",
        "종로구 | 중구 | 용산구 | 성동구 | 광진구",
    ],
)
def test_menus_and_district_lists_without_a_predicate_are_navigation(line):
    assert is_navigation(line) or extract(f"{line}\n{LEAD}\n".encode()).title == ""


@pytest.mark.parametrize(
    "line",
    [
        "강남구·서초구·송파구·강동구, AI 돌봄 협의체 출범",
        "종로구 중구 용산구 성동구 주민들 AI 교육 받았다",
    ],
)
def test_a_headline_naming_districts_with_a_predicate_is_not_navigation(line):
    assert not is_navigation(line)


def test_a_dump_whose_menu_lists_the_districts_takes_the_headline_after_it():
    text = (
        "하늘일보\n전체기사 정치 경제 사회 로그인 회원가입\n"
        f"{DISTRICT_MENU}\n\n"
        "광진구, AI 말벗 서비스 확대\n입력 2025-04-07 09:00\n"
        f"{LEAD}\n대상은 500명이다.\n"
    )
    item = extract(text.encode())
    assert item.title == "광진구, AI 말벗 서비스 확대"
    assert "종로구" not in item.body


def test_no_headline_in_the_text_gives_an_empty_title():
    text = f"하늘일보\n{DISTRICT_MENU}\n사회 > 자치구\n\n{LEAD}\n대상은 500명이다.\n"
    assert extract(text.encode()).title == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("광진구, AI 말벗 확대 | 다음뉴스", "광진구, AI 말벗 확대"),
        ("광진구, AI 말벗 확대 - 네이버 뉴스", "광진구, AI 말벗 확대"),
        ("| 다음뉴스", ""),
        ("다음뉴스", ""),
        ("광진구, AI 말벗 확대 < 자치 < 기사본문 - 하늘일보", "광진구, AI 말벗 확대"),
    ],
)
def test_site_suffixes_are_cut_and_a_bare_site_name_is_no_title(raw, expected):
    assert strip_site_suffix(raw, ("하늘일보",)) == expected


def test_a_portal_page_with_an_empty_headline_has_an_empty_title():
    page = (
        "<html><head><title>| 다음뉴스</title></head><body>"
        f"<div class='article_view'><p>{LEAD}</p><p>대상은 500명이다.</p></div>"
        "</body></html>"
    )
    assert extract(page.encode()).title == ""


def test_candidates_are_weighed_and_a_logo_or_section_heading_loses():
    page = f"""<html><head><title>하늘일보</title>
<meta property="og:title" content="광진구, AI 말벗 서비스 확대 - 하늘일보">
<meta property="og:site_name" content="하늘일보"></head><body>
<h1 class="logo">하늘일보 인터넷 신문</h1>
<h2 class="section-title">자치구 뉴스 모음</h2>
<h2 class="art_title">광진구, AI 말벗 서비스 확대</h2>
<div class="article_body"><p>{LEAD}</p><p>대상은 500명이다.</p></div>
</body></html>"""
    item = extract(page.encode())
    assert item.title == "광진구, AI 말벗 서비스 확대"


def test_stacked_deck_lines_without_a_byline_are_a_deck_not_a_title():
    text = (
        f"말벗 로봇 500대로 늘려\n동마다 돌봄 매니저 배치\n{LEAD}\n대상은 500명이다.\n"
    )
    item = extract(text.encode())
    assert item.title == ""
    assert item.subtitle == "말벗 로봇 500대로 늘려\n동마다 돌봄 매니저 배치"


def test_a_headline_with_a_series_tag_heads_its_deck():
    text = f"말벗에 안부 전화까지…AI 돌봄 각양각색[구청25]\n광진·성동구, 로봇 보급\n{LEAD}\n"
    item = extract(text.encode())
    assert item.title == "말벗에 안부 전화까지…AI 돌봄 각양각색[구청25]"
    assert item.subtitle == "광진·성동구, 로봇 보급"


def test_headline_then_blank_line_then_deck_keeps_the_headline():
    text = (
        "광진구, AI 말벗 서비스 확대\n\n말벗 로봇 500대로 늘려\n동마다 돌봄 매니저 배치\n\n"
        f"{LEAD}\n"
    )
    item = extract(text.encode())
    assert item.title == "광진구, AI 말벗 서비스 확대"
    assert item.subtitle == "말벗 로봇 500대로 늘려\n동마다 돌봄 매니저 배치"


def test_a_line_of_several_decks_run_together_is_not_a_headline():
    run_together = (
        "말벗 로봇 500대로 늘려…동마다 돌봄 매니저 배치 안부 전화, 복약 알림, "
        "낙상 감지, 병원 동행, 식사 배달 등 여섯 가지 서비스 제공"
    )
    item = extract(f"{run_together}\n\n{LEAD}\n".encode())
    assert item.title == ""
    assert item.subtitle == run_together


def test_headlines_of_a_most_read_box_above_the_article_are_not_the_title():
    text = (
        "하늘일보\n많이 본 뉴스\n1 서초구 스마트 쉼터 30곳 추가\n2 도봉구 AI 안전 지도 공개\n"
        "사회 > 자치구\n광진구, AI 말벗 서비스 확대\n- 최나래 기자\n"
        f"{LEAD}\n"
    )
    item = extract(text.encode())
    assert item.title == "광진구, AI 말벗 서비스 확대"
    assert item.author == "최나래"


def test_toolbars_and_list_buttons_never_reach_title_or_deck():
    text = (
        "광진구, AI 말벗 서비스 확대 목록\n"
        "인쇄 메일 글씨 크기 선택 가장 작은 크기 글자 기본 크기 글자 가장 큰 크기 글자\n"
        "정원오 광진구청장\n"
        f"{LEAD}\n"
    )
    item = extract(text.encode())
    assert item.title == "광진구, AI 말벗 서비스 확대"
    assert item.subtitle == ""


@pytest.mark.parametrize(
    "line",
    ["서울시 AI 행정 정책 발표", "모바일 신분증 발급 시작", "AI 검색 서비스 도입"],
)
def test_a_headline_made_of_common_menu_words_is_still_a_headline(line):
    assert not is_navigation(line)
    assert extract(f"{line}\n{LEAD}\n".encode()).title == line
