"""The review queue's section on discovered initiatives: what it lists, what each of
confirm, rename, re-type, merge and reject writes (the rows and the history), who may
press them, and how they answer htmx and plain forms."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from districts.models import District
from tests.factories import ArticleFactory
from tests.tracker.reviewing import member
from tracker.models import (
    Change,
    Initiative,
    InitiativeKind,
    InitiativeLink,
    InitiativeRedirect,
)

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")
QUEUE = "/review/"


@pytest.fixture
def as_analyst(client):
    client.force_login(member("analyst", "analyst-lee"))
    return client


def suggestion(name: str, district: str = "dobong", kind: str = "disaster-environment"):
    """A discovered initiative reported by one article, as resolution leaves it."""
    initiative = Initiative.objects.create(
        slug=f"{district}-{Initiative.objects.count()}",
        name_ko=name,
        kind=InitiativeKind.objects.get(slug=kind),
        category="safety",
        stage="pilot",
        origin="discovered",
        review_state="suggested",
        known_names=[name],
    )
    initiative.districts.add(District.objects.get(slug=district))
    article = ArticleFactory(
        title=f"{name} 시범 운영",
        published_at=datetime(2025, 4, 2, 9, tzinfo=SEOUL),
        publisher="누리통신",
    )
    InitiativeLink.objects.create(
        article=article,
        initiative=initiative,
        confidence=0.7,
        evidence=f"서울 도봉구는 {name}을 시범 운영한다고 2일 밝혔다.",
        event="pilot",
        name_as_reported=name,
    )
    return initiative


@pytest.fixture
def wildfire():
    return suggestion("AI 산불감시 시스템")


def last_change(obj) -> Change:
    return Change.objects.about(obj).first()


def url(action: str, initiative) -> str:
    return reverse(f"tracker:review-suggested-{action}", args=[initiative.pk])


# --- What the section lists ------------------------------------------------------------


def test_the_queue_lists_suggested_initiatives_with_their_first_evidence(
    as_curator, wildfire
):
    response = as_curator.get(QUEUE)
    page = response.content.decode()

    assert [i.name_ko for i in response.context["suggested"]] == ["AI 산불감시 시스템"]
    section = page[page.index('id="suggested-initiatives"') :]
    assert "AI 산불감시 시스템" in section
    assert "도봉구" in section
    assert "재난·환경 감시" in section  # the kind
    assert "시범 운영" in section  # the stage
    assert "서울 도봉구는 AI 산불감시 시스템을 시범 운영한다고 2일 밝혔다." in section
    article = wildfire.links.get().article
    assert f'href="{article.get_absolute_url()}"' in section
    assert "2025-04-02" in section
    for action in ("confirm", "rename", "reject"):
        assert f'action="{url(action, wildfire)}"' in section, action
    for action in ("retype", "merge"):  # fetched when opened
        assert f'href="{url(action, wildfire)}?next=/review/"' in section, action


def test_an_initiatives_reports_come_earliest_first_and_undated_last(
    as_curator, wildfire
):
    InitiativeLink.objects.create(
        article=ArticleFactory(title="날짜 없는 산불 기사", published_at=None),
        initiative=wildfire,
        confidence=0.9,
        evidence="날짜 없는 기사의 근거 문장.",
        event="pilot",
    )

    listed = as_curator.get(QUEUE).context["suggested"][0]

    titles = [link.article.title for link in listed.links.all()]
    assert titles == ["AI 산불감시 시스템 시범 운영", "날짜 없는 산불 기사"]


def test_confirmed_catalogue_and_rejected_initiatives_are_not_listed(as_curator):
    Initiative.objects.filter(pk=suggestion("AI 침수 예측").pk).update(
        review_state="confirmed"
    )
    Initiative.objects.filter(pk=suggestion("AI 행사 안내").pk).update(
        review_state="rejected"
    )
    assert Initiative.objects.filter(origin="catalogue").exists()

    response = as_curator.get(QUEUE)

    assert list(response.context["suggested"]) == []
    assert "제안된 정책이 없습니다." in response.content.decode()


def test_the_merge_form_offers_the_same_district_and_the_city_then_a_search(
    as_curator, wildfire
):
    near = Initiative.objects.create(slug="dobong-forest", name_ko="도봉구 산림 안전망")
    near.districts.add(District.objects.get(slug="dobong"))
    citywide = Initiative.objects.create(
        slug="seoul-ai-wildfire", name_ko="서울 AI 산불"
    )
    far = Initiative.objects.get(slug="gangseo-ai-wildfire-watch")
    htmx = {"HX-Request": "true"}

    form = as_curator.get(url("merge", wildfire), headers=htmx).content.decode()

    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', form, re.S)
    assert [label for label, _ in groups] == ["같은 자치구", "서울시 전체"]
    assert f'value="{near.slug}"' in groups[0][1]
    assert f'value="{citywide.slug}"' in groups[1][1]
    assert far.slug not in form
    assert f'value="{wildfire.slug}"' not in form  # not into itself
    assert f'action="{url("merge", wildfire)}"' in form

    found = as_curator.get(
        url("merge", wildfire), {"q": "산불", "part": "options"}, headers=htmx
    ).content.decode()

    assert not found.lstrip().startswith("<form")
    groups = dict(
        re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', found, re.S)
    )
    assert list(groups) == ["서울시 전체", "다른 자치구"]
    assert f'value="{far.slug}"' in groups["다른 자치구"]
    assert "(강서구)" in groups["다른 자치구"]  # whose it is
    assert near.slug not in found  # its name does not match


def test_the_section_uses_the_same_number_of_queries_for_2_or_10_items(
    as_curator, django_assert_max_num_queries
):
    for n in range(2):
        suggestion(f"AI 감시 {n}호")
    with django_assert_max_num_queries(30) as small:
        as_curator.get(QUEUE)
    for n in range(2, 10):
        suggestion(f"AI 감시 {n}호")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = as_curator.get(QUEUE)
    assert len(response.context["suggested"].object_list) == 10


# --- What each button writes -----------------------------------------------------------


def test_confirm_makes_it_an_initiative_and_records_who(as_curator, curator, wildfire):
    response = as_curator.post(url("confirm", wildfire), {"next": QUEUE})

    assert response.status_code == 302
    assert response.url == f"/review/#suggestion-{wildfire.pk}"
    wildfire.refresh_from_db()
    assert (wildfire.review_state, wildfire.reviewed_by) == ("confirmed", curator)
    change = last_change(wildfire)
    assert (change.action, change.user) == ("initiative confirmed", curator)
    assert change.changes == {"review_state": ["suggested", "confirmed"]}


def test_rename_keeps_the_old_wording_as_a_known_name(as_curator, curator, wildfire):
    as_curator.post(
        url("rename", wildfire),
        {"name_ko": "도봉산 AI 산불 감시", "name_en": "Dobong-san wildfire AI"},
    )

    wildfire.refresh_from_db()
    assert (wildfire.name_ko, wildfire.name_en) == (
        "도봉산 AI 산불 감시",
        "Dobong-san wildfire AI",
    )
    assert wildfire.known_names == ["AI 산불감시 시스템", "도봉산 AI 산불 감시"]
    assert wildfire.review_state == "suggested"
    change = last_change(wildfire)
    assert change.action == "initiative renamed"
    assert change.changes == {
        "name_ko": ["AI 산불감시 시스템", "도봉산 AI 산불 감시"],
        "name_en": ["", "Dobong-san wildfire AI"],
    }


def test_a_rename_without_a_korean_name_is_refused(as_curator, wildfire):
    response = as_curator.post(
        url("rename", wildfire),
        {"name_ko": "  ", "name_en": "x"},
        headers={"HX-Request": "true"},
    )

    wildfire.refresh_from_db()
    assert wildfire.name_ko == "AI 산불감시 시스템"
    assert 'role="alert"' in response.content.decode()
    assert not Change.objects.exists()


def test_retype_changes_the_kind_and_its_category(as_curator, curator, wildfire):
    as_curator.post(url("retype", wildfire), {"kind": "senior-care"})

    wildfire.refresh_from_db()
    assert (wildfire.kind.slug, wildfire.category) == ("senior-care", "welfare")
    change = last_change(wildfire)
    assert change.action == "initiative re-typed"
    assert change.changes == {
        "kind": ["재난·환경 감시", "AI 어르신 돌봄"],
        "category": ["safety", "welfare"],
    }


def test_an_unknown_kind_changes_nothing(as_curator, wildfire):
    as_curator.post(url("retype", wildfire), {"kind": "atlantis"})

    wildfire.refresh_from_db()
    assert wildfire.kind.slug == "disaster-environment"


def test_merge_moves_the_tags_and_names_and_leaves_a_redirect(
    as_curator, curator, wildfire
):
    target = Initiative.objects.create(
        slug="dobong-forest", name_ko="도봉구 산림 안전망", category="safety"
    )
    link = wildfire.links.get()
    old_slug = wildfire.slug

    response = as_curator.post(
        url("merge", wildfire), {"target": target.slug}, headers={"HX-Request": "true"}
    )

    assert not Initiative.objects.filter(pk=wildfire.pk).exists()
    link.refresh_from_db()
    assert link.initiative == target
    target.refresh_from_db()
    assert "AI 산불감시 시스템" in target.known_names
    assert InitiativeRedirect.objects.get(old_slug=old_slug).initiative == target
    change = last_change(target)
    assert (change.action, change.user) == ("initiatives merged", curator)
    html = response.content.decode()
    assert html.strip().startswith(
        f'<li class="review-item decided" id="suggestion-{wildfire.pk}"'
    )
    assert "도봉구 산림 안전망" in html


@pytest.mark.parametrize("target", ["", "nowhere", "self", "rejected"])
def test_a_merge_needs_another_standing_initiative(as_curator, wildfire, target):
    rejected = Initiative.objects.create(
        slug="dobong-no", name_ko="거절된 정책", review_state="rejected"
    )
    slugs = {"self": wildfire.slug, "rejected": rejected.slug}

    as_curator.post(url("merge", wildfire), {"target": slugs.get(target, target)})

    assert Initiative.objects.filter(pk=wildfire.pk).exists()
    assert not Change.objects.exists()


def test_reject_rejects_its_open_tags_and_keeps_the_name(as_curator, curator, wildfire):
    as_curator.post(url("reject", wildfire), {"reason": "장비 구매일 뿐"})

    wildfire.refresh_from_db()
    assert wildfire.review_state == "rejected"
    assert wildfire.known_names == ["AI 산불감시 시스템"]
    link = wildfire.links.get()
    assert (link.review_state, link.reviewed_by) == ("rejected", curator)
    change = last_change(wildfire)
    assert (change.action, change.reason) == ("initiative rejected", "장비 구매일 뿐")
    assert last_change(link).action == "link rejected"


def test_the_history_shows_the_decisions_in_korean(as_curator, wildfire):
    as_curator.post(url("confirm", wildfire))

    page = as_curator.get(reverse("tracker:history")).content.decode()

    assert "정책 확인" in page


# --- htmx ---------------------------------------------------------------------------------


def test_an_htmx_confirm_answers_with_the_decided_item(as_curator, wildfire):
    response = as_curator.post(
        url("confirm", wildfire),
        {"next": "/review/?ipage=1"},
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.strip().startswith(
        f'<li class="review-item decided" id="suggestion-{wildfire.pk}"'
    )
    assert "확인" in html


def test_an_htmx_rename_answers_with_the_item_still_open(as_curator, wildfire):
    response = as_curator.post(
        url("rename", wildfire),
        {"name_ko": "도봉산 AI 산불 감시", "name_en": "", "next": "/review/?ipage=2"},
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    assert html.strip().startswith(
        f'<li class="review-item suggested-initiative" id="suggestion-{wildfire.pk}"'
    )
    assert "도봉산 AI 산불 감시" in html
    assert 'value="/review/?ipage=2"' in html
    assert f'href="{url("merge", wildfire)}?next=/review/%3Fipage%3D2"' in html


# --- Who may do what -------------------------------------------------------------------


def every_write(initiative) -> list[tuple[str, dict]]:
    return [
        (url("confirm", initiative), {}),
        (url("reject", initiative), {"reason": "위조"}),
        (url("rename", initiative), {"name_ko": "위조된 이름", "name_en": ""}),
        (url("retype", initiative), {"kind": "senior-care"}),
        (url("merge", initiative), {"target": "gangseo-ai-library"}),
    ]


def snapshot() -> tuple:
    return (
        tuple(
            Initiative.objects.order_by("pk").values_list(
                "pk", "name_ko", "kind", "review_state"
            )
        ),
        tuple(InitiativeLink.objects.values_list("initiative", "review_state")),
        Change.objects.count(),
    )


def test_an_analysts_posts_are_forbidden_and_change_nothing(as_analyst, wildfire):
    before = snapshot()

    statuses = [
        as_analyst.post(u, data).status_code for u, data in every_write(wildfire)
    ]

    assert statuses == [403] * 5
    assert snapshot() == before


def test_an_anonymous_visitor_is_sent_to_log_in(client, wildfire):
    before = snapshot()

    responses = [client.post(u, data) for u, data in every_write(wildfire)]

    assert all(r.url.startswith(reverse("login")) for r in responses)
    assert snapshot() == before


def test_the_decisions_refuse_get(as_curator, wildfire):
    assert as_curator.get(url("confirm", wildfire)).status_code == 405
