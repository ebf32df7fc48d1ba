"""Builders for the review queue tests (test_review_queue.py and
test_review_decisions.py): curators and analysts, pending articles and their
suggested district and initiative links. The fixtures built from them (`curator`,
`as_curator`, `story`) are in tests/tracker/conftest.py."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group

from districts.models import District
from tests.factories import ArticleFactory, UserFactory
from tracker.models import Article, Change, DistrictLink, Initiative, InitiativeLink

SEOUL = ZoneInfo("Asia/Seoul")
START = datetime(2025, 3, 3, 9, tzinfo=SEOUL)
QUEUE = "/review/"


def member(group: str, username: str):
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=group))
    return user


def pending(title: str, day: int = 0, **fields) -> Article:
    """A pending article ingested `day` days after START."""
    fields = {"scope": "district", "created_at": START + timedelta(days=day)} | fields
    return ArticleFactory(title=title, published_at=START, **fields)


def district_link(
    article, slug="gangseo", confidence=0.95, role="primary"
) -> DistrictLink:
    return DistrictLink.objects.create(
        article=article,
        district=District.objects.get(slug=slug),
        role=role,
        confidence=confidence,
        evidence="서울 강서구는 마곡동에 AI 도서관을 짓는다고 밝혔다.",
        spans=[[0, 6]],
    )


def initiative_link(
    article, slug="gangseo-ai-library", confidence=0.85
) -> InitiativeLink:
    return InitiativeLink.objects.create(
        article=article,
        initiative=Initiative.objects.get(slug=slug),
        confidence=confidence,
        evidence="구는 AI 전문 도서관을 2027년까지 짓는다.",
        spans=[[0, 10]],
        event="announced",
    )


def last_change(obj) -> Change:
    return Change.objects.about(obj).first()
