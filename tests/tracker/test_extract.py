"""Behaviour of extract() on small Korean pages written for these tests."""

from datetime import date

import pytest

from tracker.reading.bytes import check_text
from tracker.reading.extract import SEOUL, Extracted, ExtractionError, decode, extract


def seoul_day(item: Extracted) -> date | None:
    if item.published_at is None:
        return None
    return item.published_at.astimezone(SEOUL).date()


FRAGMENT = """<div class="news_view">
<p>서울 노원구가 인공지능 기반 주차 안내 서비스를 시작한다고 3일 밝혔다.</p>
<p>주민은 앱으로 빈 주차면을 확인할 수 있다.</p>
</div>"""


def test_fragment_gives_body_paragraphs_in_order():
    item = extract(FRAGMENT.encode())
    assert item.paragraphs == [
        "서울 노원구가 인공지능 기반 주차 안내 서비스를 시작한다고 3일 밝혔다.",
        "주민은 앱으로 빈 주차면을 확인할 수 있다.",
    ]
    assert item.body == "\n\n".join(item.paragraphs)
    assert item.encoding == "utf-8"
    assert item.published_at is None
    assert item.date_source == ""


FULL_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>마포구, AI 민원 상담 도입 | 하늘신문</title>
<meta property="og:title" content="마포구, AI 민원 상담 도입">
<meta property="og:site_name" content="하늘신문">
<meta property="article:published_time" content="2025-04-07T14:20:00+09:00">
<link rel="canonical" href="/news/view/777">
</head><body>
<div id="gnb"><ul><li>정치</li><li>사회</li><li>로그인</li></ul></div>
<h1 class="headline">마포구, AI 민원 상담 도입</h1>
<div class="info">입력 2025.04.07 14:20 | 박바다 기자</div>
<div id="article-view-content-div">
<p>서울 마포구가 구청 민원실에 인공지능 상담 창구를 연다고 7일 밝혔다.</p>
<figure><img src="/photo/202504/07/a.jpg" alt="상담 창구">
<figcaption>마포구청 민원실의 인공지능 상담 창구. 사진=마포구</figcaption></figure>
<p>상담 창구는 주말에도 운영한다.</p>
<p>박바다 기자 sea@sky.example</p>
</div>
<div class="related"><h3>관련기사</h3><ul>
<li>서대문구 스마트 쉼터 2023.02.01</li></ul></div>
<footer>Copyright © 하늘신문. All rights reserved.</footer>
</body></html>"""


def test_full_page_takes_meta_date_title_byline_and_canonical():
    item = extract(FULL_PAGE.encode(), url="https://www.sky.example/news/list")
    assert item.title == "마포구, AI 민원 상담 도입"
    assert item.published_at.isoformat() == "2025-04-07T14:20:00+09:00"
    assert item.date_source == "meta"
    assert item.publisher == "하늘신문"
    assert item.author == "박바다"
    assert item.author_email == "sea@sky.example"
    assert item.canonical_url == "https://www.sky.example/news/view/777"
    assert item.paragraphs == [
        "서울 마포구가 구청 민원실에 인공지능 상담 창구를 연다고 7일 밝혔다.",
        "상담 창구는 주말에도 운영한다.",
    ]
    assert item.captions == ["마포구청 민원실의 인공지능 상담 창구. 사진=마포구"]


def test_full_page_without_meta_date_uses_the_byline_marker():
    page = FULL_PAGE.replace(
        '<meta property="article:published_time" content="2025-04-07T14:20:00+09:00">',
        "",
    )
    item = extract(page.encode())
    assert item.published_at.isoformat() == "2025-04-07T14:20:00+09:00"
    assert item.date_source == "byline"


def test_unknown_full_page_falls_back_to_trafilatura_without_body_dates():
    page = """<html><head><title>도봉구 스마트 쉼터 확대 - 동네소식</title></head>
<body><div class="top">홈 로그인 회원가입</div>
<div class="story"><h1>도봉구 스마트 쉼터 확대</h1>
<p>도봉구가 버스정류장 열 곳에 스마트 쉼터를 새로 설치한다고 12일 밝혔다.
쉼터에는 냉난방기와 공기청정기가 들어간다.</p>
<p>구는 2024년 5월 1일 첫 쉼터를 연 뒤 이용 현황을 분석해 왔다.
2024년 기준 이용자는 하루 평균 200명이었다.</p>
<p>구 관계자는 "주민 의견을 들어 쉼터 위치를 정했다"고 말했다.</p></div>
</body></html>"""
    item = extract(page.encode())
    assert item.title == "도봉구 스마트 쉼터 확대"
    assert item.paragraphs[0].startswith("도봉구가 버스정류장")
    assert item.published_at is None


TEXT_DUMP = """전체기사 최신뉴스 로그인
사회 서울시

