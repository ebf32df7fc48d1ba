from datetime import datetime
from pathlib import Path

import pytest

from tests.factories import IngestRunFactory
from tests.tracker.api_corpus import SEOUL, in_district
from tests.tracker.archive import write_archive
from tests.tracker.reviewing import district_link, initiative_link, member, pending
from tracker.models import (
    Article,
    DistrictLink,
    IngestRun,
    Initiative,
    InitiativeLink,
    ReviewState,
)
from tracker.models.initiatives import InitiativeKind


@pytest.fixture
def archive(tmp_path) -> Path:
    """tests/tracker/archive.py's ten pages, in a folder."""
    return write_archive(tmp_path)


# --- The fetch tests' server (test_fetch_*.py) ----------------------------------------


@pytest.fixture(scope="module")
def server():
    """The fetch tests' HTTP server on 127.0.0.1 (tests/tracker/fetching.py), one per
    module."""
    # Imported here, not above: fetching.py builds its 64 MiB gzip bomb on import,
    # which the other tracker tests need not wait for.
    from tests.tracker.fetching import Server, start, stop

    srv = Server()
    thread = start(srv)
    yield srv
    stop(srv, thread)


@pytest.fixture
def port(server):
    server.requests.clear()
    return server.server_address[1]


# --- The review queue's curator and story (test_review_queue.py, test_review_decisions.py)
# A module with its own fixture of one of these names uses its own.


@pytest.fixture
def curator():
    return member("curator", "curator-kim")


@pytest.fixture
def as_curator(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture
def story() -> Article:
    """An article about a district AI library with one district and one initiative tag."""
    article = pending(
        "강서구, 마곡에 AI 전문 도서관 짓는다",
        body="서울 강서구는 마곡동에 AI 전문 도서관을 짓는다고 밝혔다.\n\n"
        "구는 AI 전문 도서관을 2027년까지 짓는다.",
    )
    district_link(article)
    initiative_link(article)
    return article


# --- The ingestion service's run (test_ingestion_items.py,
# test_ingestion_races_and_reruns.py)


@pytest.fixture
def run() -> IngestRun:
    return IngestRunFactory(origin=IngestRun.Origin.COMMAND, label="tests")


# --- The read API's CCTV initiative and articles (test_api_endpoints.py,
# test_api_schema_and_access.py)
# A module with its own fixture of one of these names uses its own.


@pytest.fixture
def cctv(gangseo) -> Initiative:
    initiative = Initiative.objects.create(
        slug="gangseo-ai-cctv-test",
        name_ko="강서 AI CCTV 관제",
        name_en="",
        category=Initiative.Category.SAFETY,
        kind=InitiativeKind.objects.get(slug="cctv-safety"),
        stage=Initiative.Stage.PILOT,
        origin=Initiative.Origin.DISCOVERED,
        review_state=ReviewState.SUGGESTED,
    )
    initiative.districts.add(gangseo)
    return initiative


@pytest.fixture
def corpus(gangseo, geumcheon, cctv):
    """Gangseo, Geumcheon and a mention; an article that is not AI policy."""
    day = datetime(2025, 3, 3, 9, tzinfo=SEOUL)
    tagged = in_district(gangseo, published_at=day, title="강서구, AI CCTV 시범 운영")
    InitiativeLink.objects.create(
        article=tagged,
        initiative=cctv,
        confidence=0.7,
        evidence="강서구는 AI CCTV 관제를 시범 운영한다.",
        event=Initiative.Stage.PILOT,
    )
    in_district(gangseo, published_at=day.replace(month=5), title="강서구 돌봄 로봇")
    in_district(geumcheon, published_at=day.replace(month=4))
    in_district(gangseo, role=DistrictLink.Role.MENTIONED, published_at=day)
    in_district(gangseo, is_relevant=False, title="강서구 축제 안내")
    return tagged
