"""What the ingestion service keeps when work races or runs again: two workers
storing the same text or fetching the same URL leave one article (the database
decides), re-analysis keeps the district links curators confirmed, added or
rejected, and a second delivery of an item does not overwrite its first outcome.

What a file or URL item becomes is in test_ingestion_items.py; `ingest_file` and
`serve` are in tests/tracker/ingesting.py, the `run` fixture in
tests/tracker/conftest.py.
"""

from dataclasses import replace
from unittest.mock import patch

import pytest

from districts.gazetteer import link_districts
from districts.models import District
from tests.factories import (
    GANGSEO_CARE_SPEAKERS,
    GEUMCHEON_AI_CENTRE,
    IngestItemFactory,
    RawDocumentFactory,
    html_page,
)
from tests.tracker.ingesting import ingest_file, serve
from tracker.ingest import service, understanding
from tracker.models import (
    Article,
    DistrictLink,
    IngestItem,
    Origin,
    ReviewState,
)

pytestmark = pytest.mark.django_db

Status = IngestItem.Status


# --- The database decides between racing workers ------------------------------------


def first_call_misses(real):
    """The copies a worker finds when another worker commits just after its check:
    the check sees no exact copy."""

    def find(analysis):
        return replace(real(analysis), exact=None)

    return find


def test_two_workers_storing_the_same_text_leave_one_article(run):
    winner = ingest_file(run, "가람뉴스.txt", GEUMCHEON_AI_CENTRE.encode())
    loser = service.add_file(
        run, "가람뉴스.html", html_page(GEUMCHEON_AI_CENTRE).encode()
    )

    with patch(
        "tracker.ingest.service.find_copies", first_call_misses(service.find_copies)
    ):
        outcome = service.process_item(loser.pk)

    assert outcome.status == Status.DUPLICATE
    assert outcome.article == winner.article
    assert Article.objects.count() == 1
    loser.refresh_from_db()
    assert loser.status == Status.DUPLICATE


def test_two_workers_fetching_the_same_url_leave_one_article(run):
    url = "https://garam.example/news/1004"
    winner = service.add_url(run, url)
    service.process_item(winner.pk, fetcher=serve({url: GEUMCHEON_AI_CENTRE.encode()}))
    # The page changed a little between the two fetches: only the URL is shared.
    loser = service.add_url(run, url)

    with patch(
        "tracker.ingest.service.find_copies", first_call_misses(service.find_copies)
    ):
        outcome = service.process_item(
            loser.pk, fetcher=serve({url: GANGSEO_CARE_SPEAKERS.encode()})
        )

    assert outcome.status == Status.DUPLICATE
    assert outcome.article.url == url
    assert Article.objects.count() == 1


# --- Re-analysis keeps what curators decided -----------------------------------------


def test_curator_decisions_on_district_links_survive_re_analysis(run, gangseo):
    article = ingest_file(run, "금천.txt", GEUMCHEON_AI_CENTRE.encode()).article
    confirmed = article.district_links.get(district__slug="geumcheon")
    confirmed.review_state = ReviewState.CONFIRMED
    confirmed.role = DistrictLink.Role.MENTIONED
    confirmed.save()
    added_by_curator = DistrictLink.objects.create(
        article=article,
        district=gangseo,
        role=DistrictLink.Role.MENTIONED,
        confidence=1.0,
        origin=Origin.CURATOR,
        review_state=ReviewState.CONFIRMED,
    )
    stale_suggestion = DistrictLink.objects.create(
        article=article,
        district=District.objects.get(slug="nowon"),
        role=DistrictLink.Role.MENTIONED,
        confidence=0.3,
    )

    understanding.save_district_links(
        article, link_districts(article.title, article.body)
    )

    links = {link.district.slug: link for link in article.district_links.all()}
    assert set(links) == {"geumcheon", "gangseo"}
    assert links["geumcheon"].pk == confirmed.pk
    assert links["geumcheon"].review_state == ReviewState.CONFIRMED
    assert links["geumcheon"].role == DistrictLink.Role.MENTIONED
    assert links["gangseo"].pk == added_by_curator.pk
    assert not DistrictLink.objects.filter(pk=stale_suggestion.pk).exists()


def test_re_analysis_does_not_bring_back_a_link_a_curator_rejected(run):
    article = ingest_file(run, "금천.txt", GEUMCHEON_AI_CENTRE.encode()).article
    article.district_links.update(review_state=ReviewState.REJECTED)

    understanding.save_district_links(
        article, link_districts(article.title, article.body)
    )

    assert list(article.district_links.values_list("review_state", flat=True)) == [
        ReviewState.REJECTED
    ]


# --- Outcomes recorded once ---------------------------------------------------------


def test_a_second_delivery_does_not_overwrite_the_first_outcome():
    raw = RawDocumentFactory(content=GEUMCHEON_AI_CENTRE.encode())
    item = IngestItemFactory(raw=raw)
    first = service.process_item(item.pk)
    # A redelivered copy that started before the first finished, and now finishes.
    IngestItem.objects.filter(pk=item.pk).update(status=Status.PROCESSING)
    item.refresh_from_db()
    service.finish(item, service.Outcome(Status.CREATED, first.article))
    service.finish(item, service.Outcome(Status.DUPLICATE, first.article, "같은 파일"))

    item.refresh_from_db()
    assert (item.status, item.error) == (Status.CREATED, "")
