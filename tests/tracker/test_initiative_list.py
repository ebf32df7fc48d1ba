"""The initiative list: each filter's rows, the sort orders, the suggestion badge and
the confirmed-only switch, the CSV with the same filters, and a fixed number of queries."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from districts.models import District
from tests.factories import ArticleFactory, InitiativeFactory, InitiativeLinkFactory
from tracker.models import Initiative, Tally

pytestmark = pytest.mark.django_db
URL = "/initiatives/"


def district(slug: str) -> District:
    return District.objects.get(slug=slug)


@pytest.fixture
def initiatives():
    Initiative.objects.all().delete()
    made = {
        "cctv": InitiativeFactory(
            name_ko="마포 AI CCTV 고속검색시스템",
            name_en="Mapo AI CCTV fast search",
            kind="cctv-safety",
            stage="launched",
            districts=[district("mapo")],
            first_seen=date(2024, 5, 2),
            last_seen=date(2025, 2, 1),
        ),
        "robot": InitiativeFactory(
            name_ko="동작 AI 돌봄로봇",
            name_en="Dongjak AI care robots",
            kind="senior-care",
            stage="pilot",
            review_state="confirmed",
            origin="curator",
            districts=[district("dongjak")],
            first_seen=date(2023, 3, 1),
            last_seen=date(2025, 6, 1),
        ),
        "ordinance": InitiativeFactory(
            name_ko="강서구 인공지능 기본조례",
            name_en="Gangseo basic AI ordinance",
            kind="ordinance",
            stage="ordinance",
            review_state="confirmed",
            origin="catalogue",
            districts=[district("gangseo")],
            first_seen=date(2024, 9, 1),
            last_seen=date(2024, 9, 1),
        ),
        "plan": InitiativeFactory(
            name_ko="서울시 AI 행정 계획",
            name_en="Seoul AI administration plan",
            kind="plan",
            review_state="confirmed",
        ),
        "rejected": InitiativeFactory(
            name_ko="마포 엉뚱한 제안",
            kind="cctv-safety",
            review_state="rejected",
            districts=[district("mapo")],
        ),
    }
    for _ in range(3):
        InitiativeLinkFactory(initiative=made["ordinance"])
    InitiativeLinkFactory(
        initiative=made["robot"], name_as_reported="반려로봇 '효돌이'"
    )
    return made


def names(response) -> list[str]:
    return [initiative.name_ko for initiative in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"district": "mapo"}, ["마포 AI CCTV 고속검색시스템"]),
        ({"district": "citywide"}, ["서울시 AI 행정 계획"]),
        ({"kind": "senior-care"}, ["동작 AI 돌봄로봇"]),
        ({"stage": "ordinance"}, ["강서구 인공지능 기본조례"]),
        ({"state": "suggested"}, ["마포 AI CCTV 고속검색시스템"]),
        ({"origin": "catalogue"}, ["강서구 인공지능 기본조례"]),
        ({"q": "고속검색"}, ["마포 AI CCTV 고속검색시스템"]),
        ({"q": "효돌이"}, ["동작 AI 돌봄로봇"]),  # a name an article used
        ({"district": "mapo", "state": "confirmed"}, []),
    ],
)
def test_each_filter_keeps_its_rows(client, initiatives, params, expected):
    assert names(client.get(URL, params)) == expected


def test_rejected_initiatives_are_never_listed(client, initiatives):
    assert "마포 엉뚱한 제안" not in names(client.get(URL))
    assert len(names(client.get(URL))) == 4


def test_the_state_filter_offers_confirmed_and_suggested_only(client, initiatives):
    response = client.get(URL, {"state": "rejected"})
    assert "state" in response.context["filterset"].errors


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        # Default: last seen, newest first; never seen last.
        ("", ["동작 AI 돌봄로봇", "마포 AI CCTV 고속검색시스템", "강서구 인공지능 기본조례", "서울시 AI 행정 계획"]),
        ("first", ["동작 AI 돌봄로봇", "마포 AI CCTV 고속검색시스템", "강서구 인공지능 기본조례", "서울시 AI 행정 계획"]),
        ("-first", ["강서구 인공지능 기본조례", "마포 AI CCTV 고속검색시스템", "동작 AI 돌봄로봇", "서울시 AI 행정 계획"]),
        ("name", ["강서구 인공지능 기본조례", "동작 AI 돌봄로봇", "마포 AI CCTV 고속검색시스템", "서울시 AI 행정 계획"]),
        ("articles", ["강서구 인공지능 기본조례", "동작 AI 돌봄로봇", "마포 AI CCTV 고속검색시스템", "서울시 AI 행정 계획"]),
    ],
)  # fmt: skip
def test_sorting(client, initiatives, sort, expected):
    assert names(client.get(URL, {"sort": sort} if sort else {})) == expected


def test_the_list_shows_first_reported_kind_and_article_counts(client, initiatives):
    response = client.get(URL, {"sort": "articles"})
    html = response.content.decode()
    ordinance = response.context["page"].object_list[0]

    assert ordinance.n == 3
    assert "<th" in html and "첫 보도</a></th>" in html
    assert (
        '<td data-label="유형"><a href="?kind=ordinance">AI 조례·조례안</a></td>'
        in html
    )
    assert '<td data-label="첫 보도">2024-09-01</td>' in html
    assert f'href="/articles/?initiative={ordinance.slug}">3</a>' in html


def test_suggestions_carry_a_badge_that_no_stage_shares(client, initiatives):
    html = client.get(URL).content.decode()
    rows = {
        name: html[html.index(name) : html.index("</tr>", html.index(name))]
        for name in ("마포 AI CCTV 고속검색시스템", "동작 AI 돌봄로봇")
    }

    assert "제안됨 · suggested" in rows["마포 AI CCTV 고속검색시스템"]
    assert "제안됨" not in rows["동작 AI 돌봄로봇"]
    stages = dict(Initiative.Stage.choices).values()
    assert all("제안" not in str(label) for label in stages)


def test_the_confirmed_only_switch_keeps_the_other_filters(client, initiatives):
    response = client.get(URL, {"kind": "cctv-safety", "page": "1"})
    links = response.context["links"]
    assert links["toggle_confirmed"] == "?kind=cctv-safety&state=confirmed"
    assert names(client.get(URL + links["toggle_confirmed"])) == []

    switched = client.get(URL, {"kind": "cctv-safety", "state": "confirmed"})
    assert switched.context["links"]["toggle_confirmed"] == "?kind=cctv-safety"
    assert "제안도 보기" in switched.content.decode()


def test_the_first_reported_header_sorts_then_reverses(client, initiatives):
    links = client.get(URL, {"district": "mapo"}).context["links"]
    assert links["first"] == "?district=mapo&sort=first"
    again = client.get(URL + links["first"]).context["links"]
    assert again["first"] == "?district=mapo&sort=-first"


def test_the_initiative_csv_has_the_same_filters_and_the_new_columns(
    client, initiatives
):
    response = client.get(reverse("tracker:initiative-export"), {"kind": "ordinance"})
    data = b"".join(response.streaming_content)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))

    assert rows[0][3:8] == ["유형", "분야", "단계", "출처", "검토 상태"]
    assert rows[0][11] == "첫 보도"
    assert len(rows) == 2
    assert rows[1][1] == "강서구 인공지능 기본조례"
    assert rows[1][3:8] == [
        "AI 조례·조례안",
        "행정",
        "조례 제정",
        "카탈로그",
        "확인됨",
    ]
    assert rows[1][11:] == ["2024-09-01", "2024-09-01", "3"]


def test_the_csv_sorted_by_articles_keeps_its_counts(client, initiatives):
    response = client.get(reverse("tracker:initiative-export"), {"sort": "articles"})
    data = b"".join(response.streaming_content)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [row[-1] for row in rows[1:]] == ["3", "1", "0", "0"]


def test_the_list_keeps_a_fixed_number_of_queries(
    client, initiatives, django_assert_max_num_queries
):
    for _ in range(40):
        initiative = InitiativeFactory(
            kind="chatbot", districts=[district("seongdong"), district("mapo")]
        )
        InitiativeLinkFactory(initiative=initiative, article=ArticleFactory())
    Tally.objects.refresh()  # upkeep of kept counts, not the page's own cost
    for params in ({}, {"sort": "articles"}, {"district": "mapo", "q": "AI"}):
        with django_assert_max_num_queries(8):
            response = client.get(URL, params)
        assert response.status_code == 200
