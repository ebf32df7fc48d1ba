"""The overview and the district page count initiatives per kind, mark the suggestions
among them, and link to lists that hold exactly those rows; every page links the matrix."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from districts.models import District
from tests.factories import InitiativeFactory
from tracker.models import Initiative, InitiativeKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def mapo_initiatives():
    Initiative.objects.all().delete()
    mapo = District.objects.get(slug="mapo")
    today = timezone.localdate()
    return [
        InitiativeFactory(
            name_ko="마포 AI CCTV",
            kind="cctv-safety",
            districts=[mapo],
            last_seen=today,
        ),
        InitiativeFactory(
            name_ko="마포 실종자 검색",
            kind="cctv-safety",
            districts=[mapo],
            review_state="confirmed",
            last_seen=today,
        ),
        InitiativeFactory(
            name_ko="마포 AI 조례",
            kind="ordinance",
            districts=[mapo],
            review_state="confirmed",
            last_seen=today - timedelta(days=800),
        ),
        InitiativeFactory(
            name_ko="마포 거절된 것",
            kind="ordinance",
            districts=[mapo],
            review_state="rejected",
            last_seen=today,
        ),
    ]


def kinds(rows) -> list[tuple[str, int, int]]:
    return [(row["kind"].slug, row["n"], row["suggested"]) for row in rows]


def test_the_overview_counts_initiatives_seen_in_the_period_per_kind(
    client, mapo_initiatives
):
    response = client.get(reverse("tracker:home"))  # last 12 months
    assert kinds(response.context["overview"]["kinds"]) == [("cctv-safety", 2, 1)]
    everything = client.get(reverse("tracker:home"), {"period": "all"})
    assert kinds(everything.context["overview"]["kinds"]) == [
        ("ordinance", 1, 0),
        ("cctv-safety", 2, 1),
    ]

    html = response.content.decode()
    assert '<a href="/initiatives/?kind=cctv-safety&amp;period=1y">' in html
    listed = client.get("/initiatives/", {"kind": "cctv-safety", "period": "1y"})
    assert listed.context["page"].paginator.count == 2
    suggested = "/initiatives/?kind=cctv-safety&amp;state=suggested&amp;period=1y"
    assert f'<a class="count" href="{suggested}"' in html
    assert "제안 1개" in html
    assert 'href="/initiatives/matrix/?period=1y"' in html


def test_the_overview_marks_suggestions_among_the_most_active(client):
    from tests.factories import InitiativeLinkFactory

    suggestion = InitiativeFactory(name_ko="성동 민원 챗봇", kind="chatbot")
    InitiativeLinkFactory(initiative=suggestion)
    html = client.get(reverse("tracker:home"), {"period": "all"}).content.decode()
    table = html[html.index('id="initiatives-heading"') :]
    row = table[table.index("성동 민원 챗봇") :]
    assert row.index("제안됨 · suggested") < row.index("</tr>")
    # In the article rows too: the initiative's chip says it is a suggestion.
    assert 'class="chip initiative suggested" title="제안됨 · suggested"' in html


def test_the_district_page_counts_its_initiatives_per_kind(client, mapo_initiatives):
    response = client.get(reverse("districts:detail", args=["mapo"]))
    html = response.content.decode()

    assert kinds(response.context["by_kind"]) == [
        ("ordinance", 1, 0),
        ("cctv-safety", 2, 1),
    ]
    assert '<a href="/initiatives/?kind=cctv-safety&amp;district=mapo">' in html
    assert "마포 거절된 것" not in html
    assert html.count("제안됨 · suggested") == 1
    assert '<td data-label="유형">지능형 CCTV·안전</td>' in html
    listed = client.get("/initiatives/", {"kind": "cctv-safety", "district": "mapo"})
    assert listed.context["page"].paginator.count == 2


def test_every_page_links_the_matrix(client):
    html = client.get(reverse("tracker:article-list")).content.decode()
    assert '<a href="/initiatives/matrix/">현황표</a>' in html


def test_unclassified_initiatives_are_counted_last(client, mapo_initiatives):
    InitiativeFactory(name_ko="마포 미분류", kind=None, last_seen=date.today())
    response = client.get(reverse("tracker:home"), {"period": "all"})
    rows = response.context["overview"]["kinds"]
    assert rows[-1]["kind"] is None and rows[-1]["n"] == 1
    assert '<a href="/initiatives/?kind=none">미분류</a>' in response.content.decode()


def test_kinds_of_equal_order_are_counted_in_slug_order(client):
    # As InitiativeKind orders itself: a curator's new kinds start at the same order.
    like = InitiativeKind.objects.get(slug="ordinance")
    for slug in ("zz-made-first", "aa-made-second"):
        kind = InitiativeKind.objects.create(
            slug=slug,
            name_ko=slug,
            name_en=slug,
            oecd_category=like.oecd_category,
            order=99,
        )
        InitiativeFactory(name_ko=f"마포 {slug}", kind=kind, last_seen=date.today())
    response = client.get(reverse("tracker:home"), {"period": "all"})
    slugs = [row["kind"].slug for row in response.context["overview"]["kinds"]]
    assert slugs[-2:] == ["aa-made-second", "zz-made-first"]
