"""Dates and titles for the analysts' pages tests (test_dashboard.py,
test_search_and_detail_pages.py, and test_review_queue.py for the review list):
an article's publication time, 9:00 in Seoul on a day, and the titles a list page
shows."""

from datetime import datetime
from zoneinfo import ZoneInfo

SEOUL = ZoneInfo("Asia/Seoul")


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=9, tzinfo=SEOUL)


def titles(response) -> list[str]:
    return [a.title for a in response.context["page"].object_list]
