"""The districts × kinds matrix: what each cell counts and since when, where it links
(a list with exactly those rows), the city-wide row and the totals, the confirmed-only
and period filters, its CSV bytes, and a fixed number of queries."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from districts.models import District
from tests.factories import InitiativeFactory
from tracker.models import Initiative, InitiativeKind

pytestmark = pytest.mark.django_db


def district(slug: str) -> District:
    return District.objects.get(slug=slug)


@pytest.fixture
def initiatives():
    """A clean slate (no catalogue), then initiatives in four districts and the city."""
    Initiative.objects.all().delete()
    mapo, gangseo = district("mapo"), district("gangseo")
    return {
        "mapo_cctv_suggested": InitiativeFactory(
            name_ko="마포 AI CCTV 고속검색시스템",
            kind="cctv-safety",
            districts=[mapo],
            first_seen=date(2023, 11, 20),
            last_seen=date(2023, 12, 1),
        ),
        "mapo_cctv": InitiativeFactory(
            name_ko="마포 지능형 선별관제",
            kind="cctv-safety",
            districts=[mapo],
            review_state="confirmed",
            first_seen=date(2024, 5, 2),
            last_seen=timezone.localdate(),
        ),
        "mapo_rejected": InitiativeFactory(
            name_ko="마포 잘못 찾은 조례",
            kind="ordinance",
            districts=[mapo],
            review_state="rejected",
            first_seen=date(2020, 1, 1),
        ),
        "dongjak_care": InitiativeFactory(
            name_ko="동작 AI 돌봄로봇",
            kind="senior-care",
            districts=[district("dongjak")],
            review_state="confirmed",
            first_seen=date(2025, 3, 5),
        ),
        "gangseo_ordinance": InitiativeFactory(
            name_ko="강서구 인공지능 기본조례",
            kind="ordinance",
            districts=[gangseo],
            review_state="confirmed",
            origin="catalogue",
            first_seen=date(2024, 9, 1),
        ),
        "joint_mou": InitiativeFactory(
            name_ko="강서·양천 AI 공동 협약",
            kind="partnership",
            districts=[gangseo, district("yangcheon")],
            review_state="confirmed",
            first_seen=date(2025, 1, 10),
        ),
        "seoul_plan": InitiativeFactory(
            name_ko="서울시 AI 행정 계획",
            kind="plan",
            review_state="confirmed",
            first_seen=date(2022, 6, 1),
        ),
    }


def cell(matrix, row_slug: str, kind_slug: str):
    row = next(r for r in [*matrix.rows, matrix.citywide] if r.key == row_slug)
    index = next(i for i, c in enumerate(matrix.columns) if c.key == kind_slug)
    return row.cells[index]


def column_total(matrix, kind_slug: str):
    index = next(i for i, c in enumerate(matrix.columns) if c.key == kind_slug)
    return matrix.totals[index]


def listed(client, url: str) -> list[str]:
    page = client.get(url).context["page"]
    return sorted(initiative.name_ko for initiative in page.object_list)


def test_a_cell_counts_a_districts_initiatives_of_a_kind_since_the_first_report(
    client, initiatives
):
    matrix = client.get(reverse("tracker:initiative-matrix")).context["matrix"]

    mapo_cctv = cell(matrix, "mapo", "cctv-safety")
    assert (mapo_cctv.n, mapo_cctv.first) == (2, date(2023, 11, 20))
    assert (cell(matrix, "dongjak", "senior-care").n) == 1
    assert cell(matrix, "gangseo", "ordinance").first == date(2024, 9, 1)
    assert cell(matrix, "mapo", "ordinance").n == 0  # the rejected one is not counted
    assert cell(matrix, "jongno", "cctv-safety").n == 0


def test_rows_are_the_25_districts_then_seoul_city_and_columns_the_kinds(
    client, initiatives
):
    matrix = client.get(reverse("tracker:initiative-matrix")).context["matrix"]

    assert [row.key for row in matrix.rows] == list(
        District.objects.values_list("slug", flat=True)
    )
    assert len(matrix.rows) == 25
    assert [column.key for column in matrix.columns] == list(
        InitiativeKind.objects.values_list("slug", flat=True)
    )
    assert cell(matrix, "citywide", "plan").n == 1
    plan = [c.key for c in matrix.columns].index("plan")
    assert all(r.cells[plan].n == 0 for r in matrix.rows)  # the plan is the city's


def test_totals_count_a_joint_initiative_in_each_row_and_once_in_the_column(
    client, initiatives
):
    matrix = client.get(reverse("tracker:initiative-matrix")).context["matrix"]
    rows = {row.key: row for row in matrix.rows}

    assert cell(matrix, "gangseo", "partnership").n == 1
    assert cell(matrix, "yangcheon", "partnership").n == 1
    assert column_total(matrix, "partnership").n == 1
    assert (rows["gangseo"].total.n, rows["gangseo"].total.first) == (
        2,
        date(2024, 9, 1),
    )
    assert rows["mapo"].total.n == 2
    assert matrix.citywide.total.n == 1
    assert (matrix.total.n, matrix.total.first) == (6, date(2022, 6, 1))


def test_every_count_equals_the_rows_of_the_list_it_links_to(client, initiatives):
    matrix = client.get(reverse("tracker:initiative-matrix")).context["matrix"]
    cells = [c for row in [*matrix.rows, matrix.citywide] for c in row.cells if c.n]
    cells += [row.total for row in [*matrix.rows, matrix.citywide] if row.total.n]
    cells += [c for c in matrix.totals if c.n] + [matrix.total]

    assert len(cells) > 10
    for counted in cells:
        assert client.get(counted.url).context["page"].paginator.count == counted.n
    assert listed(client, cell(matrix, "mapo", "cctv-safety").url) == [
        "마포 AI CCTV 고속검색시스템",
        "마포 지능형 선별관제",
    ]
    assert listed(client, cell(matrix, "citywide", "plan").url) == [
        "서울시 AI 행정 계획"
    ]


def test_the_page_shows_counts_months_links_and_dots_for_empty_cells(
    client, initiatives
):
    html = client.get(reverse("tracker:initiative-matrix")).content.decode()

    mapo = re.search(
        r'<tr><th scope="row"><a href="/districts/mapo/">마포구</a>.*?</tr>', html, re.S
    )
    assert mapo
    assert (
        '<a href="/initiatives/?district=mapo&amp;kind=cctv-safety"><strong>2</strong> '
        '<time datetime="2023-11-20" title="첫 보도 2023-11-20">2023-11</time></a>'
        in mapo.group()
    )
    assert mapo.group().count('<span aria-hidden="true">·</span>') == 19
    # Seoul city below the 25 districts, then the totals.
    assert (
        html.index("강동구</a></th>")
        < html.index("서울시 (시 전체)")
        < html.index("<tfoot>")
    )
    # Kind headers: Korean first, English in the title.
    assert '<th scope="col" title="Intelligent CCTV and safety: ' in html
    assert ">지능형 CCTV·안전</th>" in html
    assert 'href="/initiatives/matrix.csv"' in html


def test_in_english_headers_and_rows_are_english(client, initiatives):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("tracker:initiative-matrix")).content.decode()

    assert ">Intelligent CCTV and safety</th>" in html
    assert 'title="지능형 CCTV·안전: ' in html
    assert ">Mapo-gu</a></th>" in html and "Seoul (city-wide)" in html


def test_confirmed_only_hides_suggestions_and_keeps_the_filter_in_every_link(
    client, initiatives
):
    response = client.get(reverse("tracker:initiative-matrix"), {"state": "confirmed"})
    matrix = response.context["matrix"]

    mapo_cctv = cell(matrix, "mapo", "cctv-safety")
    assert (mapo_cctv.n, mapo_cctv.first) == (1, date(2024, 5, 2))
    assert "state=confirmed" in mapo_cctv.url
    assert listed(client, mapo_cctv.url) == ["마포 지능형 선별관제"]
    assert matrix.total.n == 5
    html = response.content.decode()
    assert 'name="state" value="confirmed" checked' in html
    assert 'href="/initiatives/matrix.csv?state=confirmed"' in html


def test_the_period_keeps_initiatives_seen_in_it(client, initiatives):
    matrix = client.get(reverse("tracker:initiative-matrix"), {"period": "1y"}).context[
        "matrix"
    ]

    assert cell(matrix, "mapo", "cctv-safety").n == 1  # the 2023 one was last seen then
    assert matrix.total.n == 1
    assert "period=1y" in matrix.total.url


def test_district_and_kind_in_the_query_do_not_narrow_the_matrix(client, initiatives):
    matrix = client.get(
        reverse("tracker:initiative-matrix"), {"district": "mapo", "kind": "plan"}
    ).context["matrix"]
    assert matrix.total.n == 6


def test_an_unclassified_column_appears_only_when_an_initiative_has_no_kind(
    client, initiatives
):
    url = reverse("tracker:initiative-matrix")
    assert "none" not in [c.key for c in client.get(url).context["matrix"].columns]

    InitiativeFactory(name_ko="마포 무슨 AI", districts=[district("mapo")], kind=None)
    matrix = client.get(url).context["matrix"]

    assert matrix.columns[-1].key == "none"
    assert cell(matrix, "mapo", "none").n == 1
    assert listed(client, cell(matrix, "mapo", "none").url) == ["마포 무슨 AI"]


def test_the_matrix_keeps_a_fixed_number_of_queries(
    client, initiatives, django_assert_max_num_queries
):
    kinds = list(InitiativeKind.objects.all())
    for n, d in enumerate(District.objects.all()):
        for k in kinds[: n % 7 + 1]:
            InitiativeFactory(districts=[d], kind=k, first_seen=date(2024, 1, 1 + n))
    with django_assert_max_num_queries(8):
        response = client.get(reverse("tracker:initiative-matrix"))
    assert response.context["matrix"].total.n == 6 + 94


# --- CSV ---


def read_csv(response) -> tuple[bytes, list[list[str]]]:
    data = b"".join(response.streaming_content)
    return data, list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_the_csv_holds_the_same_matrix_with_a_bom_and_crlf(client, initiatives):
    data, rows = read_csv(client.get(reverse("tracker:matrix-export")))
    header = rows[0]
    cctv = header.index("지능형 CCTV·안전: 정책 수")
    by_code = {row[0]: row for row in rows[1:26]}

    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == len(rows) == 1 + 25 + 2
    assert header[:3] == ["행안부 코드", "한국어 이름", "영어 이름"]
    assert header[cctv + 1] == "지능형 CCTV·안전: 첫 보도"
    assert header[-2:] == ["합계", "첫 보도"]
    assert len(header) == 3 + 2 * 20 + 2
    assert by_code["11440"][1:3] == ["마포구", "Mapo-gu"]
    assert by_code["11440"][cctv : cctv + 2] == ["2", "2023-11-20"]
    assert by_code["11440"][-2:] == ["2", "2023-11-20"]
    assert by_code["11110"][cctv : cctv + 2] == ["0", ""]
    assert rows[26][:3] == ["", "서울시", "Seoul (city-wide)"]
    assert rows[26][-2:] == ["1", "2022-06-01"]
    assert rows[27][:3] == ["", "합계", "Total"]
    assert rows[27][-2:] == ["6", "2022-06-01"]


def test_the_csv_file_name_carries_the_filter(client, initiatives):
    response = client.get(
        reverse("tracker:matrix-export"), {"state": "confirmed", "period": "1y"}
    )
    today = timezone.localdate()
    assert response["Content-Disposition"] == (
        f'attachment; filename="initiative-matrix-confirmed-1y-{today:%Y%m%d}.csv"'
    )
    _, rows = read_csv(response)
    assert rows[27][-2:] == ["1", "2024-05-02"]


def test_the_csv_neutralises_a_name_that_starts_like_a_formula(client, initiatives):
    InitiativeKind.objects.filter(slug="plan").update(name_ko='=HYPERLINK("x")')
    _, rows = read_csv(client.get(reverse("tracker:matrix-export")))
    assert '\'=HYPERLINK("x"): 정책 수' in rows[0]


def test_a_period_days_ago_is_in_the_last_30_days(client, initiatives):
    initiatives["dongjak_care"].last_seen = timezone.localdate() - timedelta(days=3)
    initiatives["dongjak_care"].save()
    matrix = client.get(
        reverse("tracker:initiative-matrix"), {"period": "30d"}
    ).context["matrix"]
    assert cell(matrix, "dongjak", "senior-care").n == 1
