"""Publisher and author: datelines, copyright lines, site names, e-mail domains, the table.

Reporters and fictional outlets are made up; the outlets table's real outlets are
named only where a test checks the table itself.
"""

import pytest

from tracker.reading.bylines import clean_author, copyright_name, dateline
from tracker.reading.extract import extract
from tracker.reading.outlets import by_domain, by_email, by_name, choose_publisher

LEAD = "서울 도봉구가 인공지능 굴다리 안전 알림을 두 곳에 더 설치한다고 밝혔다."


def text(*lines: str) -> bytes:
    return "\n".join(["도봉구, AI 굴다리 알림 확대", *lines]).encode()


@pytest.mark.parametrize(
    ("line", "publisher", "author"),
    [
        (f"[서울=가람뉴스] 최나래 기자 = {LEAD}", "가람뉴스", "최나래"),
        (f"(서울=가온통신) 홍길동 기자 = {LEAD}", "가온통신", "홍길동"),
        (f"[하늘경제=박바다 선임기자]{LEAD}", "하늘경제", "박바다"),
        (f"[바른일보 / 정다운 기자] {LEAD}", "바른일보", "정다운"),
        (f"[누리타임즈ㅣ한가을 기자] {LEAD}", "누리타임즈", "한가을"),
        (f"[새벽신문 이하늘 기자] {LEAD}", "새벽신문", "이하늘"),
        (f"[마루뉴스] {LEAD}", "마루뉴스", ""),
    ],
)
def test_datelines_name_publisher_and_author(line, publisher, author):
    item = extract(text(line, "알림은 차량 높이를 보여 준다."))
    assert (item.publisher, item.author) == (publisher, author)
    assert item.paragraphs[0] == LEAD


def test_a_bracketed_tag_before_a_headline_is_not_a_dateline():
    assert dateline("[동네소식]도봉구 굴다리에 AI 알림") is None
    assert dateline("[단독] 도봉구 굴다리에 AI 알림") is None
    assert dateline("(사진=도봉구 제공)") is None


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Copyright © 하늘일보. 무단전재 및 재배포 금지.", "하늘일보"),
        ("Copyright ⓒ 가람뉴스. All rights reserved.", "가람뉴스"),
        ("저작권자 © 누리신문 무단전재 및 재배포 금지", "누리신문"),
        (
            "저작권자 © 바른일보 - 바른 소식을 여는 신문 무단전재 및 재배포 금지",
            "바른일보",
        ),
        ("<저작권자(c) 가온통신, 무단 전재-재배포 금지>", "가온통신"),
        ("Copyright © 2025 마루뉴스 All rights reserved.", "마루뉴스"),
    ],
)
def test_copyright_lines_name_the_publisher(line, name):
    assert copyright_name(line) == name
    item = extract(text(LEAD, "박바다 기자", line))
    assert item.publisher == name
    assert "Copyright" not in item.body and "저작권자" not in item.body


def test_site_name_meta_names_the_publisher_but_a_portal_never_does():
    body = f"<div class='article_body'><p>{LEAD}</p></div>"
    site = '<meta property="og:site_name" content="하늘일보">'
    page = f"<html><head>{site}</head><body>{body}</body></html>"
    assert extract(page.encode()).publisher == "하늘일보"
    portal = '<meta property="og:site_name" content="다음뉴스">'
    page = f"<html><head>{portal}</head><body>{body}</body></html>"
    assert extract(page.encode()).publisher == ""


def test_the_reporters_email_domain_names_a_known_outlet():
    item = extract(text(LEAD, "박바다 기자 sea@newsis.com"))
    assert item.publisher == "뉴시스"
    assert item.author == "박바다"
    assert item.author_email == "sea@newsis.com"
    free = extract(text(LEAD, "박바다 기자 sea@naver.com"))
    assert free.publisher == ""


def test_the_fetch_url_names_the_outlet_unless_it_is_a_portal():
    raw = text(LEAD)
    assert extract(raw, url="https://www.yna.co.kr/view/AKR1").publisher == "연합뉴스"
    assert extract(raw, url="https://v.daum.net/v/2025").publisher == ""


def test_a_masthead_line_of_a_known_outlet_names_the_publisher():
    item = extract(("세계일보\n검색\n" + text(LEAD).decode()).encode())
    assert item.publisher == "세계일보"


def test_the_outlets_table_knows_names_domains_and_aliases():
    assert by_name("Newspim").name_ko == "뉴스핌"
    assert by_name("NEWSIS.COM").name_ko == "뉴시스"
    assert by_domain("m.news1.kr").name_ko == "뉴스1"
    assert by_domain("seoul.hani.co.kr").name_ko == "서울&"
    assert by_email("reporter@heraldcorp.com").name_ko == "헤럴드경제"
    assert by_email("reporter@gmail.com") is None
    assert by_name("다음뉴스").is_portal