성동구, 'AI 안전 지도' 공개…골목길 위험 한눈에

기사입력 : 2025년 09월 02일 10:15

※ 본문 글자 크기 조정
  • 작게
  • 크게

야간 보행 안전에 초점

[서울=가람뉴스] 최나래 기자 = 서울 성동구가 인공지능으로 골목길 위험도를 분석한 'AI 안전 지도'를 공개했다고 2일 밝혔다.

지도는 가로등 밝기와 신고 기록을 함께 보여 준다.

정원오 구청장이 안전 지도를 설명하고 있다. [사진=성동구]

구는 연말까지 모든 동으로 지도를 넓힐 계획이다.

narae@garam.example

Copyright ⓒ 가람뉴스. 무단전재 및 재배포 금지.
[가람뉴스 베스트 기사]
코스피 급등 마감 2025-09-01 15:30
댓글 0
"""


def test_text_dump_dateline_byline_and_end_markers():
    item = extract(TEXT_DUMP.encode(), file_name="page.txt")
    assert item.title == "성동구, 'AI 안전 지도' 공개…골목길 위험 한눈에"
    assert item.subtitle == "야간 보행 안전에 초점"
    assert item.publisher == "가람뉴스"
    assert item.author == "최나래"
    assert item.author_email == "narae@garam.example"
    assert item.published_at.isoformat() == "2025-09-02T10:15:00+09:00"
    assert item.date_source == "byline"
    # The body starts at the lead: neither the sub-heading nor the dateline.
    assert item.paragraphs == [
        "서울 성동구가 인공지능으로 골목길 위험도를 분석한 'AI 안전 지도'를 "
        "공개했다고 2일 밝혔다.",
        "지도는 가로등 밝기와 신고 기록을 함께 보여 준다.",
        "구는 연말까지 모든 동으로 지도를 넓힐 계획이다.",
    ]
    assert item.captions == ["정원오 구청장이 안전 지도를 설명하고 있다. [사진=성동구]"]
    for boiler in ("코스피", "글자 크기", "Copyright", "댓글", "베스트"):
        assert boiler not in item.body


def test_empty_date_markers_and_boilerplate_dates_leave_the_date_empty():
    dump = TEXT_DUMP.replace("2025년 09월 02일 10:15", "").replace(
        "[가람뉴스 베스트 기사]", "[가람뉴스 베스트 기사]\n입력 2025-08-30 09:00"
    )
    item = extract(dump.encode())
    assert item.published_at is None
    assert item.date_source == ""


def test_dates_only_in_a_related_articles_box_are_not_used():
    page = """<div class="article_body">
<p>서울 은평구가 인공지능 독서 도우미를 도서관 다섯 곳에 둔다고 밝혔다.</p>
<p>도우미는 책을 추천하고 대출 기록을 알려 준다.</p>
</div>
<p>관련기사</p>
<ul><li>등록 2024.03.11 구로구 AI 행정 공모전</li>
<li>2024-02-20 10:00 강북구 축제 개막</li></ul>"""
    item = extract(page.encode())
    assert item.published_at is None
    assert "구로구" not in item.body

    text = (
        "은평구, 도서관에 AI 독서 도우미\n"
        "서울 은평구가 인공지능 독서 도우미를 도서관 다섯 곳에 둔다고 밝혔다.\n"
        "관련기사\n"
        "등록 2024.03.11 구로구 AI 행정 공모전\n"
        "입력 2024-02-20 10:00\n"
    )
    item = extract(text.encode())
    assert item.title == "은평구, 도서관에 AI 독서 도우미"
    assert item.published_at is None


def test_year_less_marker_takes_the_year_from_an_image_path():
    page = """광진구, AI 돌봄 전화 확대 작성일 10-26 7 목록
