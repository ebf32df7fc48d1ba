"""Short texts and builders for the search tests (test_search_matching.py and
test_search_storage.py): an article with its search columns filled, and the titles a
search finds in rank order."""

from tests.factories import ArticleFactory
from tracker import search
from tracker.models import Article

# Short texts written for these tests.
MAGOK_TITLE = "마곡 연구단지에 AI 로봇 시험장 문 연다"
MAGOK_BODY = "서울 강서구는 마곡 연구단지에 인공지능 로봇 시험장을 열었다."
MAYOR_TITLE = "구청장, 청년 창업가와 간담회"
MAYOR_BODY = "유지훈 금천구청장은 청년 창업가들과 만나 AI 교육 지원을 약속했다."
RIVER_TITLE = "한강 서쪽 둔치에 자전거 길 새로 놓는다"
RIVER_BODY = "시는 한강 서쪽 둔치를 따라 자전거 길을 새로 놓는다고 밝혔다."


def article(title: str, body: str) -> Article:
    return ArticleFactory(title=title, body=body, **search.fields(title, body))


def titles(queryset) -> list[str]:
    return [a.title for a in queryset.order_by("-search_rank", "pk")]
