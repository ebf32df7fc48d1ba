"""analyse() and understand(): the deck under a headline counts as headline for links.

The gazetteer is built from the repository's aliases, so no database is needed.
"""

from datetime import datetime

from districts.gazetteer import AliasRecord, Gazetteer
from districts.seoul import GU, base_aliases
from tracker.reading.dates import SEOUL
from tracker.reading.pipeline import Hints, analyse, understand

GAZETTEER = Gazetteer.from_records(
    AliasRecord(gu.slug, text, kind, safe)
    for gu in GU
    for text, kind, safe in base_aliases(gu)
)
PAGE = """말동무에 민원 안내까지…AI 로봇 각양각색[구청25]
관악·종로구, 홀몸 어르신에 반려로봇
강남구 민원안내 로봇 배치
낯설던 인공지능 로봇이 구청과 가정 곳곳에서 쓰이고 있다.
관악구는 반려로봇 100대를 홀몸 어르신에게 보급했다.
"""


def test_districts_in_the_deck_are_primary_though_the_body_leaves_them_out():
    analysis = analyse(PAGE.encode(), max_bytes=10_000, gazetteer=GAZETTEER)
    assert analysis.extracted.subtitle == (
        "관악·종로구, 홀몸 어르신에 반려로봇\n강남구 민원안내 로봇 배치"
    )
    assert "강남구" not in analysis.extracted.body
    assert set(analysis.links.primary()) == {"gwanak", "jongno", "gangnam"}
    # Spans still count in headline, blank line, body: the deck comes after.
    text = f"{analysis.title}\n\n{analysis.extracted.body}"
    (gwanak,) = [m for m in analysis.links.matches if m.slug == "gwanak"]
    assert [text[s:e] for s, e in gwanak.spans if e <= len(text)] == ["관악구"]


def test_understand_takes_the_subtitle_for_a_stored_article_too():
    links, *_ = understand(
        "AI 로봇 각양각색",
        "로봇 활용이 늘고 있다.",
        None,
        subtitle="강남구 민원안내 로봇 배치",
        gazetteer=GAZETTEER,
    )
    assert links.primary() == ["gangnam"]


def test_a_relative_stamp_is_read_against_the_fetch_time_given_in_hints():
    page = "은평구, AI 안내 시작\n3시간 전\n서울 은평구가 인공지능 안내를 시작한다고 밝혔다.\n"
    fetched = datetime(2025, 5, 2, 1, 0, tzinfo=SEOUL)
    analysis = analyse(
        page.encode(),
        hints=Hints(fetched_at=fetched),
        max_bytes=10_000,
        gazetteer=GAZETTEER,
    )
    assert analysis.published_at.astimezone(SEOUL).date().isoformat() == "2025-05-01"
