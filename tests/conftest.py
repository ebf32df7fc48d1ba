import pytest
from django.core.cache import cache

from districts.models import District
from tracker.ingest import rules


@pytest.fixture
def geumcheon(db) -> District:
    return District.objects.get(slug="geumcheon")


@pytest.fixture
def gangseo(db) -> District:
    return District.objects.get(slug="gangseo")


@pytest.fixture(autouse=True)
def empty_cache():
    """The pages cache figures for minutes, a process its catalogue for seconds
    (tracker/ingest/rules.py); each test starts without them."""
    cache.clear()
    rules.drop()


@pytest.fixture
def boundaries(db) -> None:
    """The shipped gu boundaries in District.boundary, as `import_gazetteer` stores
    them (the shipped file is already simplified), without reading the dongs."""
    import json
    from pathlib import Path

    import districts

    path = Path(districts.__file__).parent / "data" / "seoul_gu.geojson"
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    by_code = {f["properties"]["code"]: f["geometry"] for f in features}
    for district in District.objects.all():
        district.boundary = by_code[district.code]
        district.save(update_fields=["boundary"])
