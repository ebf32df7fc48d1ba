"""The read API: the page's filters give the page's rows, suggestions say so, the
schema is valid OpenAPI 3, the cost of a page does not grow with its size, and who
may read it when REQUIRE_LOGIN is on."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from openapi_spec_validator import validate
from rest_framework.authtoken.models import Token
from rest_framework.throttling import AnonRateThrottle

from tests.factories import ArticleFactory, UserFactory
from tracker.models import DistrictLink, Initiative, InitiativeLink, ReviewState, Tally
from tracker.models.initiatives import InitiativeKind

pytestmark = pytest.mark.django_db
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


def test_the_api_is_read_only(client, corpus, admin_client):
    assert client.post("/api/articles/", {}).status_code in (401, 403)
    assert admin_client.delete(f"/api/articles/{corpus.pk}/").status_code == 403


# --- the schema and the docs page ---


def test_the_schema_is_valid_openapi_3(client):
    response = client.get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    spec = json.loads(response.content)

    validate(spec)  # raises on any error
    assert spec["openapi"].startswith("3.")
    assert {
        "/api/articles/",
        "/api/articles/{id}/",
        "/api/initiatives/",
        "/api/initiatives/{slug}/",
        "/api/districts/",
        "/api/matrix/",
    } <= set(spec["paths"])
    names = [p["name"] for p in spec["paths"]["/api/articles/"]["get"]["parameters"]]
    assert {"district", "role", "kind", "stage", "q", "review", "cursor"} <= set(names)


def test_the_docs_page_loads_swagger_ui_from_our_own_static_files(client):
    assert client.get("/api/")["Location"] == "/api/docs/"
    response = client.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "/static/drf_spectacular_sidecar/" in html
    assert "cdn" not in html.lower()


# --- REQUIRE_LOGIN: a session or a token, and anonymous requests are throttled ---


@pytest.fixture
def analyst(db):
    user = UserFactory()
    user.groups.add(Group.objects.get(name="analyst"))
    return user


def test_with_require_login_anonymous_requests_get_401(client, corpus, settings):
    settings.REQUIRE_LOGIN = True

    response = client.get("/api/articles/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_with_require_login_a_token_an_admin_issued_reads_until_revoked(
    client, corpus, settings, analyst
):
    settings.REQUIRE_LOGIN = True
    token = Token.objects.create(user=analyst)
    auth = {"HTTP_AUTHORIZATION": f"Token {token.key}"}

    assert client.get("/api/articles/", **auth).status_code == 200
    token.delete()
    assert client.get("/api/articles/", **auth).status_code == 401


def test_with_require_login_a_session_reads_and_a_user_without_a_role_does_not(
    client, corpus, settings, analyst
):
    settings.REQUIRE_LOGIN = True
    client.force_login(analyst)
    assert client.get("/api/articles/").status_code == 200

    client.force_login(UserFactory(username="nobody"))
    assert client.get("/api/articles/").status_code == 403


def test_anonymous_requests_are_rate_limited(client, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})

    codes = [client.get("/api/districts/").status_code for _ in range(3)]

    assert codes == [200, 200, 429]


def test_a_new_forwarded_for_header_each_time_does_not_dodge_the_limit(
    client, monkeypatch
):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})

    codes = [
        client.get("/api/districts/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(3)
    ]

    assert codes == [200, 200, 429]


def test_tokens_are_issued_and_revoked_in_admin(admin_client, analyst):
    response = admin_client.post(
        reverse("admin:authtoken_tokenproxy_add"), {"user": analyst.pk}
    )

    assert response.status_code == 302
    assert Token.objects.filter(user=analyst).exists()


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