<div class="article_view"><section>
<figure><p><img src="https://img.example/news/202510/26/abc/20251026093000.jpg"></p>
<figcaption>돌봄 전화를 받는 어르신. 사진=광진구</figcaption></figure>
<p>서울 광진구가 인공지능 돌봄 전화 대상을 500명으로 늘린다고 밝혔다.</p>
<p>2024년 기준 이용자는 300명이었다.</p>
<p>한가을 기자 autumn@example.com</p>
</section></div>
<p>Copyright © 누리신문. 무단전재 및 재배포 금지.</p>
관련자료 이전 다른 이야기 10-25 다음 또 다른 이야기 10-27"""
    item = extract(page.encode())
    assert item.title == "광진구, AI 돌봄 전화 확대"
    assert seoul_day(item) == date(2025, 10, 26)
    assert item.date_source == "byline"
    assert item.publisher == "누리신문"
    assert item.author == "한가을"
    assert item.author_email == "autumn@example.com"
    assert item.captions == ["돌봄 전화를 받는 어르신. 사진=광진구"]
    assert item.paragraphs == [
        "서울 광진구가 인공지능 돌봄 전화 대상을 500명으로 늘린다고 밝혔다.",
        "2024년 기준 이용자는 300명이었다.",
    ]


def test_year_less_marker_without_a_year_source_stays_empty():
    text = (
        "광진구, AI 돌봄 전화 확대\n"
        "작성일 10-26\n"
        "서울 광진구가 인공지능 돌봄 전화 대상을 500명으로 늘린다고 밝혔다.\n"
    )
    assert extract(text.encode()).published_at is None
    # ... but a URL carrying the same month and day gives the year.
    item = extract(text.encode(), url="https://news.example/2025/10/26/care")
    assert seoul_day(item) == date(2025, 10, 26)
    assert item.date_source == "byline"


def test_figures_in_the_text_are_not_publication_dates():
    text = (
        "서울 송파구가 2024년 기준 인공지능 교육 수강생이 1만 명을 넘었다고 밝혔다.\n"
        "구는 2023년 3월 15일 첫 강좌를 열었다.\n"
    )
    item = extract(text.encode())
    assert item.published_at is None
    assert item.date_source == ""


def test_url_date_is_used_when_the_page_has_none():
    text = "서울 송파구가 인공지능 교육 과정을 새로 연다고 밝혔다.\n"
    item = extract(text.encode(), url="https://news.example/article/20250311123456")
    assert seoul_day(item) == date(2025, 3, 11)
    assert item.date_source == "url"


def test_euc_kr_bytes_with_rare_syllables_decode_as_cp949():
    article = (
        "<html><head><meta charset='euc-kr'></head><body>"
        "<p>똠방각하 뷁 축제가 금천구에서 열린다고 구가 밝혔다. 축제는 이틀 동안 열린다.</p>"
        "</body></html>"
    )
    raw = article.encode("cp949")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("euc_kr")  # why we never use Python's euc_kr
    item = extract(raw)
    assert item.encoding == "cp949"
    assert "똠방각하 뷁 축제" in item.body

    text, used = decode(raw, "text/html; charset=ks_c_5601-1987")
    assert used == "cp949"
    assert "똠방각하" in text
    # No label at all, and a wrong Western label, still give Korean text.
    assert decode("뷁 똠".encode("cp949")) == ("뷁 똠", "cp949")
    assert decode("뷁 똠".encode("cp949"), "iso-8859-1") == ("뷁 똠", "cp949")
    assert decode("\ufeff강서구".encode()) == ("강서구", "utf-8")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "비어"),
        (b"  \n\t ", "비어"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        ("강서구\x00\x00뉴스".encode(), "NUL"),
        (bytes(range(1, 9)) * 50, "binary"),
        (b"<html><body><div class='menu'>home</div></body></html>", "no article"),
    ],
)
def test_bad_input_raises_with_a_reason(raw, reason):
    with pytest.raises(ExtractionError) as caught:
        extract(raw)
    assert reason in str(caught.value)


def test_stray_control_characters_read_as_spaces_and_many_refuse_the_text():
    line = "서울 강서구가 인공지능 행정을 넓힌다고 밝혔다. " * 10
    # Tabs and line breaks stay; form and line feeds, DEL and C1 controls are spaces.
    text = line + "\t\n\r\f\v\x7f\x85" + line
    assert check_text(text, "") == line + "\t\n\r    " + line
    # A few controls in a long text are blanked; a text that is 1 % controls is not one.
    assert check_text(line * 2 + "\x01\x02\x03", "") == line * 2 + "   "
    with pytest.raises(ExtractionError, match="제어 문자") as caught:
        check_text("강서구" + "\x01" * 3, "a.txt")
    assert str(caught.value).startswith("a.txt: ")


def test_input_over_the_size_limit_is_refused():
    raw = ("서울 강남구가 인공지능 행정을 넓힌다고 밝혔다.\n" * 100).encode()
    with pytest.raises(ExtractionError, match="너무 큽니다"):
        extract(raw, max_bytes=1000)
    assert extract(raw, max_bytes=len(raw)).paragraphs


def test_malformed_html_does_not_crash():
    raw = (
        "<div><p>서울 관악구가 인공지능 순찰 로봇을 시범 운영한다고 밝혔다.<b>로봇은"
        "</div></p></table><p>밤에도 공원을 돈다.<<<>>"
    ).encode()
    item = extract(raw)
    assert item.paragraphs[0].startswith("서울 관악구가 인공지능 순찰 로봇")
    assert "밤에도 공원을 돈다" in item.body


def test_caption_lines_in_a_text_dump_are_kept_apart():
    text = (
        "▲ 영등포구청 전경. (사진=영등포구 제공)\n"
        "[누리일보 / 김하나 기자] 서울 영등포구가 AI 스피커 300대를 보급한다고 밝혔다.\n"
        "스피커는 어르신의 말벗이 된다.\n"
        "김하나 기자\n"
    )
    item = extract(text.encode())
    assert item.captions == ["▲ 영등포구청 전경. (사진=영등포구 제공)"]
    assert item.paragraphs == [
        "서울 영등포구가 AI 스피커 300대를 보급한다고 밝혔다.",
        "스피커는 어르신의 말벗이 된다.",
    ]
    assert (item.publisher, item.author) == ("누리일보", "김하나")


def test_headline_before_an_agency_credit_becomes_the_title():
    text = (
        "서울 중구가 인공지능 관광 안내 로봇을 명동에 둔다고 5일 밝혔다.\n"
        "로봇은 네 개 언어로 길을 안내한다.\n"
        '중구, 명동에 AI 안내 로봇…"네 개 언어로 길 안내"\n'
        "/연합통신\n"
    )
    item = extract(text.encode())
    assert item.title == '중구, 명동에 AI 안내 로봇…"네 개 언어로 길 안내"'
    assert item.publisher == "연합통신"
    assert len(item.paragraphs) == 2


def test_page_render_dates_and_update_stamps_are_ignored():
    text = (
        "로그인 회원가입 모바일웹 UPDATED. 2026-01-05 16:39 (월)\n"
        "2026.01.30 (금)\n"
        "동작구, AI 재난 알림 시범 운영\n"
        "  • 이하늘 기자\n"
        "  • 승인 2019.07.01 09:10\n"
        "서울 동작구가 인공지능 재난 알림을 시범 운영한다고 1일 밝혔다.\n"
    )
    item = extract(text.encode())
    assert item.title == "동작구, AI 재난 알림 시범 운영"
    assert item.published_at.isoformat() == "2019-07-01T09:10:00+09:00"
    assert item.author == "이하늘"


def test_agency_dateline_and_end_of_wire_copy():
    text = (
        "양천구, AI 안내 로봇 도입\n"
        "기사입력 2024-05-01 10:00 | 최종수정 2024-05-02 11:00\n"
        "(서울=가온통신) 홍길동 기자 = 서울 양천구가 AI 안내 로봇을 도입한다고 "
        "1일 밝혔다.\n"
        "로봇은 민원실에 배치된다.\n"
        "gildong@gaon.example\n"
        "(끝)\n"
        "<저작권자(c) 가온통신, 무단 전재-재배포 금지>\n"
        "2024.04.30 09:00 다른 기사 요약\n"
    )
    item = extract(text.encode())
    assert item.published_at.isoformat() == "2024-05-01T10:00:00+09:00"
    assert (item.publisher, item.author) == ("가온통신", "홍길동")
    assert item.author_email == "gildong@gaon.example"
    assert item.paragraphs == [
        "서울 양천구가 AI 안내 로봇을 도입한다고 1일 밝혔다.",
        "로봇은 민원실에 배치된다.",
    ]


def test_logo_heading_is_not_the_title_and_the_body_starts_after_the_byline():
    page = """<html><head>
<meta property="og:title" content="서초구, AI 민원 로봇 - 바른일보">
<meta property="og:site_name" content="바른일보"></head><body>
<h1 class="logo">바른일보 뉴스센터 홈페이지</h1>
<h1>서초구, AI 민원 로봇</h1>
<div itemprop="articleBody">
<strong>민원실 세 곳에 배치</strong>
<div>입력 2025.02.03 11:00</div>
<p>서초구가 AI 민원 로봇을 둔다</p>
<p>로봇은 서류 발급을 돕는다. 구는 연말까지 운영한다.</p>
<p>정다운 기자</p>
</div></body></html>"""
    item = extract(page.encode())
    assert item.title == "서초구, AI 민원 로봇"
    assert item.subtitle == "민원실 세 곳에 배치"
    assert item.published_at.isoformat() == "2025-02-03T11:00:00+09:00"
    assert item.date_source == "byline"
    assert (item.publisher, item.author) == ("바른일보", "정다운")
    assert item.paragraphs == [
        "서초구가 AI 민원 로봇을 둔다",
        "로봇은 서류 발급을 돕는다. 구는 연말까지 운영한다.",
    ]
