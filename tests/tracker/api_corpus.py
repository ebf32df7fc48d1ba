"""Articles linked to a district, and the time zone of their dates, for the read API
tests: test_api_endpoints.py builds with them, and so does the `corpus` fixture
(tests/tracker/conftest.py) that test_api_schema_and_access.py uses too."""

from zoneinfo import ZoneInfo

from tests.factories import ArticleFactory
from tracker.models import DistrictLink

SEOUL = ZoneInfo("Asia/Seoul")


def in_district(district, *, role=DistrictLink.Role.PRIMARY, **kwargs):
    article = ArticleFactory(**kwargs)
    DistrictLink.objects.create(
        article=article,
        district=district,
        role=role,
        confidence=0.9,
        evidence=f"{district.name_ko}는 AI 사업을 시작했다.",
    )
    return article
