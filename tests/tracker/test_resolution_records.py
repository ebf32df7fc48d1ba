"""Resolution's records: one record per initiative of a district across articles and
wordings, look-alikes of two districts kept apart, catalogue initiatives found by
district and wording or by slug, a rejected name not suggested again, city-wide
initiatives without districts, the same kind winning between namesakes, readable
unique slugs for new records, mentions of unknown districts dropped, and a
suggestion's stage following later reports until a curator confirms it. Mentions are
written by hand (tests/tracker/resolving.py), as the discovery step would report
them."""

from datetime import date

import pytest

from tests.factories import StaffFactory
from tests.tracker.resolving import article, mention
from tracker import initiative_curation
from tracker.models import Initiative, InitiativeKind, ReviewState
from tracker.resolution import resolve_mentions

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator():
    return StaffFactory()


# --- One initiative across articles -------------------------------------------------


def test_two_wordings_in_two_articles_are_one_initiative_with_a_dated_timeline():
    later = article(
        "도봉구 AI 산불감시 시스템, 도봉산서 본격 가동",
        "서울 도봉구는 도봉산에 설치한 AI 산불감시 시스템을 본격 가동했다고 9일 밝혔다.",
        day=date(2025, 6, 9),
    )
    earlier = article(
        "도봉구, 인공지능 산불 감시체계 만든다",
        "서울 도봉구는 도봉산과 수락산에 인공지능 산불 감시체계를 구축한다고 3일 밝혔다.",
        day=date(2025, 3, 3),
    )

    # The later report arrives first: the timeline still reads in date order.
    [first] = resolve_mentions(
        later,
        [
            mention(
                later,
                "AI 산불감시 시스템",
                stage="launched",
                event_date=date(2025, 6, 9),
                date_precision="day",
            )
        ],
    )
    [second] = resolve_mentions(
        earlier,
        [
            mention(
                earlier,
                "인공지능 산불 감시체계",
                stage="planned",
                event_date=date(2025, 3, 3),
                date_precision="day",
            )
        ],
    )

    assert first.initiative_id == second.initiative_id
    initiative = Initiative.objects.get(pk=first.initiative_id)
    assert initiative.name_ko == "AI 산불감시 시스템"
    assert initiative.known_names == ["AI 산불감시 시스템", "인공지능 산불 감시체계"]
    assert list(initiative.districts.values_list("slug", flat=True)) == ["dobong"]
    assert (initiative.origin, initiative.review_state) == ("discovered", "suggested")
    assert initiative.kind.slug == "disaster-environment"
    assert initiative.category == "safety"
    assert initiative.stage == "launched"  # an earlier "planned" never moves it back
    assert (initiative.first_seen, initiative.last_seen) == (
        date(2025, 3, 3),
        date(2025, 6, 9),
    )
    timeline = initiative.links.order_by("event_date").values_list(
        "event_date", "event", "name_as_reported", "article__title"
    )
    assert list(timeline) == [
        (date(2025, 3, 3), "planned", "인공지능 산불 감시체계", earlier.title),
        (date(2025, 6, 9), "launched", "AI 산불감시 시스템", later.title),
    ]


def test_look_alike_programmes_of_two_districts_stay_apart():
    story = article(
        "강남·강서구, 나란히 AI 도서관 짓는다",
        "서울 강남구는 AI 도서관을 짓는다고 밝혔다.\n\n강서구도 AI 도서관을 짓는다.",
    )

    links = resolve_mentions(
        story,
        [
            mention(story, "AI 도서관", district="gangnam", kind="library-hub"),
            mention(story, "AI 도서관", district="gangseo", kind="library-hub"),
        ],
    )

    places = {
        link.initiative.districts.get().slug: link.initiative.slug for link in links
    }
    assert set(places) == {"gangnam", "gangseo"}
    # Gangseo's catalogue library is a different wording; the new one is its own row.
    assert len(set(places.values())) == 2
    assert places["gangnam"].startswith("gangnam-")


def test_a_mention_joins_the_catalogue_initiative_its_district_already_has():
    story = article(
        "강서구 AI 전문 도서관 착공",
        "서울 강서구는 마곡동 AI 전문 도서관 공사를 시작했다고 밝혔다.",
    )

    [link] = resolve_mentions(
        story,
        [mention(story, "AI 전문 도서관", district="gangseo", kind="library-hub")],
    )

    assert link.initiative.slug == "gangseo-ai-library"
    assert not Initiative.objects.filter(origin="discovered").exists()


def test_a_mention_with_a_catalogue_slug_links_that_initiative():
    story = article(
        "강서구, 마곡 도서관 설계 확정",
        "서울 강서구는 마곡 인공지능 책마루의 설계를 확정했다고 밝혔다.",
    )

    [link] = resolve_mentions(
        story,
        [
            mention(
                story,
                "마곡 인공지능 책마루",
                district="gangseo",
                kind="library-hub",
                catalogue_slug="gangseo-ai-library",
            )
        ],
    )

    library = Initiative.objects.get(slug="gangseo-ai-library")
    assert link.initiative == library
    assert "마곡 인공지능 책마루" in library.known_names
    assert not Initiative.objects.filter(origin="discovered").exists()


