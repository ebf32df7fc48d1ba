import pytest

from districts.models import District


@pytest.fixture
def geumcheon(db) -> District:
    return District.objects.get(slug="geumcheon")


@pytest.fixture
def gangseo(db) -> District:
    return District.objects.get(slug="gangseo")
