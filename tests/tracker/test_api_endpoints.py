"""The read API's endpoints (articles, districts, initiatives and the matrix): the
page's filters give the page's rows, an article carries its districts, initiatives
and evidence with their review states and suggestions say so, rejected links are left
out, Korean is written as UTF-8, pages follow a cursor, an invalid filter is a 400
that names it, the districts and the matrix count what the pages count, and the cost
of a page does not grow with its size.

That the API is read-only, its schema and docs page, and who may read it when
REQUIRE_LOGIN is on are in test_api_schema_and_access.py; `in_district` is in
tests/tracker/api_corpus.py, the `cctv` and `corpus` fixtures in
tests/tracker/conftest.py.
"""

from datetime import datetime

import pytest
from django.urls import reverse

from tests.tracker.api_corpus import SEOUL, in_district
from tracker.models import Initiative, InitiativeLink, ReviewState, Tally
from tracker.models.initiatives import InitiativeKind

pytestmark = pytest.mark.django_db


def page_ids(client, query: str) -> list[int]:
    response = client.get(f"{reverse('tracker:article-list')}?{query}")
    return sorted(article.pk for article in response.context["page"].object_list)


def api_ids(client, query: str) -> list[int]:
    ids, url = [], f"/api/articles/?page_size=2&{query}"
    while url:
        body = client.get(url).json()
        ids += [row["id"] for row in body["results"]]
        url = body["next"]
    return sorted(ids)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "district=gangseo",
        "district=gangseo&role=primary",
        "district=gangseo&district=geumcheon",
        "kind=cctv-safety",
        "initiative=gangseo-ai-cctv-test",
        "stage=pilot",
        "category=safety",
        "q=로봇",
        "published_after=2025-04-01",
        "published_before=2025-03-31&district=gangseo",
        "relevance=all",
        "relevance=no",
        "review=pending",
    ],
)
def test_the_api_returns_the_rows_the_page_lists_with_the_same_filter(
    client, corpus, query
):
    assert api_ids(client, query) == page_ids(client, query)


def test_a_filter_that_matches_something_matches_less_than_everything(client, corpus):
    assert len(api_ids(client, "district=gangseo&role=primary")) == 2
    assert api_ids(client, "kind=cctv-safety") == [corpus.pk]


def test_an_article_carries_districts_initiatives_and_evidence_with_review_states(
    client, corpus
):
    body = client.get(f"/api/articles/{corpus.pk}/").json()

    assert body["title"] == "강서구, AI CCTV 시범 운영"
    assert body["published_at"] == "2025-03-03T09:00:00+09:00"
    assert body["page_url"] == f"http://testserver/articles/{corpus.pk}/"
    assert body["body"].startswith("서울시는 생성형")
    [district] = body["districts"]
    assert district["district"]["slug"] == "gangseo"
    assert district["role"] == "primary"
    assert district["review_state"] == "suggested"
    [report] = body["initiatives"]
    assert report["evidence"] == "강서구는 AI CCTV 관제를 시범 운영한다."
    assert report["event"] == "pilot"
    assert report["review_state"] == "suggested"
    assert report["initiative"]["review_state"] == "suggested"
    assert report["initiative"]["kind"]["slug"] == "cctv-safety"
    assert report["initiative"]["stage"] == "pilot"


def test_rejected_links_are_left_out_and_confirmed_ones_say_so(client, corpus):
    corpus.district_links.update(review_state=ReviewState.CONFIRMED)
    corpus.initiative_links.update(review_state=ReviewState.REJECTED)

    [row] = [
        r
        for r in client.get("/api/articles/").json()["results"]
        if r["id"] == corpus.pk
    ]

    assert [d["review_state"] for d in row["districts"]] == ["confirmed"]
    assert row["initiatives"] == []


def test_korean_is_written_as_utf8_not_escaped(client, corpus):
    response = client.get(f"/api/articles/{corpus.pk}/")

    assert "강서구, AI CCTV 시범 운영".encode() in response.content


def test_pages_follow_a_cursor_newest_first_without_repeats(client, gangseo):
    made = [in_district(gangseo).pk for _ in range(5)]

    first = client.get("/api/articles/?page_size=2").json()
    second = client.get(first["next"]).json()

    assert [r["id"] for r in first["results"]] == made[::-1][:2]
    assert [r["id"] for r in second["results"]] == made[::-1][2:4]
    assert "cursor=" in first["next"]


def test_an_invalid_filter_is_a_400_that_names_it(client, corpus):
    response = client.get("/api/articles/?published_after=not-a-date")

    assert response.status_code == 400
    assert "published_after" in response.json()


