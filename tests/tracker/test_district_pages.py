"""The district pages an analyst reads: the overview's chart and kind charts over any
period, /districts/ with its table and map, one district, the comparison on one scale,
its CSV and the printable profiles. Every number equals the rows of the list it links
to; list pages keep a fixed number of queries."""

import csv
import io
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from districts.models import District
from tests.factories import ArticleFactory
from tracker import periods
from tracker.models import (
    DistrictLink,
    Initiative,
    InitiativeKind,
    InitiativeLink,
    Tally,
)

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")


def article(title, day: date, district=None, initiative=None, **fields):
    item = ArticleFactory(
        title=title,
        published_at=datetime.combine(day, datetime.min.time(), SEOUL)
        + timedelta(hours=9),
        scope="district",
        **fields,
    )
    if district:
        DistrictLink.objects.create(
            article=item,
            district=District.objects.get(slug=district),
            role="primary",
            confidence=0.9,
            evidence=f"{title}.",
        )
    if initiative:
        InitiativeLink.objects.create(
            article=item,
            initiative=initiative,
            confidence=0.8,
            evidence=f"{title} 근거.",
            event="launched",
            event_date=day,
            event_date_precision="day",
        )
        initiative.refresh_seen()
    return item


@pytest.fixture
def cctv(gangseo) -> Initiative:
    initiative = Initiative.objects.create(
        slug="gangseo-test-cctv",
        name_ko="강서 지능형 CCTV",
        name_en="Gangseo smart CCTV",
        category="safety",
        kind=InitiativeKind.objects.get(slug="cctv-safety"),
        stage="launched",
        origin="curator",
    )
    initiative.districts.add(gangseo)
    return initiative


@pytest.fixture
def year_2024(cctv):
    """Four Gangseo articles and one Mapo article in 2024, one Gangseo one in 2023."""
    return [
        article("강서 CCTV 1월", date(2024, 1, 15), "gangseo", cctv),
        article("강서 CCTV 3월 가", date(2024, 3, 2), "gangseo", cctv),
        article("강서 CCTV 3월 나", date(2024, 3, 20), "gangseo"),
        article("강서 CCTV 11월", date(2024, 11, 5), "gangseo", cctv),
        article("마포 소식", date(2024, 3, 9), "mapo"),
        article("강서 옛 소식", date(2023, 6, 1), "gangseo"),
    ]


def listed(client, url: str) -> int:
    return client.get(url).context["page"].paginator.count


# --- periods ---


def test_a_year_is_a_period_from_january_to_december():
    span = periods.period("2024", today=date(2026, 5, 1))
    assert (span.start, span.end) == (date(2024, 1, 1), date(2024, 12, 31))
    assert span.params == {
        "published_after": "2024-01-01",
        "published_before": "2024-12-31",
    }
    assert periods.period("1999", today=date(2026, 5, 1)).key == "1y"  # too early
    assert periods.period("2030", today=date(2026, 5, 1)).key == "1y"  # not yet
    keys = [key for key, _ in periods.choices(2023, today=date(2026, 5, 1))]
    assert keys == ["30d", "90d", "1y", "all", "2026", "2025", "2024", "2023"]


# --- the overview's charts ---


def test_every_bar_of_the_overview_counts_the_rows_of_the_list_it_opens(
    client, year_2024
):
    response = client.get(reverse("tracker:home"), {"period": "2024"})
    chart = response.context["overview"]["chart"]

    assert chart.unit == "month" and len(chart.bars) == 12
    assert [bar.value for bar in chart.bars] == [1, 0, 3, 0, 0, 0, 0, 0, 0, 0, 1, 0]
    for bar in chart.bars:
        assert listed(client, bar.url) == bar.value, bar.url
    html = response.content.decode()
    assert 'aria-label="2024-03: 기사 3건"' in html
    assert 'data-y-max="3"' in html
    assert '<text class="y-label"' in html and ">3월</text>" in html


def test_all_time_reaches_back_to_the_first_article_in_years_or_months(
    client, year_2024
):
    article("오래된 강서 소식", date(2012, 5, 1), "gangseo")
    chart = client.get(reverse("tracker:home"), {"period": "all"}).context["overview"][
        "chart"
    ]

    assert chart.unit == "year"
    assert chart.bars[0].label == "2012-05-01 – 2012-12-31"
    assert chart.total == 7


def test_a_short_period_is_drawn_in_weeks(client, gangseo):
    today = timezone.localdate()
    article("이번 주 강서 소식", today, "gangseo")
    chart = client.get(reverse("tracker:home"), {"period": "30d"}).context["overview"][
        "chart"
    ]

    assert chart.unit == "week" and 5 <= len(chart.bars) <= 6
    assert chart.bars[-1].value == 1
    assert listed(client, chart.bars[-1].url) == 1


