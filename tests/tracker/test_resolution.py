"""Resolution: one record per initiative of a district across articles and wordings,
look-alikes of two districts kept apart, a rejected name not suggested again, city-wide
initiatives without districts, catalogue initiatives found by slug, and the tag each
article gets (event, date, evidence, partners, money). Mentions are written by hand
here, as the discovery step would report them."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import psycopg
import pytest
from django.db import connection

from districts.gazetteer import LinkResult
from districts.models import District
from tests.factories import ArticleFactory, StaffFactory
from tracker import initiative_curation
from tracker.ingest import understanding
from tracker.models import (
    Initiative,
    InitiativeKind,
    Organisation,
    ReviewState,
)
from tracker.reading.mentions import Mention
from tracker.reading.tagging import Tag, Tagging
from tracker.resolution import CITYWIDE_LOCK, resolve_mentions

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")


def article(title: str, body: str, day: date = date(2025, 3, 3)):
    return ArticleFactory(
        title=title,
        body=body,
        published_at=datetime(day.year, day.month, day.day, 9, tzinfo=SEOUL),
        scope="district",
    )


def mention(story, name: str, district: str = "dobong", **fields) -> Mention:
    """A mention of `name` in the story, with offsets in title + blank line + body."""
    text = f"{story.title}\n\n{story.body}"
    start = max(text.find(name), 0)
    sentence = next(
        (line for line in text.splitlines() if name in line), text.splitlines()[0]
    )
    where = text.find(sentence)
    values = {
        "name_ko": name,
        "district": district,
        "kind": "disaster-environment",
        "stage": "announced",
        "evidence": sentence,
        "span": (start, start + len(name)),
        "evidence_span": (where, where + len(sentence)),
        "confidence": 0.7,
    } | fields
    return Mention(**values)


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


def test_the_catalogue_tag_and_the_mention_of_one_initiative_make_one_richer_link():
    story = article(
        "강서구 AI 전문 도서관 착공",
        "서울 강서구는 AI 전문 도서관 공사를 지난 3월 시작했다고 밝혔다.",
    )
    tagging = Tagging(
        tags=[Tag("gangseo-ai-library", 0.8, "서울 강서구는 ...", [(0, 3)])],
        mentions=[
            mention(
                story,
                "AI 전문 도서관",
                district="gangseo",
                kind="library-hub",
                stage="launched",
                catalogue_slug="gangseo-ai-library",
                event_date=date(2025, 3, 1),
                date_precision="month",
                confidence=0.9,
            )
        ],
    )

    understanding.save_understanding(story, LinkResult([], "district"), tagging)

    [link] = story.initiative_links.all()
    assert link.initiative.slug == "gangseo-ai-library"
    assert (link.event, link.event_date, link.event_date_precision) == (
        "launched",
        date(2025, 3, 1),
        "month",
    )
    assert link.confidence == 0.9
    assert [0, 3] in link.spans and len(link.spans) == 2


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


# --- What each article's tag says ----------------------------------------------------


def test_the_tag_keeps_the_event_evidence_partners_and_money():
    story = article(
        "도봉구, 한빛대와 AI 침수 예측 협약",
        "서울 도봉구는 한빛대학교, 누리데이터와 AI 침수 예측 시스템 구축 협약을 맺었다.\n\n"
        "구는 국비 12억 원을 확보했다.",
    )
    found = mention(
        story,
        "AI 침수 예측 시스템",
        stage="agreement",
        partners=("한빛대학교", "누리데이터", " "),
        amount_won=1_200_000_000,
        event_date=date(2025, 1, 1),
        date_precision="year",
    )

    [link] = resolve_mentions(story, [found])

    assert link.evidence == found.evidence
    assert link.spans == [list(found.span)]
    assert link.evidence_span == list(found.evidence_span)
    text = f"{story.title}\n\n{story.body}"
    assert text[slice(*link.spans[0])] == "AI 침수 예측 시스템"
    assert (link.event, link.event_date, link.event_date_precision) == (
        "agreement",
        date(2025, 1, 1),
        "year",
    )
    assert (link.partners, link.amount_won) == (
        ["한빛대학교", "누리데이터"],
        1_200_000_000,
    )
    assert (link.origin, link.review_state, link.confidence) == (
        "auto",
        "suggested",
        0.7,
    )
    assert sorted(link.initiative.partners.values_list("name_ko", flat=True)) == [
        "누리데이터",
        "한빛대학교",
    ]
    assert Organisation.objects.filter(name_ko="한빛대학교").count() == 1


def test_an_undated_event_stays_undated():
    story = article("도봉구 AI 침수 예측", "서울 도봉구는 AI 침수 예측을 도입한다.")

    [link] = resolve_mentions(
        story, [mention(story, "AI 침수 예측", date_precision="day")]
    )

    assert (link.event_date, link.event_date_precision) == (None, "")


def test_two_mentions_of_one_initiative_in_one_article_make_one_tag():
    story = article(
        "도봉구 AI 산불감시 시스템 도입",
        "서울 도봉구는 AI 산불감시 시스템을 도입한다.\n\n"
        "인공지능 산불 감시체계는 다음 달 가동한다.",
    )

    links = resolve_mentions(
        story,
        [
            mention(story, "AI 산불감시 시스템", confidence=0.6),
            mention(story, "인공지능 산불 감시체계", stage="launched", confidence=0.8),
        ],
    )

    [link] = links
    assert link.event == "launched"  # the surer mention tells the event
    assert len(link.spans) == 2
    assert Initiative.objects.filter(origin="discovered").count() == 1


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


def test_resolving_an_article_takes_a_fixed_number_of_queries(
    django_assert_max_num_queries,
):
    dobong = District.objects.get(slug="dobong")
    for n in range(30):
        initiative = Initiative.objects.create(
            slug=f"dobong-other-{n}", name_ko=f"AI 사업 {n}호", category="safety"
        )
        initiative.districts.add(dobong)
    story = article(
        "도봉구 AI 산불감시", "서울 도봉구는 AI 산불감시 시스템을 도입한다."
    )
    resolve_mentions(story, [mention(story, "AI 산불감시 시스템")])
    again = article(
        "도봉구 AI 산불감시 2", "서울 도봉구는 AI 산불감시 시스템을 늘린다."
    )

    # A savepoint and its release; districts (locked), kinds, initiatives (+ their
    # districts), the article's tags; one save for the tag, one for the initiative.
    with django_assert_max_num_queries(9):
        resolve_mentions(
            again,
            [
                mention(again, "AI 산불감시 시스템"),
                mention(again, "인공지능 산불감시 시스템"),
            ],
        )


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


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no row locks and one writer at a time",
)
def test_resolution_locks_its_districts_until_the_article_is_stored():
    """Two workers resolving two outlets' reports of one new programme at once would
    each create it; the second must wait for the first's district lock, then find its
    record. Another connection cannot take the lock while this transaction holds it."""
    story = article(
        "도봉구 AI 산불감시 시스템", "서울 도봉구는 AI 산불감시 시스템을 도입한다."
    )
    resolve_mentions(story, [mention(story, "AI 산불감시 시스템")])  # uncommitted
    params = connection.get_connection_params()
    other = psycopg.connect(**params, autocommit=False)
    try:
        with other.cursor() as cursor:
            cursor.execute(LOCK_SQL, ["mapo"])  # a district it did not touch is free
            other.rollback()
            with pytest.raises(psycopg.errors.LockNotAvailable):
                cursor.execute(LOCK_SQL, ["dobong"])
    finally:
        other.close()


LOCK_SQL = "SELECT id FROM districts_district WHERE slug = %s FOR UPDATE NOWAIT"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no advisory locks and one writer at a time",
)
def test_city_wide_resolution_holds_a_lock_other_workers_wait_for():
    story = article("서울시 AI 민원 비서", "서울시는 AI 민원 비서를 도입한다.")
    resolve_mentions(
        story, [mention(story, "AI 민원 비서", district="")]
    )  # uncommitted
    other = psycopg.connect(**connection.get_connection_params(), autocommit=True)
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [CITYWIDE_LOCK])
            assert cursor.fetchone()[0] is False
    finally:
        other.close()