def test_choose_publisher_takes_the_strongest_signal_and_skips_portals():
    signals = [("name", "다음뉴스"), ("name", "가람뉴스"), ("email", "a@newsis.com")]
    assert choose_publisher(signals) == "가람뉴스"
    assert choose_publisher([("name", "etnews")]) == "전자신문"
    assert choose_publisher([("host", "v.daum.net"), ("email", "a@yna.co.kr")]) == (
        "연합뉴스"
    )


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("홍길동 기자", "홍길동"),
        ("홍길동기자", "홍길동"),
        ("홍길동 선임기자 hong@sky.example", "홍길동"),
        ("홍길동", "홍길동"),
        ("하늘일보", ""),
        ("https://sky.example/reporter/1", ""),
    ],
)
def test_an_author_is_the_name_without_the_reporter_title(value, name):
    assert clean_author(value) == name


def test_byline_forms_under_the_headline_and_at_the_end():
    cases = {
        "박아람 기자|2024/04/21 11:02": "박아람",
        "- 이비슬 기자": "이비슬",
        "2025-06-10     박상민 기자": "박상민",
        "  • 김영관 기자": "김영관",
    }
    for line, name in cases.items():
        assert extract(text(line, LEAD)).author == name, line
    signed = extract(text(LEAD, "구는 하반기에 두 곳을 더 늘린다고 말했다. 주하연기자"))
    assert signed.author == "주하연"
    assert signed.paragraphs[-1].endswith("말했다.")


def test_meta_author_is_read_without_the_suffix():
    page = (
        '<html><head><meta name="author" content="정다운 기자"></head><body>'
        f"<div class='article_body'><p>{LEAD}</p></div></body></html>"
    )
    assert extract(page.encode()).author == "정다운"


def test_a_copyright_line_in_the_page_footer_names_the_publisher():
    page = f"""<html><head><title>도봉구, AI 굴다리 알림 확대 | 한울뉴스</title></head><body>
<div class="news-article-body"><p>{LEAD}</p><p>박바다 기자</p></div>
<div class="footer-info">서울특별시 영등포구 국회대로 00<br>Copyright © 한울뉴스 All Rights Reserved.</div>
</body></html>"""
    item = extract(page.encode())
    assert item.publisher == "한울뉴스"
    assert "국회대로" not in item.body


def test_a_lead_opened_by_its_reporter_without_brackets_gives_the_author():
    item = extract(f"박바다 기자 = {LEAD}\n알림은 밤에도 켜진다.\n".encode())
    assert item.author == "박바다"
    assert item.paragraphs[0] == LEAD


def test_a_portal_page_names_its_press_in_article_media_name():
    page = f"""<html><head><title>도봉구, AI 굴다리 알림 확대 | Daum 뉴스</title>
<meta property="og:site_name" content="Daum 뉴스">
<meta name="article:media_name" content="누리타임즈"></head><body>
<h3 class="tit_view">도봉구, AI 굴다리 알림 확대</h3>
<div class="article_view"><p>{LEAD}</p></div></body></html>"""
    item = extract(page.encode())
    assert item.title == "도봉구, AI 굴다리 알림 확대"
    assert item.publisher == "누리타임즈"


def test_co_authors_sharing_one_title_give_the_first_as_author():
    item = extract(text("김하늘·박바다 기자", LEAD))
    assert item.author == "김하늘"
    item = extract(text(f"[서울=가람뉴스] 김하늘·박바다 기자 = {LEAD}"))
    assert (item.author, item.publisher) == ("김하늘", "가람뉴스")


def test_an_outlet_written_before_the_reporter_names_the_publisher():
    item = extract(
        text("  • 하늘동네신문사 김애진 기자", "  • 승인 2023.09.15 13:30", LEAD)
    )
    assert (item.publisher, item.author) == ("하늘동네신문사", "김애진")


def test_a_dateline_on_a_photo_caption_is_the_last_resort_for_the_publisher():
    caption = "[서울=가람뉴스]굴다리에 설치된 AI 알림판.(제공=도봉구)"
    item = extract(text(caption, LEAD))
    assert item.publisher == "가람뉴스"
    assert item.captions == [caption]
    signed = extract(
        text(caption, LEAD, "Copyright © 하늘일보. 무단전재 및 재배포 금지.")
    )
    assert signed.publisher == "하늘일보"
