"""Merging two initiatives that one article both reports, and confirming a discovered
initiative (issue 9): the tag that stands is the confirmed one or the furthest event,
what only the other knew is folded in and written in the history, an untouched
suggestion's stage follows the furthest event; confirming confirms the open tags."""

from datetime import date

import pytest
from django.contrib.auth.models import Group

from districts.models import District
from tests.factories import ArticleFactory, UserFactory
from tracker import curation, initiative_curation
from tracker.models import Change, Initiative, InitiativeLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator():
    user = UserFactory(username="curator-kim")
    user.groups.add(Group.objects.get(name="curator"))
    return user


def suggestion(slug: str, name: str, stage: str = "announced") -> Initiative:
    made = Initiative.objects.create(
        slug=slug,
        name_ko=name,
        category="safety",
        stage=stage,
        origin="discovered",
        review_state="suggested",
        known_names=[name],
    )
    made.districts.add(District.objects.get(slug="dobong"))
    return made


def tag(article, initiative, event: str, name: str, **fields) -> InitiativeLink:
    return InitiativeLink.objects.create(
        article=article,
        initiative=initiative,
        confidence=0.7,
        evidence=f"도봉구는 {name}을 운영한다.",
        event=event,
        name_as_reported=name,
        **fields,
    )


def merge_change(target) -> Change:
    return Change.objects.about(target).get(action="initiatives merged")


def test_the_furthest_event_stands_and_takes_what_only_the_other_knew(curator):
    target = suggestion("dobong-wildfire", "AI 산불감시 시스템")
    source = suggestion("dobong-wildfire-2", "인공지능 산불 감시체계")
    article = ArticleFactory()
    announced = tag(
        article,
        target,
        "announced",
        "AI 산불감시 시스템",
        partners=["가람대학교"],
        amount_won=300_000_000,
    )
    launched = tag(article, source, "launched", "인공지능 산불 감시체계")

    initiative_curation.merge_initiatives(source, target, curator)

    kept = InitiativeLink.objects.get(article=article)
    assert kept.pk == launched.pk and kept.initiative == target
    assert kept.event == "launched"
    assert (kept.partners, kept.amount_won) == (["가람대학교"], 300_000_000)
    assert not InitiativeLink.objects.filter(pk=announced.pk).exists()
    target.refresh_from_db()
    assert target.known_names == ["AI 산불감시 시스템", "인공지능 산불 감시체계"]
    # An untouched suggestion follows the furthest stage its articles report.
    assert target.stage == "launched"
    changes = merge_change(target).changes
    assert changes["stage"] == ["announced", "launched"]
    dropped, standing = changes["folded"]
    assert f"#{article.pk} announced (suggested) AI 산불감시 시스템" == dropped
    assert f"#{article.pk} launched (suggested) 인공지능 산불 감시체계" == standing


def test_a_confirmed_tag_outranks_a_further_suggestion_and_its_date_is_kept(curator):
    target = suggestion("dobong-wildfire", "AI 산불감시 시스템")
    source = suggestion("dobong-wildfire-2", "인공지능 산불 감시체계")
    article = ArticleFactory()
    confirmed = tag(article, target, "pilot", "AI 산불감시 시스템")
    curation.review(confirmed, "confirmed", curator)
    tag(
        article,
        source,
        "pilot",
        "인공지능 산불 감시체계",
        event_date=date(2025, 3, 1),
        event_date_precision="month",
    )
    expanded = ArticleFactory()
    tag(expanded, source, "expanded", "산불 감시체계")

    initiative_curation.merge_initiatives(source, target, curator)

    kept = InitiativeLink.objects.get(article=article)
    assert (kept.pk, kept.review_state) == (confirmed.pk, "confirmed")
    # The same event, dated only by the dropped tag: the date is not lost.
    assert (kept.event_date, kept.event_date_precision) == (date(2025, 3, 1), "month")
    target.refresh_from_db()
    assert "인공지능 산불 감시체계" in target.known_names
    assert target.stage == "expanded"  # the other article's event, still open
    assert target.links.count() == 2