def test_a_rejected_name_is_not_suggested_again_in_its_district(curator):
    first = article(
        "도봉구, AI 안심 귀갓길 조성",
        "서울 도봉구는 AI 안심 귀갓길을 조성한다고 밝혔다.",
    )
    [link] = resolve_mentions(first, [mention(first, "AI 안심 귀갓길")])
    initiative_curation.reject_initiative(link.initiative, curator, "정책이 아닌 행사")
    again = article(
        "도봉구 AI 안심귀갓길 확대",
        "서울 도봉구는 AI 안심귀갓길을 두 곳 더 늘린다고 밝혔다.",
    )
    elsewhere = article(
        "마포구도 AI 안심 귀갓길",
        "서울 마포구는 AI 안심 귀갓길을 조성한다고 밝혔다.",
    )

    assert resolve_mentions(again, [mention(again, "AI 안심귀갓길")]) == []
    assert not again.initiative_links.exists()
    assert Initiative.objects.filter(origin="discovered").count() == 1
    # Another district may still have one of its own.
    [other] = resolve_mentions(
        elsewhere, [mention(elsewhere, "AI 안심 귀갓길", district="mapo")]
    )
    assert other.initiative.review_state == ReviewState.SUGGESTED
    assert other.initiative.districts.get().slug == "mapo"


def test_a_city_wide_mention_is_an_initiative_without_districts():
    story = article(
        "서울시, 자치구 공동 AI 민원 콜센터 연다",
        "서울시는 자치구와 함께 AI 민원 콜센터를 연다고 밝혔다.",
    )
    follow_up = article(
        "서울시 AI 민원콜센터 한 달",
        "서울시는 AI 민원콜센터가 한 달 동안 2만 건을 답했다고 밝혔다.",
    )
    district_one = article(
        "구로구도 AI 민원 콜센터",
        "서울 구로구는 자체 AI 민원 콜센터를 연다고 밝혔다.",
    )

    [link] = resolve_mentions(
        story, [mention(story, "AI 민원 콜센터", district="", kind="chatbot")]
    )
    [again] = resolve_mentions(
        follow_up, [mention(follow_up, "AI 민원콜센터", district="", kind="chatbot")]
    )
    [guro] = resolve_mentions(
        district_one,
        [mention(district_one, "AI 민원 콜센터", district="guro", kind="chatbot")],
    )

    city = link.initiative
    assert not city.districts.exists()
    assert city.slug.startswith("seoul-")
    assert again.initiative_id == city.pk
    assert guro.initiative_id != city.pk


def test_the_same_kind_wins_when_two_initiatives_share_a_name(gangseo):
    story = article("강서구 AI 돌봄 로봇", "서울 강서구는 AI 돌봄 로봇을 늘린다.")
    robots, care = (
        Initiative.objects.create(
            slug=slug,
            name_ko="AI 돌봄 로봇",
            category="welfare",
            kind=InitiativeKind.objects.get(slug=kind),
        )
        for slug, kind in (
            ("gangseo-robots", "service-robots"),
            ("gangseo-care", "senior-care"),
        )
    )
    robots.districts.add(gangseo)
    care.districts.add(gangseo)

    [link] = resolve_mentions(
        story, [mention(story, "AI 돌봄 로봇", district="gangseo", kind="senior-care")]
    )

    assert link.initiative == care


# --- New records: their slugs and districts, and how their stage moves ------------


def test_a_mention_of_an_unknown_district_is_dropped():
    story = article("부산 AI 소식", "부산 해운대구는 AI 해변 감시를 시작했다.")

    assert (
        resolve_mentions(story, [mention(story, "AI 해변 감시", district="haeundae")])
        == []
    )
    assert not Initiative.objects.filter(origin="discovered").exists()


def test_new_initiatives_get_readable_unique_slugs():
    story = article(
        "도봉구 CCTV 두 가지",
        "서울 도봉구는 AI CCTV 고속검색 시스템과 AI CCTV 선별관제를 도입한다.\n\n"
        "구는 AI 홍수 경보도 운영한다.",
    )

    links = resolve_mentions(
        story,
        [
            mention(story, "AI CCTV 고속검색 시스템", kind="cctv-safety"),
            mention(story, "AI CCTV 선별관제", kind="cctv-safety"),
            mention(story, "AI 홍수 경보"),
        ],
    )

    assert [link.initiative.slug for link in links] == [
        "dobong-ai-cctv",
        "dobong-ai-cctv-2",
        "dobong-disaster-environment",
    ]
    assert [link.initiative.name for link in links][0] == "AI CCTV 고속검색 시스템"


def test_a_suggestion_follows_later_stages_but_a_confirmed_one_waits_for_curators(
    curator,
):
    first = article("도봉구 AI 침수 예측", "서울 도봉구는 AI 침수 예측을 계획한다.")
    [link] = resolve_mentions(first, [mention(first, "AI 침수 예측", stage="planned")])
    pilot = article(
        "도봉구 AI 침수 예측 시범", "서울 도봉구는 AI 침수 예측을 시범 운영한다."
    )
    resolve_mentions(pilot, [mention(pilot, "AI 침수 예측", stage="pilot")])
    initiative = Initiative.objects.get(pk=link.initiative_id)
    assert initiative.stage == "pilot"

    initiative_curation.confirm_initiative(initiative, curator)
    launch = article(
        "도봉구 AI 침수 예측 개통", "서울 도봉구는 AI 침수 예측을 개통했다."
    )
    resolve_mentions(launch, [mention(launch, "AI 침수 예측", stage="launched")])

    initiative.refresh_from_db()
    assert initiative.stage == "pilot"