def test_kind_charts_share_a_scale_and_open_the_articles_of_that_kind(
    client, year_2024
):
    response = client.get(reverse("tracker:home"), {"period": "2024"})
    [row] = response.context["overview"]["kind_charts"]

    assert row["kind"].slug == "cctv-safety" and row["total"] == 3
    march = row["chart"].bars[2]
    assert march.value == 1
    assert "kind=cctv-safety" in march.url and "published_after=2024-03-01" in march.url
    assert listed(client, march.url) == 1


# --- /districts/ ---


def test_the_districts_table_counts_articles_initiatives_and_the_latest_article(
    client, year_2024
):
    response = client.get(reverse("districts:list"), {"period": "2024"})
    rows = {row.district.slug: row for row in response.context["rows"]}

    gangseo, mapo = rows["gangseo"], rows["mapo"]
    assert (gangseo.articles, gangseo.initiatives, gangseo.latest) == (
        4,
        1,
        date(2024, 11, 5),
    )
    assert (mapo.articles, mapo.initiatives) == (1, 0)
    assert listed(client, gangseo.articles_url) == 4
    assert client.get(gangseo.initiatives_url).context["page"].paginator.count == 1
    # Most articles first by default.
    assert [row.district.slug for row in response.context["rows"][:2]] == [
        "gangseo",
        "mapo",
    ]
    html = response.content.decode()
    assert f'<a href="{gangseo.articles_url.replace("&", "&amp;")}">4</a>' in html
    assert '<td data-label="최근 기사">2024-11-05</td>' in html


def test_the_districts_table_sorts_by_any_column_both_ways(client, year_2024):
    def order(sort):
        response = client.get(
            reverse("districts:list"), {"period": "2024", "sort": sort}
        )
        return [row.district.slug for row in response.context["rows"]]

    assert order("code")[:2] == ["jongno", "jung"]
    assert order("-code")[0] == "gangdong"
    assert order("name")[:2] == ["gangnam", "gangdong"]  # 가나다 order
    assert order("-latest")[:2] == ["gangseo", "mapo"]
    # Districts with no article yet end the list both ways.
    assert order("latest")[:2] == ["mapo", "gangseo"]
    assert order("latest")[-1] == order("-latest")[-1] == "gangdong"  # last by code
    assert order("initiatives")[-1] == "gangseo"
    links = client.get(
        reverse("districts:list"), {"period": "2024", "sort": "-articles"}
    ).context["sort_links"]
    assert links["articles"] == "?period=2024&sort=articles"  # the other way round
    assert links["name"] == "?period=2024&sort=name"


def test_the_districts_page_links_its_csv_which_holds_the_same_rows(client, year_2024):
    html = client.get(reverse("districts:list"), {"period": "2024"}).content.decode()
    assert 'href="/districts.csv?period=2024"' in html

    response = client.get("/districts.csv?period=2024")
    data = b"".join(response.streaming_content)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert re.fullmatch(
        r'attachment; filename="districts-2024-\d{8}\.csv"',
        response["Content-Disposition"],
    )
    assert rows[0][:6] == [
        "행안부 코드",
        "한국어 이름",
        "영어 이름",
        "기사",
        "정책",
        "최근 기사",
    ]
    assert rows[1] == [
        "11500",
        "강서구",
        "Gangseo-gu",
        "4",
        "1",
        "2024-11-05",
        "2024년",
        "http://testserver/districts/gangseo/",
    ]


def test_the_districts_page_keeps_a_fixed_number_of_queries(
    client, year_2024, cctv, django_assert_max_num_queries
):
    for n in range(30):
        article(f"강서 추가 {n}", date(2024, 5, 1 + n % 28), "gangseo", cctv)
    Tally.objects.refresh()  # upkeep of kept counts, not the page's own cost
    with django_assert_max_num_queries(12):
        assert client.get(reverse("districts:list")).status_code == 200


# --- one district, the comparison ---


def test_the_district_page_shows_where_it_lies_its_chart_and_its_printable_profile(
    client, year_2024, boundaries
):
    html = client.get(
        reverse("districts:detail", args=["gangseo"]), {"period": "2024"}
    ).content.decode()

    assert '<figure class="choropleth locator">' in html
    assert html.count('class="area level-0 highlight"') == 1
    assert 'data-district="gangseo"' in html
    assert 'id="district-chart"' in html and 'data-y-max="2"' in html
    assert 'href="/districts/gangseo/print/?period=2024"' in html


