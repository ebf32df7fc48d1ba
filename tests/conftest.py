import pytest
from django.core.cache import cache

from districts.models import District


@pytest.fixture
def geumcheon(db) -> District:
    return District.objects.get(slug="geumcheon")


@pytest.fixture
def gangseo(db) -> District:
    return District.objects.get(slug="gangseo")


@pytest.fixture(autouse=True)
def empty_cache():
    """The pages cache figures for minutes; each test starts without them."""
    cache.clear()
