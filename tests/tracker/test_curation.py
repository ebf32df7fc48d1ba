"""Curators' decisions: they survive re-tagging, advance stages, and teach the tagger."""

import pytest

from tests.factories import StaffFactory
from tracker import curation
from tracker.ingest import service
from tracker.models import (
    Article,
    DistrictLink,
    Initiative,
    InitiativeLink,
    InitiativeSuggestion,
    ReviewState,
)

pytestmark = pytest.mark.django_db

GANGSEO = (
    "강서구, AI 전문 도서관 짓는다\n"
    "서울 강서구는 마곡동에 AI 전문 도서관을 짓는다고 3일 밝혔다.\n"
    "구는 지난해 서울 자치구 가운데 처음으로 인공지능 기본조례를 제정했다.\n"
)
GANGDONG = (
    "강동구, 홀몸 어르신 댁에 AI 돌봄 스피커 보급\n"
    "서울 강동구는 홀로 사는 어르신 300가구에 AI 돌봄 스피커를 보급한다고 2일 밝혔다.\n"
    "AI 돌봄 스피커는 위급한 말을 알아듣고 관제센터에 알린다.\n"
)
GANGDONG_LATER = (
    "강동구 AI 돌봄 스피커, 석 달 만에 위급 상황 12건 막아\n"
    "서울 강동구는 AI 돌봄 스피커가 석 달 동안 위급 상황 12건을 알렸다고 9일 밝혔다.\n"
    "구는 스피커를 200가구에 더 보급할 계획이다.\n"
)


def ingest(text: str, name: str) -> Article:
    run = service.start_run("command")
    item = service.add_file(run, name, text.encode())
    outcome = service.process_item(item.pk)
    assert outcome.status == "created", outcome.reason
    return outcome.article


@pytest.fixture
def curator():
    return StaffFactory()


def test_an_article_is_tagged_with_catalogue_initiatives_and_their_events():
    article = ingest(GANGSEO, "gangseo.txt")
    links = {link.initiative.slug: link for link in article.initiative_links.all()}

    assert {"gangseo-ai-library", "gangseo-ai-basic-ordinance"} <= set(links)
    ordinance = links["gangseo-ai-basic-ordinance"]
    assert ordinance.event == Initiative.Stage.ORDINANCE
    assert "인공지능 기본조례" in ordinance.evidence
    assert 0 < ordinance.confidence <= 1
    assert article.district_links.get().district.slug == "gangseo"


def test_a_curators_decisions_survive_a_retag(curator):
    article = ingest(GANGSEO, "gangseo.txt")
    library = article.initiative_links.get(initiative__slug="gangseo-ai-library")
    ordinance = article.initiative_links.get(
        initiative__slug="gangseo-ai-basic-ordinance"
    )
    district = article.district_links.get()
    curation.review(library, ReviewState.CONFIRMED, curator)
    curation.review(ordinance, ReviewState.REJECTED, curator)
    curation.review(district, ReviewState.CONFIRMED, curator)

    service.retag(article)

    library.refresh_from_db()
    assert library.review_state == ReviewState.CONFIRMED
    assert library.reviewed_by == curator
    assert (
        InitiativeLink.objects.get(pk=ordinance.pk).review_state == ReviewState.REJECTED
    )
    assert (
        DistrictLink.objects.get(pk=district.pk).review_state == ReviewState.CONFIRMED
    )
    assert (
        article.initiative_links.filter(
            initiative__slug="gangseo-ai-basic-ordinance"
        ).count()
        == 1
    )


def test_a_stage_moves_forward_only_when_a_curator_confirms_the_event(curator):
    initiative = Initiative.objects.get(slug="gangseo-ai-library")
    initiative.stage = Initiative.Stage.PLANNED
    initiative.save()
    article = ingest(GANGSEO + "구는 AI 전문 도서관을 오늘 개관했다.\n", "opened.txt")
    link = article.initiative_links.get(initiative=initiative)
    assert link.event == Initiative.Stage.LAUNCHED

    initiative.refresh_from_db()
    assert initiative.stage == Initiative.Stage.PLANNED  # not before a curator confirms
    curation.review(link, ReviewState.CONFIRMED, curator)
    initiative.refresh_from_db()
    assert initiative.stage == Initiative.Stage.LAUNCHED


