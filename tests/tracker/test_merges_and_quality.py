"""What curators' decisions add up to: merging initiatives (every link moves, decisions
and open suggestions are kept, old addresses lead to where the initiative went),
choosing the same initiative again as a plain confirmation, the date an initiative
was last verified on its page, and the quality figures (confirmed, changed and
rejected suggestions per confidence band) with the page that shows them."""

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory
from tests.tracker.curating import link, member, tag
from tracker import curation, initiative_curation, quality
from tracker.models import Article, Change, Initiative, InitiativeLink, ReviewState

pytestmark = pytest.mark.django_db


def test_merging_two_initiatives_moves_every_link_and_keeps_decisions(client):
    curator = member("curator")
    source = Initiative.objects.get(slug="gangseo-ai-wildfire-watch")
    target = Initiative.objects.get(slug="gangseo-ai-library")
    only_source = tag(ArticleFactory(), source.slug)
    shared = ArticleFactory()
    confirmed = tag(shared, source.slug)
    curation.review(confirmed, ReviewState.CONFIRMED, curator)
    tag(shared, target.slug)  # an open suggestion on the same article
    client.force_login(curator)

    response = client.post(
        reverse("tracker:initiative-merge", args=[source.slug]),
        {"target": target.slug, "reason": "같은 사업"},
    )

    assert response.status_code == 302 and response.url == target.get_absolute_url()
    assert not Initiative.objects.filter(pk=source.pk).exists()
    assert InitiativeLink.objects.get(pk=only_source.pk).initiative == target
    kept = InitiativeLink.objects.get(article=shared)
    assert (kept.pk, kept.review_state) == (confirmed.pk, ReviewState.CONFIRMED)
    target.refresh_from_db()
    assert set(source.match_terms) <= set(target.match_terms)
    merge = Change.objects.get(action="initiatives merged")
    assert merge.reason == "같은 사업" and merge.user == curator


def test_the_initiative_page_shows_when_a_curator_last_verified_it(
    client, django_capture_on_commit_callbacks
):
    curator = member("curator")
    link_ = tag(ArticleFactory(), "gangseo-ai-library")
    html = client.get(
        reverse("tracker:initiative-detail", args=["gangseo-ai-library"])
    ).content.decode()
    assert "not yet" in html or "아직" in html
    # Committed, so the figures' version moves on and the page is not the cached one.
    with django_capture_on_commit_callbacks(execute=True):
        curation.review(link_, ReviewState.CONFIRMED, curator)
    link_.refresh_from_db()
    html = client.get(
        reverse("tracker:initiative-detail", args=["gangseo-ai-library"])
    ).content.decode()
    assert (
        link_.reviewed_at.astimezone().strftime("%Y-%m-%d") in html
        or f"{link_.reviewed_at:%Y-%m-%d}" in html
    )


def test_quality_figures_match_the_decisions_made():
    curator = member("curator")
    articles = [ArticleFactory() for _ in range(5)]
    high = [link(articles[i], confidence=0.97) for i in range(3)]
    low = [link(articles[i], slug="guro", confidence=0.4) for i in range(3, 5)]
    curation.review(high[0], ReviewState.CONFIRMED, curator)
    curation.review(high[1], ReviewState.CONFIRMED, curator)
    curation.change_district_link(high[2], curator, role="mentioned")
    curation.review(low[0], ReviewState.REJECTED, curator)
    link(ArticleFactory(), confidence=0.6)  # never reviewed: not counted
    curation.decide_article(articles[0], Article.Status.APPROVED, curator)
    curation.decide_article(
        articles[1], Article.Status.REJECTED, curator, relevant=False
    )

    figures = quality.summary()
    bands = {row["label"]: row for row in figures["districts"]["bands"]}
    assert bands["0.95–1.00"]["total"] == 3
    assert (bands["0.95–1.00"]["confirmed"], bands["0.95–1.00"]["changed"]) == (2, 1)
    assert bands["0.95–1.00"]["confirmed_share"] == pytest.approx(2 / 3)
    assert (bands["0.00–0.50"]["rejected"], bands["0.00–0.50"]["total"]) == (1, 1)
    assert sum(row["total"] for row in figures["districts"]["months"]) == 4
    relevance = figures["relevance"]["bands"]
    assert sum(row["confirmed"] for row in relevance) == 1
    assert sum(row["rejected"] for row in relevance) == 1


def test_the_quality_page_shows_the_figures(client):
    curator = member("curator")
    curation.review(
        link(ArticleFactory(), confidence=0.9), ReviewState.REJECTED, curator
    )
    client.force_login(curator)
    html = client.get(reverse("tracker:quality")).content.decode()
    assert "0.85–0.95" in html and "100%" in html


def test_choosing_the_same_initiative_is_a_plain_confirmation():
    curator = member("curator")
    tagged = tag(ArticleFactory(), "gangseo-ai-library")
    curation.change_initiative_link(tagged, curator, initiative=tagged.initiative)
    tagged.refresh_from_db()
    assert (tagged.review_state, tagged.is_changed) == (ReviewState.CONFIRMED, False)


def test_merging_keeps_an_open_suggestion_over_a_rejected_one():
    curator = member("curator")
    source = Initiative.objects.get(slug="gangseo-ai-wildfire-watch")
    target = Initiative.objects.get(slug="gangseo-ai-library")
    article = ArticleFactory()
    open_one = tag(article, source.slug)
    rejected = tag(article, target.slug)
    curation.review(rejected, ReviewState.REJECTED, curator)

    initiative_curation.merge_initiatives(source, target, curator)

    kept = InitiativeLink.objects.get(article=article)
    assert (kept.pk, kept.initiative, kept.review_state) == (
        open_one.pk,
        target,
        ReviewState.SUGGESTED,
    )


def test_a_merged_initiatives_old_address_leads_to_where_it_went(client):
    curator = member("curator")
    first = Initiative.objects.get(slug="gangseo-ai-wildfire-watch")
    second = Initiative.objects.get(slug="gangseo-ai-library")
    third = Initiative.objects.get(slug="gangseo-smart-health-check")
    initiative_curation.merge_initiatives(first, second, curator)
    initiative_curation.merge_initiatives(second, third, curator)

    for old in ("gangseo-ai-wildfire-watch", "gangseo-ai-library"):
        response = client.get(reverse("tracker:initiative-detail", args=[old]))
        assert response.status_code == 301 and response.url == third.get_absolute_url()
    assert (
        client.get(
            reverse("tracker:initiative-detail", args=["never-existed"])
        ).status_code
        == 404
    )
