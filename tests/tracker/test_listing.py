"""The article list past a few thousand rows: what it counts and says ("10,000+"),
which pages it refuses and how, how a search orders its matches as they grow (ranked,
then newest first), and that a search with a district lists exactly the articles
that match every word and have a standing link to that district."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.urls import reverse

from districts.models import District
from tests.factories import ArticleFactory
from tracker import figures, listing
from tracker.filters import ArticleFilter
from tracker.listing import ArticleListing
from tracker.models import Article, DistrictLink, ReviewState
from tracker.paging import CappedPaginator

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")
URL = reverse("tracker:article-list")


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=9, tzinfo=SEOUL)


def article(title: str, body: str, day: str, *links, **fields) -> Article:
    """An article in Seoul; `links` are (district slug, role, review state)."""
    item = ArticleFactory(
        title=title, body=body, published_at=at(day), scope="district", **fields
    )
    for slug, role, state in links:
        DistrictLink.objects.create(
            article=item,
            district=District.objects.get(slug=slug),
            role=role,
            review_state=state,
            confidence=0.9,
            evidence=title,
        )
    return item


def titles(response) -> list[str]:
    return [a.title for a in response.context["page"].object_list]


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def caps(monkeypatch):
    """Shrink the list's caps (10,000 rows, 1,000 ranked, 1,000 for a narrowed
    search, 1,000 walked) so that a handful of articles crosses them."""

    def shrink(
        rows: int = 10_000,
        ranked: int = 1_000,
        narrowed: int = 1_000,
        walked: int = 1_000,
    ):
        monkeypatch.setattr(CappedPaginator, "max_rows", rows)
        monkeypatch.setattr(listing, "MAX_ROWS", rows)
        monkeypatch.setattr(listing, "RANKED_UP_TO", ranked)
        monkeypatch.setattr(listing, "NARROWED_UP_TO", narrowed)
        monkeypatch.setattr(listing, "WALKED_ROWS", walked)

    return shrink


# --- counts past the cap -------------------------------------------------------


def test_a_count_past_the_cap_is_shown_as_the_cap_and_a_plus(client, monkeypatch):
    article("강서구 AI 도서관 개관", "구는 도서관을 열었다.", "2025-01-01")
    # Counting stops one row past the cap; pretend every count got that far.
    monkeypatch.setattr(ArticleListing, "count_up_to", lambda self, limit: limit)

    response = client.get(URL)

    assert "기사 <strong>10,000+</strong>건" in html(response)
    assert "(모두 보려면 조건을 좁혀 주세요)" in html(response)
    assert response.context["paginator"].num_pages == 400
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "<strong>10,000+</strong> articles" in html(client.get(URL))


def test_a_count_under_the_cap_is_exact(client, caps):
    caps(rows=3)
    for n in range(3):
        article(f"강서구 소식 {n}", f"구는 도서관 {n}곳을 열었다.", "2025-01-01")

    response = client.get(URL)

    assert "기사 <strong>3</strong>건" in html(response)
    assert "3+" not in html(response)
    assert response.context["paginator"].count == 3


def test_the_list_counts_one_row_past_the_cap_and_no_further(client, caps):
    caps(rows=3)
    for n in range(6):
        article(f"강서구 소식 {n}", f"구는 도서관 {n}곳을 열었다.", "2025-01-01")

    response = client.get(URL)

    assert response.context["paginator"].count == 4
    assert "기사 <strong>3+</strong>건" in html(response)


def test_the_count_is_kept_until_something_is_stored(
    client, django_capture_on_commit_callbacks
):
    article("강서구 소식", "구는 도서관을 열었다.", "2025-01-01")
    assert client.get(URL).context["paginator"].count == 1
    article("강서구 소식 둘", "구는 도서관을 또 열었다.", "2025-01-02")

    assert client.get(URL).context["paginator"].count == 1  # kept
    with django_capture_on_commit_callbacks(execute=True):
        figures.changed()  # what storing an article calls
    assert client.get(URL).context["paginator"].count == 2


# --- pages past the cap --------------------------------------------------------


def test_a_page_past_the_cap_is_refused_politely_with_the_filters_kept(client):
    article("강서구 소식", "구는 도서관을 열었다.", "2025-01-01")

    response = client.get(URL, {"q": "도서관", "page": "401"})

    assert response.status_code == 404
    assert response.context["page"] is None
    text = html(response)
    assert "앞의 10,000건까지만 쪽으로 나눠 보여 줍니다" in text
    assert "?q=%EB%8F%84%EC%84%9C%EA%B4%80&amp;page=1" in text  # back, search kept
    assert 'name="q"' in text  # the filters are still there to narrow it


def test_pages_up_to_the_cap_are_answered(client):
    article("강서구 소식", "구는 도서관을 열었다.", "2025-01-01")

    assert client.get(URL, {"page": "400"}).status_code == 200  # the last page shown
    assert client.get(URL, {"page": "abc"}).status_code == 200  # the first page


# --- how a search orders its matches ------------------------------------------


@pytest.fixture
def magok():
    """Three articles that mention 마곡 (one in its title, the oldest), one that
    mentions only 마포 and one that splits the syllables (마 곡)."""
    return {
        "title": article("마곡 AI 센터 착공", "구는 센터를 짓는다.", "2025-01-01"),
        "body_new": article("구청 소식", "마곡에 로봇이 온다.", "2025-03-01"),
        "body_mid": article("구청 알림", "마곡 주민 설명회.", "2025-02-01"),
        "other": article("마포 소식", "마포에 도서관.", "2025-04-01"),
        "apart": article("마 곡", "마 그리고 곡.", "2025-05-01"),
    }


def test_a_few_matches_are_ranked_title_first(client, magok):
    response = client.get(URL, {"q": "마곡"})

    assert titles(response) == ["마곡 AI 센터 착공", "구청 소식", "구청 알림"]
    assert not response.context["listing"].newest_first
    assert "최신순으로" not in html(response)


def test_more_matches_than_are_ranked_come_newest_first_and_say_so(client, caps, magok):
    caps(ranked=2)

    response = client.get(URL, {"q": "마곡"})

    assert titles(response) == ["구청 소식", "구청 알림", "마곡 AI 센터 착공"]
    assert "검색 결과가 많아 최신순으로 보여 줍니다." in html(response)


def test_the_pass_that_counts_keeps_every_match_newest_first_for_the_pages(
    client, caps, magok
):
    caps(ranked=1)
    undated = article("마곡 공지", "마곡 주차장.", "2025-06-01")
    Article.objects.filter(pk=undated.pk).update(published_at=None)
    # Newest first, the undated one last on PostgreSQL as on SQLite.
    expected = [magok[k].pk for k in ("body_new", "body_mid", "title")] + [undated.pk]

    response = client.get(URL, {"q": "마곡"})

    assert response.context["listing"].hits == (4, expected)
    assert [a.pk for a in response.context["page"].object_list] == expected
    assert "기사 <strong>4</strong>건" in html(response)


def test_more_matches_than_are_counted_come_newest_first_and_page_less_far(
    client, caps, magok
):
    caps(rows=2, ranked=1, walked=25)

    response = client.get(URL, {"q": "마곡"})  # 3 matches: more than 2

    assert response.context["listing"].walks
    assert titles(response) == ["구청 소식", "구청 알림", "마곡 AI 센터 착공"]
    assert "기사 <strong>2+</strong>건" in html(response)
    assert response.context["paginator"].pageable_rows == 2
    assert client.get(URL, {"q": "마곡", "page": "2"}).status_code == 404


@pytest.mark.parametrize(
    ("ranked", "rows"), [(1_000, 10_000), (1, 10_000), (1, 2)], ids=str
)
def test_every_order_lists_exactly_the_articles_with_every_word(
    client, caps, magok, ranked, rows
):
    caps(rows=rows, ranked=ranked)
    article("마곡 로봇 시험장", "마곡에 로봇.", "2025-06-01")
    article("마곡 소식", "로봇 없이.", "2025-06-02")  # 로봇 in the body: still a match
    article("마곡 주차장", "주차장을 늘린다.", "2025-06-03")  # no 로봇

    found = titles(client.get(URL, {"q": "마곡 로봇"}))

    # 구청 소식 (from the fixture) says "마곡에 로봇이 온다" in its body.
    assert sorted(found) == sorted(["마곡 로봇 시험장", "마곡 소식", "구청 소식"])


def test_an_explicit_sort_is_kept_whatever_the_count(client, caps, magok):
    caps(rows=2, ranked=1)

    oldest = titles(client.get(URL, {"q": "마곡", "sort": "oldest"}))

    assert oldest == ["마곡 AI 센터 착공", "구청 알림", "구청 소식"]


# --- search with a district -----------------------------------------------------


@pytest.fixture
def geumcheon_news():
    standing = ("geumcheon", "primary", ReviewState.SUGGESTED)
    return {
        "primary": article("금천 AI 센터", "센터를 짓는다.", "2025-01-03", standing),
        "mentioned": article(
            "강서 소식",
            "금천구와 함께한다.",
            "2025-01-02",
            ("gangseo", "primary", ReviewState.CONFIRMED),
            ("geumcheon", "mentioned", ReviewState.SUGGESTED),
        ),
        "no_word": article("G밸리 로봇", "로봇 시험장.", "2025-01-04", standing),
        "rejected_link": article(
            "금천 소식",
            "금천의 다른 소식.",
            "2025-01-05",
            ("geumcheon", "primary", ReviewState.REJECTED),
        ),
        "other_district": article(
            "금천 옆 동네",
            "금천 이야기.",
            "2025-01-06",
            ("gangseo", "primary", ReviewState.SUGGESTED),
        ),
        "rejected_article": article(
            "금천 공지", "금천 공지.", "2025-01-07", standing, status="rejected"
        ),
        "copy": article(
            "금천 AI 센터 (사본)", "센터를 짓는다 금천.", "2025-01-08", standing
        ),
        "off_topic": article(
            "금천 음악회", "금천 공연.", "2025-01-09", standing, is_relevant=False
        ),
    }


@pytest.fixture
def with_copy(geumcheon_news):
    copy = geumcheon_news["copy"]
    copy.duplicate_of = geumcheon_news["primary"]
    copy.save()
    return geumcheon_news


@pytest.mark.parametrize(("ranked", "narrowed"), [(1_000, 1_000), (1, 1_000), (1, 1)])
def test_search_with_a_district_lists_exactly_the_matches_linked_to_it(
    client, caps, with_copy, ranked, narrowed
):
    caps(ranked=ranked, narrowed=narrowed)

    response = client.get(URL, {"q": "금천", "district": "geumcheon"})

    assert sorted(titles(response)) == ["강서 소식", "금천 AI 센터"]
    assert response.context["paginator"].count == min(2, narrowed + 1)


def test_a_search_with_a_district_is_counted_to_1000_only(client, caps, with_copy):
    caps(narrowed=1)  # as if 1,000

    response = client.get(URL, {"q": "금천", "district": "geumcheon"})

    assert "기사 <strong>1+</strong>건" in html(response)
    assert response.context["listing"].walks  # newest first, off the date index
    assert titles(response) == ["금천 AI 센터", "강서 소식"]
    alone = client.get(URL, {"q": "금천"})  # the search alone counts further
    assert alone.context["paginator"].count == 4  # the link rejected or elsewhere
    assert "기사 <strong>4</strong>건" in html(alone)


def test_a_search_for_a_word_of_eleven_syllables_is_counted_to_1000_only(client, caps):
    caps(narrowed=1)  # as if 1,000
    for n in range(3):
        ArticleFactory(
            title=f"마곡연구개발단지에서는 소식 {n}",
            body=f"연구개발단지에 센터 {n}곳이 문을 연다.",
        )
    ArticleFactory(
        title="연구개발 단지 소식", body="연구개발 예산과 산업 단지를 늘린다."
    )

    response = client.get(URL, {"q": "마곡연구개발단지에서는"})
    six = client.get(URL, {"q": "연구개발단지"})  # one piece: counted further
    four = client.get(URL, {"q": "연구개발"})

    assert "기사 <strong>1+</strong>건" in html(response)
    assert response.context["listing"].walks
    # Counted to 1 (and 1 more): the pages reach that far, every row a match.
    assert len(titles(response)) == 2
    assert all("마곡연구개발단지에서는" in title for title in titles(response))
    assert six.context["paginator"].count == 3
    assert "기사 <strong>3</strong>건" in html(six)
    assert four.context["paginator"].count == 4


def test_search_with_a_district_and_the_primary_role_leaves_mentions_out(
    client, with_copy
):
    response = client.get(
        URL, {"q": "금천", "district": "geumcheon", "role": "primary"}
    )

    assert titles(response) == ["금천 AI 센터"]
    assert "기사 <strong>1</strong>건" in html(response)


def test_the_api_lists_the_same_matches_whatever_the_plan(client, caps, with_copy):
    api = reverse("api:article-list")
    for narrowed in (1_000, 1):
        caps(narrowed=narrowed)
        data = client.get(api, {"q": "금천", "district": "geumcheon"}).json()

        # Newest first by id, as the API always lists.
        assert [row["title"] for row in data["results"]] == [
            "강서 소식",
            "금천 AI 센터",
        ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a plan of PostgreSQL's is checked"
)
@pytest.mark.parametrize(
    "sort, index",
    [
        ("", "article_listable_newest"),
        ("oldest", "article_listable_newest"),  # read backwards
        ("relevance", "article_listable_relevant"),
    ],
)
def test_postgresql_pages_a_list_in_each_order_off_an_index(magok, sort, index):
    rows = ArticleFilter({"sort": sort}, queryset=Article.objects.listable()).qs
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) tracker_article")
        # A tiny table is cheaper read whole, or through any index, then sorted: the
        # question is only whether an index gives this order.
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_bitmapscan = off")
        cursor.execute("SET enable_sort = off")
        plan = rows[:25].explain()
        cursor.execute("RESET ALL")

    # Undated last newest first, first oldest first: the index's order, no sort.
    assert f"using {index}" in plan
    assert "Sort" not in plan
