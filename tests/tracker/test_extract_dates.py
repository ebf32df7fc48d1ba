"""Publication dates: every marker form, meta data, the URL, and the dates never taken.

Pages and sentences here are written for these tests (fictional outlets and people).
"""

from datetime import date, datetime

import pytest

from tracker.reading.dates import SEOUL, marker_date
from tracker.reading.extract import extract

LEAD = "서울 은평구가 인공지능 민원 안내 서비스를 시작한다고 밝혔다."


def day(item) -> date | None:
    return item.published_at.astimezone(SEOUL).date() if item.published_at else None


def page(*header: str, after: str = "") -> bytes:
    lines = ["은평구, AI 민원 안내 시작", *header, LEAD, "안내는 밤에도 이어진다."]
    return ("\n".join(lines) + "\n" + after).encode()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2025-10-13 13:05:02 게재", date(2025, 10, 13)),
        ("배포일 2025-07-17", date(2025, 7, 17)),
        ("승인 : 2025. 12. 15. 10:39", date(2025, 12, 15)),
        ("Posted on 2022. 09. 07.", date(2022, 9, 7)),
        ("기사입력 2024/05/01 09:00", date(2024, 5, 1)),
        ("기사등록 2025/06/30 13:39:55", date(2025, 6, 30)),
        ("입력 2025.10.26. 오후 1:05", date(2025, 10, 26)),
        ("작성일 2023년 3월 2일(목) 오전 9시 30분", date(2023, 3, 2)),
        ("발행일 2021.01.15", date(2021, 1, 15)),
        ("송고시간 2024-02-20 10:00", date(2024, 2, 20)),
        ("등록 2019.07.01 09:10", date(2019, 7, 1)),
        ("Published September 7, 2022", date(2022, 9, 7)),
        ("입력 25.03.04 09:00", date(2025, 3, 4)),
    ],
)
def test_every_marker_form_gives_the_date(line, expected):
    item = extract(page(line))
    assert day(item) == expected
    assert item.date_source == "byline"
    assert item.title == "은평구, AI 민원 안내 시작"


def test_a_date_at_the_start_of_a_deck_line_is_read_and_the_deck_kept():
    item = extract(page("date 2026-02-03 구청 민원실에 상담 로봇 두 대 배치"))
    assert day(item) == date(2026, 2, 3)
    assert item.subtitle == "구청 민원실에 상담 로봇 두 대 배치"


def test_the_lead_after_a_date_marker_on_the_same_line_starts_the_body():
    text = (
        " date 2026-02-11 서울 노원구가 주민 인공지능 교실을 연다.\n"
        "교실은 동마다 한 곳씩 열린다.\n"
    )
    item = extract(text.encode())
    assert day(item) == date(2026, 2, 11)
    assert item.paragraphs[0] == "서울 노원구가 주민 인공지능 교실을 연다."


def test_published_is_preferred_over_updated_in_either_order():
    first = extract(page("최종수정 2025-03-09 10:00 | 입력 2025-03-08 09:00"))
    assert day(first) == date(2025, 3, 8)
    second = extract(page("입력 2025-03-08 09:00 | 수정 2025-03-09 10:00"))
    assert day(second) == date(2025, 3, 8)


def test_an_update_stamp_alone_is_the_last_resort():
    item = extract(page("최종수정 2025-03-09 10:00"))
    assert day(item) == date(2025, 3, 9)


def test_render_dates_weather_and_page_stamps_above_the_headline_are_never_taken():
    text = (
        "UPDATED. 2026-01-05 16:39 (월)\n"
        "2026.01.30 (금)\n"
        "맑음서울 -8.9℃\n"
        "구름조금부산 -1.1℃\n"
        "은평구, AI 민원 안내 시작\n"
        f"{LEAD}\n"
    )
    item = extract(text.encode())
    assert item.published_at is None
    assert item.title == "은평구, AI 민원 안내 시작"


def test_dates_of_other_stories_after_the_article_are_never_taken():
    after = "관련기사\n서초구 스마트 쉼터 확대 2023-02-01\n입력 2024-02-20 10:00\n"
    item = extract(page(after=after))
    assert item.published_at is None


def test_an_unmarked_date_between_headline_and_lead_is_the_articles():
    item = extract(page("2024.11.03 14:20"))
    assert day(item) == date(2024, 11, 3)


def test_a_relative_stamp_counts_only_against_a_known_fetch_time():
    raw = page("6시간 전")
    assert extract(raw).published_at is None
    fetched = datetime(2025, 4, 2, 3, 0, tzinfo=SEOUL)
    assert day(extract(raw, fetched_at=fetched)) == date(2025, 4, 1)
    english = page("6 hours ago 1")
    item = extract(english)
    assert item.published_at is None
    assert item.subtitle == ""  # the widget is neither a date nor a deck


def test_meta_json_ld_time_and_url_dates_in_their_order():
    body = (
        f"<div class='article_body'><p>{LEAD}</p><p>안내는 밤에도 이어진다.</p></div>"
    )
    meta = (
        '<html><head><meta property="article:published_time" '
        'content="2025-04-07T14:20:00+09:00"></head><body>' + body + "</body></html>"
    )
    item = extract(meta.encode())
    assert (day(item), item.date_source) == (date(2025, 4, 7), "meta")

    ld = (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2024-12-09T08:00:00+09:00", "dateModified": '
        '"2024-12-10T08:00:00+09:00"}</script></head><body>' + body + "</body></html>"
    )
    assert day(extract(ld.encode())) == date(2024, 12, 9)

    timed = (
        "<html><body><time datetime='2023-05-12T10:00:00+09:00'>5월 12일</time>"
        + body
        + "</body></html>"
    )
    assert day(extract(timed.encode())) == date(2023, 5, 12)

    plain = f"<html><body>{body}</body></html>".encode()
    item = extract(plain, url="https://news.example/2022/03/15/ai")
    assert (day(item), item.date_source) == (date(2022, 3, 15), "url")


def test_a_marker_inside_a_word_or_a_sentence_is_not_a_date():
    assert marker_date("주민등록번호 2025-01-01 발급") is None
    assert marker_date("신청 접수는 2025년 5월 1일 등록을 시작했다") is None
    assert marker_date("구는 지난 10일 등록된 댓글을 정리했다") is None


def test_a_date_at_the_end_of_the_headline_line_is_cut_off_and_read():
    text = f"은평구, AI 민원 안내 시작 2025.09.03\n{LEAD}\n안내는 밤에도 이어진다.\n"
    item = extract(text.encode())
    assert item.title == "은평구, AI 민원 안내 시작"
    assert day(item) == date(2025, 9, 3)
