"""The analysts' pages: counts match the lists they link to, filters live in the URL,
lists keep a fixed number of queries, exports are Excel-safe, cached figures follow
changes.

Search and the article and initiative pages (evidence highlighted) are in
test_search_and_detail_pages.py; `at` and `titles` are in tests/tracker/browsing.py.
"""

import csv
import io
from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from districts.models import District
from tests.factories import ArticleFactory
from tests.tracker.browsing import SEOUL, at, titles
from tracker.models import (
    Article,
    DistrictLink,
    Initiative,
    InitiativeLink,
    ReviewState,
    Tally,
)

pytestmark = pytest.mark.django_db


def article(
    title: str,
    day: str,
    district: str | None = None,
    initiative: str | None = None,
    **fields,
):
    item = ArticleFactory(title=title, published_at=at(day), scope="district", **fields)
    if district:
        DistrictLink.objects.create(
            article=item,
            district=District.objects.get(slug=district),
            role="primary",
            confidence=0.9,
            evidence=f"{title}.",
            spans=[[0, 3]],
        )
    if initiative:
        InitiativeLink.objects.create(
            article=item,
            initiative=Initiative.objects.get(slug=initiative),
            confidence=0.8,
            evidence=f"{title} 근거 문장.",
            spans=[[0, len(title)]],
            event="announced",
        )
    return item


@pytest.fixture
def stories():
    today = datetime.now(SEOUL).date().isoformat()
    return {
        "centre": article(
            "금천구 AI혁신센터 조성",
            today,
            "geumcheon",
            "geumcheon-gvalley-ai-innovation-centre",
        ),
        "library": article(
            "강서구 AI 도서관 개관", today, "gangseo", "gangseo-ai-library"
        ),
        "old": article("강서구 옛 소식", "2020-01-05", "gangseo"),
        "festival": article("강북구 음악회", today, "gangbuk", is_relevant=False),
    }


def test_overview_counts_equal_the_rows_of_the_lists_they_link_to(client, stories):
    response = client.get(reverse("tracker:home"), {"period": "all"})
    tiles = {
        tile.district.slug: tile
        for tile in response.context["overview"]["tiles"]["tiles"]
    }

    assert tiles["gangseo"].value == 2
    assert tiles["geumcheon"].value == 1
    assert tiles["gangbuk"].value == 0  # not AI policy: hidden from analysts by default
    for slug in ("gangseo", "geumcheon"):
        listed = client.get(tiles[slug].url)
        assert listed.context["page"].paginator.count == tiles[slug].value
    total = client.get(response.context["overview"]["total_url"])
    assert (
        total.context["page"].paginator.count
        == response.context["overview"]["total"]
        == 3
    )


def test_the_period_narrows_the_overview_and_its_links(client, stories):
    response = client.get(reverse("tracker:home"), {"period": "30d"})
    tiles = {
        tile.district.slug: tile
        for tile in response.context["overview"]["tiles"]["tiles"]
    }
    assert tiles["gangseo"].value == 1
    assert "published_after=" in tiles["gangseo"].url
    assert client.get(tiles["gangseo"].url).context["page"].paginator.count == 1


def test_article_filters_combine_and_live_in_the_url(client, stories):
    url = reverse("tracker:article-list")
    assert titles(client.get(url, {"district": ["gangseo", "geumcheon"]})) != []
    assert set(titles(client.get(url, {"district": ["gangseo", "geumcheon"]}))) == {
        "금천구 AI혁신센터 조성",
        "강서구 AI 도서관 개관",
        "강서구 옛 소식",
    }
    assert titles(client.get(url, {"initiative": "gangseo-ai-library"})) == [
        "강서구 AI 도서관 개관"
    ]
    assert titles(client.get(url, {"category": "economy"})) == [
        "금천구 AI혁신센터 조성"
    ]
    assert titles(
        client.get(url, {"district": "gangseo", "published_before": "2021-01-01"})
    ) == ["강서구 옛 소식"]
    assert titles(client.get(url, {"relevance": "no"})) == ["강북구 음악회"]
    assert "강북구 음악회" not in titles(client.get(url))


def test_a_rejected_link_no_longer_puts_an_article_in_the_district(client, stories):
    DistrictLink.objects.filter(article=stories["old"]).update(
        review_state=ReviewState.REJECTED
    )
    response = client.get(reverse("tracker:article-list"), {"district": "gangseo"})
    assert titles(response) == ["강서구 AI 도서관 개관"]