def test_a_page_costs_the_same_queries_whatever_its_length(
    client, gangseo, cctv, django_assert_max_num_queries
):
    def make(n):
        for _ in range(n):
            article = in_district(gangseo)
            InitiativeLink.objects.create(
                article=article, initiative=cctv, confidence=0.5, evidence="."
            )

    make(3)
    with django_assert_max_num_queries(8) as few:
        client.get("/api/articles/?district=gangseo")
    make(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get("/api/articles/?district=gangseo").json()
    assert len(body["results"]) == 33


def test_districts_list_all_25_with_their_counts(client, corpus, gangseo, cctv):
    standing = Initiative.objects.filter(districts=gangseo).count()  # catalogue too
    rows = {row["slug"]: row for row in client.get("/api/districts/").json()}

    assert len(rows) == 25
    assert rows["gangseo"]["article_count"] == 2  # primary, AI policy
    assert rows["gangseo"]["initiative_count"] == standing
    assert rows["gangseo"]["suggested_initiative_count"] == 1  # the discovered CCTV
    assert rows["geumcheon"]["article_count"] == 1
    assert rows["jongno"]["article_count"] == 0

    cctv.review_state = ReviewState.REJECTED
    cctv.save()
    rows = {row["slug"]: row for row in client.get("/api/districts/").json()}
    assert rows["gangseo"]["initiative_count"] == standing - 1


# --- initiatives and the matrix ---


def api_slugs(client, query: str) -> list[str]:
    slugs, url = [], f"/api/initiatives/?page_size=7&{query}"
    while url:
        body = client.get(url).json()
        slugs += [row["slug"] for row in body["results"]]
        url = body["next"]
    return sorted(slugs)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "district=gangseo",
        "district=citywide",
        "kind=cctv-safety",
        "kind=none",
        "stage=pilot",
        "state=suggested",
        "state=confirmed",
        "origin=discovered",
        "q=CCTV",
    ],
)
def test_initiative_filters_return_the_initiative_pages_rows(client, corpus, query):
    response = client.get(f"/initiatives/?{query}")
    page = sorted(i.slug for i in response.context["page"].object_list)

    assert api_slugs(client, query) == page


def test_an_initiative_carries_kind_stage_state_and_its_timeline(
    client, corpus, cctv, gangseo
):
    later = in_district(gangseo, published_at=datetime(2025, 6, 1, tzinfo=SEOUL))
    InitiativeLink.objects.create(
        article=later,
        initiative=cctv,
        confidence=0.8,
        evidence="강서구는 AI CCTV 관제를 구 전역으로 넓힌다.",
        event=Initiative.Stage.EXPANDED,
        event_date=datetime(2025, 9, 1).date(),
        event_date_precision="month",
    )

    body = client.get("/api/initiatives/gangseo-ai-cctv-test/").json()

    assert body["kind"]["slug"] == "cctv-safety"
    assert (body["stage"], body["origin"]) == ("pilot", "discovered")
    assert body["review_state"] == "suggested"
    assert [d["slug"] for d in body["districts"]] == ["gangseo"]
    assert body["article_count"] == 2
    events = [
        (e["event"], e["event_date"], e["article"]["id"]) for e in body["timeline"]
    ]
    # The March article gives no date for its event: null, never its own date.
    assert events == [("pilot", None, corpus.pk), ("expanded", "2025-09-01", later.pk)]


def test_the_matrix_counts_what_the_page_counts_and_marks_suggestions(client, corpus):
    page = client.get("/initiatives/matrix/?state=").context["matrix"]

    body = client.get("/api/matrix/").json()

    rows = {row["key"]: row for row in body["rows"]}
    assert len(rows) == 26  # 25 districts and Seoul city
    columns = [column["key"] for column in body["columns"]]
    assert columns == [column.key for column in page.columns]
    cctv_at = columns.index("cctv-safety")
    cell = rows["gangseo"]["cells"][cctv_at]
    page_row = next(r for r in page.rows if r.key == "gangseo")
    assert cell["count"] == page_row.cells[cctv_at].n >= 1
    assert cell["suggested"] >= 1
    assert cell["page_url"].startswith("http://testserver/initiatives/?")
    assert body["total"]["count"] == page.total.n


def test_the_matrix_leaves_suggestions_out_when_asked(client, corpus):
    body = client.get("/api/matrix/?state=confirmed").json()

    assert body["filters"] == {"state": "confirmed"}
    assert body["total"]["suggested"] == 0


def test_an_initiative_page_costs_the_same_queries_whatever_its_length(
    client, gangseo, django_assert_max_num_queries
):
    def make(n):
        for i in range(n):
            initiative = Initiative.objects.create(
                slug=f"cost-{Initiative.objects.count()}-{i}",
                name_ko="비용 시험 정책",
                category=Initiative.Category.SAFETY,
                kind=InitiativeKind.objects.get(slug="chatbot"),
            )
            initiative.districts.add(gangseo)
            InitiativeLink.objects.create(
                article=in_district(gangseo),
                initiative=initiative,
                confidence=0.5,
                evidence=".",
            )

    make(2)
    Tally.objects.refresh()  # upkeep of kept counts, not the page's own cost
    with django_assert_max_num_queries(12) as few:
        client.get("/api/initiatives/?kind=chatbot")
    make(20)
    Tally.objects.refresh()
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get("/api/initiatives/?kind=chatbot").json()
    assert len(body["results"]) == 22
