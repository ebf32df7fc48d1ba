"""The choropleth of the 25 gu: classes with round limits and a legend, a link per
district, labels that fit, the tile map as the compact view, no JavaScript."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from districts.choropleth import choropleth, legend_rows, level, limits, shade
from districts.models import District
from districts.tilemap import tile_map

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("top", "expected"),
    [
        (0, []),
        (1, [(1, 1)]),
        (3, [(1, 1), (2, 2), (3, 3)]),
        (7, [(1, 2), (3, 4), (5, 6), (7, 8)]),
        (37, [(1, 10), (11, 20), (21, 30), (31, 40)]),
        (1200, [(1, 500), (501, 1000), (1001, 1500)]),
    ],
)
def test_classes_have_round_limits_and_cover_the_largest_count(top, expected):
    assert limits(top) == expected


def test_zero_has_its_own_class_and_few_classes_use_the_darker_shades():
    bounds = limits(3)
    assert [level(v, bounds) for v in (0, 1, 2, 3)] == [0, 1, 2, 3]
    # Three classes take shades 2..4: the largest count is always the darkest.
    assert [shade(level(v, bounds), len(bounds)) for v in (0, 1, 3)] == [0, 2, 4]
    assert [(row.level, row.low, row.high) for row in legend_rows(bounds)] == [
        (2, 1, 1),
        (3, 2, 2),
        (4, 3, 3),
    ]


def test_without_boundaries_there_is_no_map_to_draw():
    assert choropleth(District.objects.all()) is None


def test_every_gu_is_an_area_linking_where_asked_shaded_by_its_count(boundaries):
    districts = list(District.objects.all())
    gangseo = next(d for d in districts if d.slug == "gangseo")
    mapo = next(d for d in districts if d.slug == "mapo")

    drawn = choropleth(
        districts, {gangseo.pk: 12, mapo.pk: 3}, url_for=lambda d: f"/x/{d.slug}"
    )

    assert len(drawn.areas) == 25
    areas = {area.district.slug: area for area in drawn.areas}
    assert areas["gangseo"].url == "/x/gangseo"
    assert (areas["gangseo"].level, areas["mapo"].level, areas["jung"].level) == (
        4,
        2,
        0,
    )
    assert [(r.low, r.high) for r in drawn.legend] == [(1, 5), (6, 10), (11, 15)]
    assert drawn.width == 600 and 450 < drawn.height < 520
    assert all(
        area.path.startswith("M") and area.path.endswith("Z") for area in drawn.areas
    )


@pytest.mark.parametrize("language", ["ko", "en"])
def test_labels_fit_their_district(boundaries, language):
    with translation.override(language):
        drawn = choropleth(District.objects.all(), {})

    labelled = [area for area in drawn.areas if area.font_size]
    assert len(labelled) >= 24  # at most one gu too small for its name
    for area in labelled:
        assert 8.5 <= area.font_size <= 15
        assert area.lines[0][0]  # the name comes first


def test_the_tile_map_shares_the_classes_and_breaks_long_english_names(boundaries):
    districts = list(District.objects.all())
    yeongdeungpo = next(d for d in districts if d.slug == "yeongdeungpo")
    with translation.override("en"):
        tiles = tile_map(districts, {yeongdeungpo.pk: 5})

    tile = next(t for t in tiles["tiles"] if t.district == yeongdeungpo)
    assert [text for text, _y in tile.lines] == ["Yeong-", "deungpo"]
    assert tile.level == 4 and tile.is_dark
    assert [(r.low, r.high) for r in tiles["legend"]] == [(1, 2), (3, 4), (5, 6)]


def test_the_districts_page_draws_the_map_without_javascript(client, boundaries):
    html = client.get(reverse("districts:list"), {"period": "all"}).content.decode()

    figure = html[html.index('<figure class="choropleth') : html.index("</figure>")]
    assert "<script" not in figure
    assert len(re.findall(r'<a href="/districts/[a-z]+/"', figure)) == 25
    assert 'data-district="gangseo"' in figure
    assert len(re.findall(r'<path class="area level-\d', figure)) == 25
    assert '<ul class="legend"' in html and "기사 수, 주요 자치구 기준" in html
    # The compact view is there too, for phones.
    assert '<svg class="tile-map"' in html