def test_a_curators_initiative_moves_on_only_with_confirmed_events(curator):
    target = suggestion("dobong-wildfire", "AI 산불감시 시스템", stage="pilot")
    initiative_curation.confirm_initiative(target, curator)
    source = suggestion("dobong-wildfire-2", "인공지능 산불 감시체계", stage="launched")
    tag(ArticleFactory(), source, "launched", "인공지능 산불 감시체계")

    initiative_curation.merge_initiatives(source, target, curator)

    target.refresh_from_db()
    assert target.stage == "pilot"
    assert "stage" not in merge_change(target).changes


def test_a_rejected_tag_lends_nothing(curator):
    target = suggestion("dobong-wildfire", "AI 산불감시 시스템")
    source = suggestion("dobong-wildfire-2", "인공지능 산불 감시체계")
    article = ArticleFactory()
    standing = tag(article, target, "pilot", "AI 산불감시 시스템")
    rejected = tag(
        article, source, "launched", "산불 행사 안내", partners=["가짜 협력사"]
    )
    curation.review(rejected, "rejected", curator)

    initiative_curation.merge_initiatives(source, target, curator)

    kept = InitiativeLink.objects.get(article=article)
    assert (kept.pk, kept.partners) == (standing.pk, [])
    target.refresh_from_db()
    assert "산불 행사 안내" not in target.known_names
    assert target.stage == "pilot"


# --- Confirming ----------------------------------------------------------------------------


def test_confirming_an_initiative_confirms_its_open_tags_with_their_history(curator):
    initiative = suggestion("dobong-wildfire", "AI 산불감시 시스템", stage="pilot")
    first = tag(ArticleFactory(), initiative, "pilot", "AI 산불감시 시스템")
    later = tag(ArticleFactory(), initiative, "launched", "AI 산불감시 시스템")
    rejected = tag(ArticleFactory(), initiative, "ended", "AI 산불감시 시스템")
    curation.review(rejected, "rejected", curator)
    by_hand = tag(
        ArticleFactory(), initiative, "pilot", "AI 산불감시 시스템", origin="curator"
    )

    n = initiative_curation.confirm_initiative(initiative, curator)

    assert n == 2
    states = dict(
        InitiativeLink.objects.filter(initiative=initiative).values_list(
            "pk", "review_state"
        )
    )
    assert states == {
        first.pk: "confirmed",
        later.pk: "confirmed",
        rejected.pk: "rejected",
        by_hand.pk: "suggested",  # a curator's own tag waits for its own review
    }
    for link in (first, later):
        change = Change.objects.about(link).get()
        assert (change.action, change.user) == ("link confirmed", curator)
    initiative.refresh_from_db()
    assert (initiative.review_state, initiative.stage) == ("confirmed", "launched")


def test_the_queue_says_how_many_tags_were_confirmed(client, curator):
    initiative = suggestion("dobong-wildfire", "AI 산불감시 시스템")
    tag(ArticleFactory(), initiative, "pilot", "AI 산불감시 시스템")
    tag(ArticleFactory(), initiative, "pilot", "AI 산불감시 시스템")
    client.force_login(curator)

    response = client.post(
        f"/review/initiatives/{initiative.pk}/confirm/",
        {"next": "/review/"},
        follow=True,
    )

    assert "발견된 태그 2개도 함께 확인했습니다." in response.content.decode()


def test_nothing_merges_into_a_rejected_initiative(curator, client):
    source = suggestion("gangseo-a", "강서 AI 안내 로봇")
    rejected = suggestion("gangseo-b", "강서 AI 안내 로봇 사업")
    rejected.review_state = "rejected"
    rejected.save()

    with pytest.raises(ValueError, match="rejected"):
        initiative_curation.merge_initiatives(source, rejected, curator)

    client.force_login(curator)
    response = client.post(
        f"/initiatives/{source.slug}/merge/", {"target": rejected.slug}
    )
    assert response.status_code == 302
    assert Initiative.objects.filter(pk=source.pk).exists()