def test_compare_draws_every_district_on_one_y_scale_and_counts_zero_as_zero(
    client, year_2024
):
    response = client.get(
        reverse("tracker:compare"), {"districts": "mapo,gangseo", "period": "2024"}
    )
    mapo, gangseo = response.context["columns"]

    assert mapo["chart"].y_max == gangseo["chart"].y_max == 2
    assert mapo["n_articles"] == 1 and gangseo["n_articles"] == 4
    kinds = {kind.slug: (n, url) for kind, n, url in gangseo["counts"]["kinds"]}
    assert kinds["cctv-safety"] == (
        1,
        "/initiatives/?district=gangseo&kind=cctv-safety",
    )
    # Rows only for kinds some compared district has; Mapo has none of them.
    assert len(mapo["counts"]["kinds"]) == len(gangseo["counts"]["kinds"])
    assert {n for _kind, n, _url in mapo["counts"]["kinds"]} == {0}
    html = response.content.decode()
    assert html.count('data-y-max="2"') == 2
    assert '<span class="zero">0</span>' in html
    assert 'href="/compare.csv?districts=mapo%2Cgangseo&amp;period=2024"' in html
    assert 'href="/compare/print/?districts=mapo%2Cgangseo&amp;period=2024"' in html


def test_the_compare_csv_has_a_row_per_district_and_says_what_it_holds(
    client, year_2024
):
    response = client.get(
        reverse("tracker:compare-export"),
        {"districts": "gangseo,mapo", "period": "2024"},
    )
    data = b"".join(response.streaming_content)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))

    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == 3
    assert re.search(
        r"compare-gangseo-mapo-2024-\d{8}\.csv", response["Content-Disposition"]
    )
    header = rows[0]
    gangseo = dict(zip(header, rows[1], strict=True))
    assert gangseo["행안부 코드"] == "11500"
    assert gangseo["이 사이트의 주소"] == "http://testserver/districts/gangseo/"
    assert gangseo["기간 안의 기사"] == "4"
    everything = Initiative.objects.filter(districts__slug="gangseo").count()
    assert gangseo["정책"] == str(everything)  # the whole record, whatever the period
    assert gangseo["단계: 시행"] == "1"
    assert gangseo["유형: 지능형 CCTV·안전"] == "1"
    assert rows[2][:3] == ["11440", "마포구", "Mapo-gu"]


# --- printable profiles ---


def test_the_printable_profile_has_a_page_per_district_with_its_record(
    client, year_2024, boundaries
):
    response = client.get(
        reverse("tracker:compare-print"),
        {"districts": "gangseo,mapo", "period": "2024"},
    )
    html = response.content.decode()

    assert html.count('<article class="print-page"') == 2
    gangseo = html[: html.index('id="profile-mapo"')]
    assert "강서 지능형 CCTV" in gangseo and "지능형 CCTV·안전" in gangseo
    assert "2024-01-15" in gangseo  # first reported
    assert re.search(r"<time datetime=\"2024-11-05\">2024-11-05</time>", gangseo)
    assert "강서 CCTV 11월" in gangseo  # a source
    assert gangseo.count('<li><a href="/articles/') == 3
    assert 'class="area level-0 highlight"' in gangseo  # where it lies


def test_the_print_stylesheet_puts_one_district_on_each_page():
    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    print_rules = css[css.index("@media print") :]

    assert "@page { size: A4" in css
    assert ".print-page {" in print_rules and "break-after: page" in print_rules
    assert ".site-header" in print_rules  # no navigation on paper


def test_an_unknown_district_is_not_compared_or_printed(client):
    page = client.get("/compare/?districts=gangseo,atlantis,mapo")
    assert page.status_code == 200
    assert [c["district"].slug for c in page.context["columns"]] == ["gangseo", "mapo"]
    assert "구가 아닌 이름은 뺐습니다: atlantis" in page.content.decode()
    assert client.get("/compare/print/?districts=atlantis").status_code == 404
    assert client.get("/districts/atlantis/print/").status_code == 404


def test_compare_reads_no_more_names_than_there_are_districts(client):
    junk = ",".join(f"x{n}" for n in range(40))
    page = client.get(f"/compare/?districts=gangseo,{junk}")

    assert len(page.context["unknown"]) == 24  # 25 names read, gangseo first


def test_past_five_districts_the_page_says_which_were_left_out(client):
    six = "gangseo,mapo,geumcheon,nowon,gangnam,dongjak"
    page = client.get(f"/compare/?districts={six}")

    assert len(page.context["columns"]) == 5
    assert "한 번에 다섯 구까지 비교합니다: 동작구 빠짐." in page.content.decode()
