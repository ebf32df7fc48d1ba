"""Curators' decisions: they survive re-tagging (catalogue tags and discovered
initiatives alike), advance stages, and teach the tagger."""

import pytest

from tests.factories import StaffFactory
from tracker import curation, initiative_curation
from tracker.ingest import service, understanding
from tracker.models import (
    Article,
    DistrictLink,
    Initiative,
    InitiativeKind,
    InitiativeLink,
    ReviewState,
)
from tracker.reading import pipeline
from tracker.reading.kinds import TYPOLOGY
from tracker.reading.mentions import Mention

pytestmark = pytest.mark.django_db

GANGSEO = (
    "강서구, AI 전문 도서관 짓는다\n"
    "서울 강서구는 마곡동에 AI 전문 도서관을 짓는다고 3일 밝혔다.\n"
    "구는 지난해 서울 자치구 가운데 처음으로 인공지능 기본조례를 제정했다.\n"
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

    understanding.retag(article)

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


# --- Discovered initiatives: curators' decisions survive re-tagging ------------------

DOBONG = (
    "도봉구, 도봉산에 AI 산불감시 시스템 도입\n"
    "서울 도봉구는 도봉산과 수락산에 인공지능(AI) 산불감시 시스템을 도입한다고 3일 밝혔다.\n"
    "구는 다음 달까지 감시 카메라 12대를 설치해 시범 운영에 들어간다.\n"
)
DOBONG_LATER = (
    "도봉구 인공지능 산불 감시체계, 첫 화재 잡아\n"
    "서울 도봉구는 인공지능 산불 감시체계가 도봉산 연기를 5분 만에 알렸다고 9일 밝혔다.\n"
)

# What the discovery step would report for each wording it finds (tracker.reading.
# discovery is written apart; these tests need only its contract, reading/mentions.py).
WORDINGS = {
    "AI 산불감시 시스템": ("dobong", "disaster-environment", "pilot"),
    "인공지능 산불 감시체계": ("dobong", "disaster-environment", "launched"),
}


def fake_discover(title, body, *, districts, published, kinds, deck=""):
    text = f"{title}\n\n{body}"
    found = []
    for name, (district, kind, stage) in WORDINGS.items():
        start = text.find(name)
        if start >= 0:
            found.append(
                Mention(
                    name_ko=name,
                    district=district,
                    kind=kind,
                    stage=stage,
                    evidence=text.splitlines()[0],
                    span=(start, start + len(name)),
                    evidence_span=(0, len(text.splitlines()[0])),
                )
            )
    return found


@pytest.fixture
def discovery(monkeypatch):
    monkeypatch.setattr(pipeline, "discover", fake_discover)


def discovered(article) -> Initiative:
    return article.initiative_links.get().initiative


def test_an_article_creates_a_suggested_initiative_and_its_follow_up_joins_it(
    discovery,
):
    first = ingest(DOBONG, "dobong.txt")
    later = ingest(DOBONG_LATER, "dobong-later.txt")

    initiative = discovered(first)
    assert discovered(later) == initiative
    assert (initiative.origin, initiative.review_state) == ("discovered", "suggested")
    assert initiative.districts.get().slug == "dobong"


def test_a_retag_replaces_automatic_tags_without_doubling_them(discovery):
    article = ingest(DOBONG, "dobong.txt")
    before = discovered(article)

    understanding.retag(article)
    understanding.retag(article)

    assert discovered(article) == before
    assert Initiative.objects.filter(origin="discovered").count() == 1


def test_a_retag_removes_a_suggestion_no_article_reports_any_more(
    discovery, monkeypatch
):
    article = ingest(DOBONG, "dobong.txt")
    kept = ingest(DOBONG_LATER, "dobong-later.txt")
    only_here = Initiative.objects.create(
        slug="dobong-stale",
        name_ko="AI 낡은 제안",
        category="safety",
        origin="discovered",
        review_state="suggested",
    )
    InitiativeLink.objects.create(article=article, initiative=only_here, confidence=0.5)
    monkeypatch.setattr(pipeline, "discover", lambda *a, **k: [])

    understanding.retag(article)

    assert not Initiative.objects.filter(pk=only_here.pk).exists()
    # Still reported by the other article: it stays.
    assert discovered(kept).review_state == "suggested"
    assert not article.initiative_links.exists()


def test_a_confirmed_initiative_survives_a_retag(discovery, curator, monkeypatch):
    article = ingest(DOBONG, "dobong.txt")
    initiative = discovered(article)
    initiative_curation.confirm_initiative(initiative, curator)

    understanding.retag(article)
    monkeypatch.setattr(pipeline, "discover", lambda *a, **k: [])
    understanding.retag(article)  # even when discovery no longer finds it

    initiative.refresh_from_db()
    assert initiative.review_state == "confirmed"
    assert initiative.reviewed_by == curator


def test_a_renamed_and_retyped_initiative_survives_a_retag(discovery, curator):
    article = ingest(DOBONG, "dobong.txt")
    initiative = discovered(article)
    initiative_curation.rename_initiative(
        initiative, curator, name_ko="도봉산 AI 산불 감시", name_en="Dobong wildfire AI"
    )
    initiative_curation.retype_initiative(
        initiative, curator, InitiativeKind.objects.get(slug="cctv-safety")
    )

    understanding.retag(article)

    initiative.refresh_from_db()
    assert discovered(article) == initiative
    assert (initiative.name_ko, initiative.name_en, initiative.kind.slug) == (
        "도봉산 AI 산불 감시",
        "Dobong wildfire AI",
        "cctv-safety",
    )
    assert initiative.review_state == "suggested"  # renamed, not yet confirmed
    assert Initiative.objects.filter(origin="discovered").count() == 1


def test_a_merged_initiative_stays_merged_after_a_retag(discovery, curator):
    article = ingest(DOBONG, "dobong.txt")
    source = discovered(article)
    target = Initiative.objects.create(
        slug="dobong-forest-safety",
        name_ko="도봉구 산림 재난 안전망",
        name_en="Dobong forest safety net",
        category="safety",
    )
    target.districts.add(source.districts.get())

    initiative_curation.merge_initiatives(source, target, curator)
    understanding.retag(article)
    later = ingest(DOBONG_LATER, "dobong-later.txt")

    assert discovered(article) == target
    assert discovered(later) == target
    assert not Initiative.objects.filter(origin="discovered").exists()
    target.refresh_from_db()
    assert "AI 산불감시 시스템" in target.known_names


def test_a_rejected_initiative_stays_rejected_and_is_not_suggested_again(
    discovery, curator
):
    article = ingest(DOBONG, "dobong.txt")
    initiative = discovered(article)
    link = article.initiative_links.get()

    initiative_curation.reject_initiative(
        initiative, curator, "시범 사업이 아닌 장비 구매"
    )
    understanding.retag(article)
    later = ingest(DOBONG_LATER, "dobong-later.txt")

    initiative.refresh_from_db()
    assert initiative.review_state == "rejected"
    link.refresh_from_db()
    assert (link.review_state, link.reviewed_by) == ("rejected", curator)
    assert list(article.initiative_links.all()) == [link]
    assert not later.initiative_links.exists()
    assert Initiative.objects.filter(origin="discovered").count() == 1


def test_a_tag_a_curator_moved_to_another_initiative_is_not_suggested_back(
    discovery, curator
):
    article = ingest(DOBONG, "dobong.txt")
    link = article.initiative_links.get()
    other = Initiative.objects.create(
        slug="dobong-forest-safety",
        name_ko="도봉구 산림 재난 안전망",
        category="safety",
    )

    curation.change_initiative_link(link, curator, initiative=other)
    understanding.retag(article)

    assert [(i.initiative, i.review_state) for i in article.initiative_links.all()] == [
        (other, "confirmed")
    ]


def test_curators_cue_words_reach_discovery(monkeypatch):
    seen = {}

    def spy(title, body, *, districts, published, kinds, deck=""):
        seen["kinds"] = kinds
        return []

    monkeypatch.setattr(pipeline, "discover", spy)
    kind = InitiativeKind.objects.get(slug="street-devices")
    kind.cue_words = [*kind.cue_words, "스마트 그늘막"]
    kind.save()

    ingest(DOBONG, "dobong.txt")

    street = next(k for k in seen["kinds"] if k.slug == "street-devices")
    assert street.cues[-1] == "스마트 그늘막"
    assert [k.slug for k in seen["kinds"]] == [k.slug for k in TYPOLOGY]
    assert understanding.kinds()[0].name_ko == TYPOLOGY[0].name_ko


def test_changing_match_terms_retags_affected_articles(
    django_capture_on_commit_callbacks,
):
    article = ingest(GANGSEO, "gangseo.txt")
    initiative = Initiative.objects.get(slug="gangseo-ai-wildfire-watch")
    assert not article.initiative_links.filter(initiative=initiative).exists()

    initiative.match_terms = ["AI 전문 도서관"]
    initiative.save()
    with django_capture_on_commit_callbacks(execute=True):
        initiative_curation.schedule_retag(initiative)

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