def test_htmx_requests_get_only_the_results_fragment(client, stories):
    response = client.get(
        reverse("tracker:article-list"), {"district": "gangseo"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "강서구 AI 도서관 개관" in html
    full = client.get(reverse("tracker:article-list"), {"district": "gangseo"})
    assert "<html" in full.content.decode()
    assert 'hx-get="/articles/"' in full.content.decode()
    # One address, two bodies: a browser must not show the cached fragment on Back.
    assert "HX-Request" in response["Vary"] and "HX-Request" in full["Vary"]


def test_the_article_list_keeps_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, stories
):
    for n in range(30):
        article(f"강서구 AI 소식 {n}", "2025-05-01", "gangseo", "gangseo-ai-library")
    with django_assert_max_num_queries(12):
        client.get(reverse("tracker:article-list"))
    # A search sets PostgreSQL's planner for its count and its page and puts it back
    # (tracker/plans.py): a few queries more, as many whatever the number of rows.
    with django_assert_max_num_queries(14):
        client.get(
            reverse("tracker:article-list"), {"district": "gangseo", "q": "강서"}
        )


def test_other_list_pages_keep_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, stories
):
    for n in range(20):
        article(
            f"금천구 AI 소식 {n}",
            "2025-05-01",
            "geumcheon",
            "geumcheon-gvalley-ai-innovation-centre",
        )
    pages = [
        reverse("tracker:home"),
        reverse("tracker:initiative-list"),
        reverse(
            "tracker:initiative-detail", args=["geumcheon-gvalley-ai-innovation-centre"]
        ),
        reverse("districts:detail", args=["geumcheon"]),
        reverse("tracker:compare") + "?districts=geumcheon,gangseo",
    ]
    # Recounting the days those writes noted is upkeep of kept counts, not the
    # pages' own cost.
    Tally.objects.refresh()
    for page in pages:
        with django_assert_max_num_queries(30):
            assert client.get(page).status_code == 200


def test_compare_shows_two_to_five_districts_side_by_side(client, stories):
    response = client.get(
        reverse("tracker:compare"), {"districts": "geumcheon,gangseo", "period": "all"}
    )
    columns = response.context["columns"]
    assert [c["district"].slug for c in columns] == ["geumcheon", "gangseo"]
    assert columns[1]["n_articles"] == 2
    odd = client.get(reverse("tracker:compare"), {"districts": "geumcheon,atlantis"})
    assert [c["district"].slug for c in odd.context["columns"]] == ["geumcheon"]
    assert odd.context["unknown"] == ["atlantis"]


def test_english_is_a_click_away(client, stories):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("tracker:article-list")).content.decode()
    assert '<html lang="en">' in html and "Geumcheon-gu" in html


def read_csv(response) -> tuple[bytes, list[list[str]]]:
    data = b"".join(response.streaming_content)
    return data, list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_the_article_export_has_the_pages_filters_and_is_excel_safe(client, stories):
    ArticleFactory(
        title='=HYPERLINK("http://evil.example","클릭")',
        published_at=at("2025-02-02"),
        scope="district",
    )
    data, rows = read_csv(
        client.get(reverse("tracker:article-export"), {"district": "gangseo"})
    )
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == len(rows)
    assert {row[1] for row in rows[1:]} == {"강서구 AI 도서관 개관", "강서구 옛 소식"}

    _, everything = read_csv(client.get(reverse("tracker:article-export")))
    assert '\'=HYPERLINK("http://evil.example","클릭")' in [
        row[1] for row in everything
    ]


def test_the_other_exports_answer_with_csv(client, stories):
    for name in (
        "tracker:initiative-export",
        "tracker:district-export",
        "tracker:evidence-export",
    ):
        data, rows = read_csv(client.get(reverse(name)))
        assert data.startswith(b"\xef\xbb\xbf") and len(rows) > 1
    _, districts = read_csv(
        client.get(reverse("tracker:district-export"), {"period": "all"})
    )
    gangseo = next(row for row in districts if row[0] == "11500")
    assert gangseo[3] == "2"


