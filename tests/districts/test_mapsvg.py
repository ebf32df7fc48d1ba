"""districts/mapsvg.py, pure: GeoJSON in, SVG path data and label places out. North is
up, proportions hold at Seoul's latitude, labels sit inside their shape and fit it."""

import math
import re

import pytest

from districts import mapsvg


def square(west, south, size=0.1):
    return {
        "type": "Polygon",
        "coordinates": [
            [
                [west, south],
                [west + size, south],
                [west + size, south + size],
                [west, south + size],
                [west, south],
            ]
        ],
    }


def test_polygons_read_polygon_and_multipolygon_and_refuse_anything_else():
    one = square(127.0, 37.5)
    many = {
        "type": "MultiPolygon",
        "coordinates": [one["coordinates"], square(127.2, 37.5)["coordinates"]],
    }

    assert len(mapsvg.polygons(one)) == 1
    assert len(mapsvg.polygons(many)) == 2
    assert mapsvg.polygons(one)[0][0][0] == (127.0, 37.5)
    with pytest.raises(ValueError, match="not a polygon"):
        mapsvg.polygons({"type": "Point", "coordinates": [127.0, 37.5]})


def test_a_degree_square_at_seouls_latitude_is_drawn_narrower_than_tall():
    projected = mapsvg.project({"a": square(127.0, 37.5, 0.2)}, width=200, padding=0)

    assert projected.width == 200
    # 0.2° of longitude is cos(37.6°) = 0.79 of 0.2° of latitude.
    assert projected.height == pytest.approx(200 / math.cos(math.radians(37.6)), 0.01)


def test_north_is_up_and_east_is_right():
    projected = mapsvg.project(
        {"south-west": square(127.0, 37.4), "north-east": square(127.2, 37.6)},
        width=300,
    )
    boxes = {shape.key: (shape.label_x, shape.label_y) for shape in projected.shapes}

    assert boxes["north-east"][0] > boxes["south-west"][0]
    assert boxes["north-east"][1] < boxes["south-west"][1]


def test_path_data_closes_every_ring_and_keeps_holes_as_subpaths():
    ring = [(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]
    hole = [(3, 3), (6, 3), (6, 6), (3, 6), (3, 3)]

    path = mapsvg.path_data([[ring, hole]])

    assert (
        path == "M0.0,0.0L10.0,0.0 10.0,10.0 0.0,10.0ZM3.0,3.0L6.0,3.0 6.0,6.0 3.0,6.0Z"
    )
    assert re.fullmatch(r"(M[\d.,]+L[\d., ]+Z)+", path)


def test_the_label_goes_in_the_thick_part_of_an_l_shape():
    # A tall thin bar on the left and a wide block at the bottom right.
    l_shape = [[(0, 0), (10, 0), (10, 60), (100, 60), (100, 100), (0, 100), (0, 0)]]

    x, y, room = mapsvg.label_place(l_shape)

    assert 60 < y < 100  # in the block, not in the bar
    assert room > 60
    assert mapsvg.crossings(l_shape, y)[0] <= x <= mapsvg.crossings(l_shape, y)[-1]


def test_fit_font_shrinks_to_the_room_and_gives_up_below_the_smallest_size():
    assert mapsvg.fit_font(["강서"], room=100, largest=15, smallest=8) == 15
    assert mapsvg.fit_font(["Yeongdeungpo"], room=60, largest=15, smallest=7) == (
        pytest.approx(60 / mapsvg.text_em("Yeongdeungpo"), abs=0.1)
    )
    assert mapsvg.fit_font(["Yeongdeungpo"], room=30, largest=15, smallest=8) is None
    # Three lines need 3 × 1.15 em of height.
    assert mapsvg.fit_font(["a", "b", "c"], 100, 15, 5, height_room=34.5) == 10


def test_hangul_is_wider_than_latin_letters():
    assert mapsvg.text_em("강서") > mapsvg.text_em("Ga")
    assert mapsvg.text_em("il") < mapsvg.text_em("mo")


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("Mapo", ["Mapo"]),
        ("Yeongdeungpo", ["Yeong-", "deungpo"]),
        ("Dongdaemun", ["Dong-", "daemun"]),
        ("Seodaemun", ["Seo-", "daemun"]),
        ("Geumcheon", ["Geum-", "cheon"]),
        ("Eunpyeong", ["Eun-", "pyeong"]),
        ("Jungnang", ["Jung-", "nang"]),
        ("Gwangjin", ["Gwang-", "jin"]),
    ],
)
def test_romanised_names_break_between_syllables(name, lines):
    assert mapsvg.split_romanized(name, max_chars=7) == lines


def test_line_positions_centre_the_lines_on_the_label_point():
    one = mapsvg.line_positions(100, 1, 10)
    two = mapsvg.line_positions(100, 2, 10)

    assert one == [103.5]  # the baseline sits a third of a cap below the middle
    assert two[1] - two[0] == pytest.approx(11.5, abs=0.1)
    assert (two[0] + two[1]) / 2 == pytest.approx(one[0], abs=0.1)