def test_a_stage_never_moves_back():
    initiative = Initiative.objects.get(slug="gangseo-ai-basic-ordinance")
    assert initiative.stage == Initiative.Stage.ORDINANCE
    assert not curation.advance_stage(initiative, Initiative.Stage.ANNOUNCED)
    assert initiative.stage == Initiative.Stage.ORDINANCE


def test_an_accepted_suggestion_tags_the_next_matching_article(
    curator, django_capture_on_commit_callbacks
):
    first = ingest(GANGDONG, "gangdong.txt")
    [suggestion] = InitiativeSuggestion.objects.filter(article=first)
    assert suggestion.name_ko == "AI 돌봄 스피커"
    assert suggestion.district.slug == "gangdong"

    with django_capture_on_commit_callbacks(execute=True):
        initiative = curation.accept_suggestion(suggestion, curator)
    later = ingest(GANGDONG_LATER, "gangdong-later.txt")

    suggestion.refresh_from_db()
    assert suggestion.status == InitiativeSuggestion.Status.ACCEPTED
    assert list(initiative.districts.values_list("slug", flat=True)) == ["gangdong"]
    # The re-tag in the background tagged the first article; the next one is tagged on arrival.
    assert first.initiative_links.filter(initiative=initiative).exists()
    assert later.initiative_links.filter(initiative=initiative).exists()
    assert not InitiativeSuggestion.objects.filter(article=later).exists()


def test_merging_a_suggestion_adds_its_name_as_a_match_term(
    curator, django_capture_on_commit_callbacks
):
    first = ingest(GANGDONG, "gangdong.txt")
    [suggestion] = InitiativeSuggestion.objects.filter(article=first)
    target = Initiative.objects.create(
        slug="gangdong-care",
        name_ko="강동구 어르신 돌봄",
        name_en="Gangdong senior care",
        category="welfare",
    )
    target.districts.add(first.district_links.get().district)

    with django_capture_on_commit_callbacks(execute=True):
        curation.merge_suggestion(suggestion, target, curator)

    target.refresh_from_db()
    assert target.match_terms == ["AI 돌봄 스피커"]
    assert first.initiative_links.filter(initiative=target).exists()


def test_changing_match_terms_retags_affected_articles(
    django_capture_on_commit_callbacks,
):
    article = ingest(GANGSEO, "gangseo.txt")
    initiative = Initiative.objects.get(slug="gangseo-ai-wildfire-watch")
    assert not article.initiative_links.filter(initiative=initiative).exists()

    initiative.match_terms = ["AI 전문 도서관"]
    initiative.save()
    with django_capture_on_commit_callbacks(execute=True):
        curation.schedule_retag(initiative)

    assert article.initiative_links.filter(initiative=initiative).exists()


def test_a_broken_pattern_cannot_be_saved_as_a_match_term():
    initiative = Initiative.objects.get(slug="gangseo-ai-library")
    initiative.match_terms = ["/AI(/"]
    with pytest.raises(Exception, match="올바른 패턴이 아닙니다"):
        initiative.full_clean()


def test_first_and_last_seen_follow_curators_decisions(curator):
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    early = ingest(GANGSEO, "gangseo.txt")
    later = ingest(
        "강서구 AI 전문 도서관, 설계 공모 당선작 발표\n"
        "서울 강서구는 AI 전문 도서관 설계 공모에서 세 개 팀의 작품을 심사해 당선작을 정했다고 9일 밝혔다.\n"
        "당선작은 어린이 코딩 공간과 시민 강좌실을 한 층에 모았다.\n",
        "later.txt",
    )
    seoul = ZoneInfo("Asia/Seoul")
    Article.objects.filter(pk=early.pk).update(
        published_at=datetime(2025, 3, 3, 9, tzinfo=seoul)
    )
    Article.objects.filter(pk=later.pk).update(
        published_at=datetime(2025, 6, 9, 9, tzinfo=seoul)
    )
    library = Initiative.objects.get(slug="gangseo-ai-library")

    curation.decide_article(
        Article.objects.get(pk=early.pk),
        Article.Status.REJECTED,
        curator,
        reason="중복 보도",
    )

    library.refresh_from_db()
    assert (library.first_seen, library.last_seen) == (
        date(2025, 6, 9),
        date(2025, 6, 9),
    )