def test_cached_figures_follow_a_new_article_and_a_curator_decision(
    client, stories, django_capture_on_commit_callbacks
):
    from tests.factories import StaffFactory
    from tracker import curation
    from tracker.ingest import service

    def gangseo_tile():
        tiles = client.get(reverse("tracker:home"), {"period": "all"}).context[
            "overview"
        ]["tiles"]["tiles"]
        return next(tile for tile in tiles if tile.district.slug == "gangseo")

    assert gangseo_tile().value == 2  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        run = service.start_run("command")
        item = service.add_file(
            run,
            "강서.txt",
            "강서구, AI 돌봄 로봇 도입\n서울 강서구는 경로당에 인공지능(AI) 돌봄 로봇을 들인다고 밝혔다.\n".encode(),
        )
        service.process_item(item.pk)
    tile = gangseo_tile()
    assert tile.value == 3
    assert client.get(tile.url).context["page"].paginator.count == 3

    with django_capture_on_commit_callbacks(execute=True):
        link = DistrictLink.objects.get(article=stories["old"])
        curation.review(link, ReviewState.REJECTED, StaffFactory())
    assert gangseo_tile().value == 2


def test_a_list_page_served_from_the_cache_reads_no_rows_until_a_change(
    client, stories, django_capture_on_commit_callbacks
):
    url = reverse("tracker:article-list") + "?district=gangseo"
    first = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as again:
        second = client.get(url).content.decode()

    assert "강서구 AI 도서관 개관" in first
    assert second.count('class="article-row') == first.count('class="article-row')
    # The cached rows and filter form: no article, link or initiative read again.
    assert not [
        q["sql"] for q in again.captured_queries if "tracker_article" in q["sql"]
    ]

    # An ingested article (its commit moves the figures on) is listed at once.
    from tracker.ingest import service

    with django_capture_on_commit_callbacks(execute=True):
        run = service.start_run("command")
        text = "강서구, AI 민원 챗봇 도입\n서울 강서구는 인공지능(AI) 민원 챗봇을 연다고 밝혔다.\n"
        service.process_item(service.add_file(run, "강서.txt", text.encode()).pk)
    assert "강서구, AI 민원 챗봇 도입" in client.get(url).content.decode()


def test_sorting_by_oldest_or_relevance(client, stories):
    url = reverse("tracker:article-list")
    assert titles(client.get(url, {"sort": "oldest"}))[0] == "강서구 옛 소식"
    Article.objects.filter(pk=stories["library"].pk).update(relevance=0.99)
    assert titles(client.get(url, {"sort": "relevance"}))[0] == "강서구 AI 도서관 개관"


def test_undated_articles_end_the_newest_first_list_and_its_export_on_any_database(
    client, stories
):
    undated = article("강서구 날짜 없는 소식", "2024-06-01", "gangseo")
    Article.objects.filter(pk=undated.pk).update(published_at=None)
    url = reverse("tracker:article-list")

    newest = titles(client.get(url, {"district": "gangseo"}))
    oldest = titles(client.get(url, {"district": "gangseo", "sort": "oldest"}))
    _, rows = read_csv(
        client.get(reverse("tracker:article-export"), {"district": "gangseo"})
    )

    assert newest == [
        "강서구 AI 도서관 개관",
        "강서구 옛 소식",
        "강서구 날짜 없는 소식",
    ]
    assert oldest == newest[::-1]
    assert [row[1] for row in rows[1:]] == newest


def test_the_sort_menu_heads_the_results_and_is_sent_with_the_filters(client, stories):
    html = client.get(
        reverse("tracker:article-list"), {"sort": "oldest"}
    ).content.decode()
    form = html[html.index('<form id="filters"') : html.index("</form>")]
    results = html[html.index('<div id="results"') :]

    assert 'name="sort"' not in form
    assert '<select name="sort" form="filters" id="id_sort">' in results
    assert '<option value="oldest" selected>' in results


def test_favicon_ico_points_at_the_svg(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response.url.endswith("favicon.svg")


def test_the_initiative_menu_lists_confirmed_initiatives_and_the_one_chosen(client):
    from tracker.models import Initiative

    Initiative.objects.create(
        slug="mapo-x", name_ko="마포 제안 정책", category="safety",
        origin="discovered", review_state="suggested",
    )  # fmt: skip
    menu = client.get("/articles/").context["initiatives"]
    chosen = client.get("/articles/?initiative=mapo-x").context["initiatives"]

    assert "mapo-x" not in {i.slug for i in menu}
    assert all(i.review_state == "confirmed" for i in menu)
    assert "mapo-x" in {i.slug for i in chosen}
