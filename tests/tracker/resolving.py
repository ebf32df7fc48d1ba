"""Articles and the mentions discovery would report in them, written by hand for the
resolution tests (test_resolution_records.py, test_resolution_tags.py and
test_resolution_queries_and_locks.py)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from tests.factories import ArticleFactory
from tracker.reading.mentions import Mention

SEOUL = ZoneInfo("Asia/Seoul")


def article(title: str, body: str, day: date = date(2025, 3, 3)):
    return ArticleFactory(
        title=title,
        body=body,
        published_at=datetime(day.year, day.month, day.day, 9, tzinfo=SEOUL),
        scope="district",
    )


def mention(story, name: str, district: str = "dobong", **fields) -> Mention:
    """A mention of `name` in the story, with offsets in title + blank line + body."""
    text = f"{story.title}\n\n{story.body}"
    start = max(text.find(name), 0)
    sentence = next(
        (line for line in text.splitlines() if name in line), text.splitlines()[0]
    )
    where = text.find(sentence)
    values = {
        "name_ko": name,
        "district": district,
        "kind": "disaster-environment",
        "stage": "announced",
        "evidence": sentence,
        "span": (start, start + len(name)),
        "evidence_span": (where, where + len(sentence)),
        "confidence": 0.7,
    } | fields
    return Mention(**values)
