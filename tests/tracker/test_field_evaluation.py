"""score_fields on hand-made labels and results."""

from datetime import UTC, datetime

from tracker.reading.evaluation import score_fields
from tracker.reading.extract import SEOUL, Extracted

GOLD = [
    {
        "file": "a.html",
        "title": "강서구,  AI 특화도시 선언",
        "published": "2025-11-05",
        "publisher": "가람뉴스 (Garam News)",
        "author": "최나래",
    },
    {"file": "b.txt", "title": None, "published": None},
    {"file": "c.txt", "title": "노원구 축제", "published": "2025-01-02"},
    {"file": "d.txt", "title": None, "published": "2024-12-31"},
]


def test_score_fields_counts_shares_and_disagreements():
    extracted = {
        "a.html": Extracted(
            title="강서구, AI 특화도시 선언",
            paragraphs=["본문"],
            # 23:30 UTC on the 4th is the 5th in Seoul.
            published_at=datetime(2025, 11, 4, 23, 30, tzinfo=UTC),
            publisher="garam news",
            author=" 최나래 ",
        ),
        "b.txt": Extracted(title="", paragraphs=["본문"]),
        "c.txt": Extracted(
            title="노원구 축제!",
            paragraphs=["본문"],
            published_at=datetime(2025, 1, 2, tzinfo=SEOUL),
        ),
        "d.txt": None,  # extraction failed: no title, no date
    }
    result = score_fields(GOLD, extracted)
    assert result["counts"] == {
        "title": (3, 4),
        "published": (3, 4),
        "publisher": (1, 1),
        "author": (1, 1),
    }
    assert result["fields"]["title"] == 0.75
    assert result["fields"]["author"] == 1.0
    assert result["disagreements"] == [
        {
            "file": "c.txt",
            "field": "title",
            "expected": "노원구 축제",
            "got": "노원구 축제!",
        },
        {"file": "d.txt", "field": "published", "expected": "2024-12-31", "got": ""},
    ]


def test_publisher_matches_either_name_and_unlabelled_fields_are_skipped():
    gold = [{"file": "x", "publisher": "전자신문 (etnews)"}]
    korean = Extracted(title="", paragraphs=[], publisher="전자신문")
    english = Extracted(title="", paragraphs=[], publisher="ETNews")
    other = Extracted(title="", paragraphs=[], publisher="뉴스핌")
    assert score_fields(gold, {"x": korean})["counts"]["publisher"] == (1, 1)
    assert score_fields(gold, {"x": english})["counts"]["publisher"] == (1, 1)
    result = score_fields(gold, {"x": other})
    assert result["counts"]["publisher"] == (0, 1)
    assert result["counts"]["title"] == (0, 0)
    assert result["fields"]["title"] is None


def test_a_date_the_label_took_from_the_url_is_not_scored():
    gold = [
        {"file": "x", "published": "2025-01-02", "published_source": "url"},
        {"file": "y", "published": "2025-01-03", "published_source": "text"},
    ]
    got = {
        "x": Extracted(title="", paragraphs=[]),
        "y": Extracted(
            title="", paragraphs=[], published_at=datetime(2025, 1, 3, tzinfo=SEOUL)
        ),
    }
    assert score_fields(gold, got)["counts"]["published"] == (1, 1)
