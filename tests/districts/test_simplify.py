"""The boundary simplifier: Douglas–Peucker on a line, and neighbouring polygons that
still share every border point after simplifying. Pure: no database."""

import itertools
import json

from districts.importer import BOUNDARIES_FILE
from districts.simplify import (
    distance_to_segment,
    douglas_peucker,
    simplify_geometries,
    simplify_geometry,
    simplify_rings,
)

# A small wiggle, a jump, then a straight run.
WIGGLE = [(0, 0), (1, 0.1), (2, -0.1), (3, 5), (4, 6), (5, 7), (6, 8), (7, 9)]


def test_douglas_peucker_keeps_the_ends_and_the_points_beyond_the_tolerance():
    assert douglas_peucker(WIGGLE, 0.5) == [(0, 0), (2, -0.1), (3, 5), (7, 9)]
    assert douglas_peucker(WIGGLE, 100) == [(0, 0), (7, 9)]
    # Points on a straight run add nothing even at no tolerance at all.
    assert douglas_peucker(WIGGLE, 0) == [(0, 0), (1, 0.1), (2, -0.1), (3, 5), (7, 9)]
    assert douglas_peucker([(0, 0), (1, 1)], 1) == [(0, 0), (1, 1)]


def test_douglas_peucker_run_again_on_its_output_changes_nothing():
    once = douglas_peucker(WIGGLE, 0.5)
    assert douglas_peucker(once, 0.5) == once


def zigzag(start, end, steps, amplitude):
    """Points from start to end with a small sideways wiggle (in degrees)."""
    (x0, y0), (x1, y1) = start, end
    return [
        (
            round(x0 + (x1 - x0) * i / steps + (amplitude if i % 2 else 0), 5),
            round(y0 + (y1 - y0) * i / steps, 5),
        )
        for i in range(steps + 1)
    ]


def two_neighbours():
    """Two squares, 0.01° wide, sharing a wiggly north-south border."""
    border = zigzag((127.01, 37.50), (127.01, 37.51), 20, 0.00005)  # ~4 m wiggle
    west = [(127.00, 37.50), *border, (127.00, 37.51), (127.00, 37.50)]
    east = [*border[::-1], (127.02, 37.50), (127.02, 37.51)]
    east = [(127.02, 37.51), *east[:-1], (127.02, 37.51)]
    return west, east, border


def on(ring, line):
    return set(ring) & set(line)


def test_a_border_shared_by_two_rings_is_simplified_the_same_way_in_both():
    west, east, border = two_neighbours()

    new_west, new_east = simplify_rings([west, east], tolerance_m=30)

    # The 4 m wiggle is gone from both sides: the border is one straight edge.
    assert on(new_west, border) == on(new_east, border) == {border[0], border[-1]}
    assert new_west[0] == new_west[-1] and new_east[0] == new_east[-1]
    assert len(new_west) == len(new_east) == 5


def test_a_wiggle_larger_than_the_tolerance_stays_and_stays_shared():
    west, east, border = two_neighbours()

    new_west, new_east = simplify_rings([west, east], tolerance_m=1)

    assert on(new_west, border) == on(new_east, border) == set(border)


def test_a_ring_too_small_to_simplify_is_left_as_it_was():
    tiny = [(127.0, 37.5), (127.00001, 37.5), (127.0, 37.50001), (127.0, 37.5)]
    assert simplify_rings([tiny], tolerance_m=1000) == [tiny]


def test_geometries_keep_their_type_and_are_rounded_to_five_decimals():
    square = [[127.0, 37.5], [127.01, 37.5], [127.01, 37.51], [127.0, 37.51]]
    polygon = {"type": "Polygon", "coordinates": [[*square, square[0]]]}
    shifted = [[x + 0.000001, y] for x, y in [*square, square[0]]]
    multi = {"type": "MultiPolygon", "coordinates": [[shifted]]}

    result = simplify_geometries({"a": polygon, "b": multi})

    assert result["a"] == polygon
    assert result["b"] == {
        "type": "MultiPolygon",
        "coordinates": [[polygon["coordinates"][0]]],
    }


def inside(point, ring) -> bool:
    x, y = point
    crossings = 0
    for (ax, ay), (bx, by) in itertools.pairwise(ring):
        if (ay > y) != (by > y) and x < ax + (y - ay) * (bx - ax) / (by - ay):
            crossings += 1
    return crossings % 2 == 1


def metres_to_edge(point, ring) -> float:
    scale = (88_200, 111_320)  # metres per degree of lon and lat at Seoul
    p = (point[0] * scale[0], point[1] * scale[1])
    return min(
        distance_to_segment(
            p, (a[0] * scale[0], a[1] * scale[1]), (b[0] * scale[0], b[1] * scale[1])
        )
        for a, b in itertools.pairwise(ring)
    )


def overlaps(geometries, deeper_than_m=5):
    """Vertices of one gu lying inside another, farther in than a few metres: what
    simplifying each gu alone leaves where neighbours cut their border differently."""
    rings = {
        code: [tuple(p) for p in g["coordinates"][0]] for code, g in geometries.items()
    }
    return [
        (a, b, point)
        for a, ring in rings.items()
        for b, other in rings.items()
        if a != b
        for point in ring
        if inside(point, other) and metres_to_edge(point, other) > deeper_than_m
    ]


def test_the_shipped_boundaries_are_small_and_simplifying_them_again_changes_nothing():
    features = json.loads(BOUNDARIES_FILE.read_text(encoding="utf-8"))["features"]
    shipped = {f["properties"]["code"]: f["geometry"] for f in features}

    assert simplify_geometries(shipped) == shipped
    sizes = [len(json.dumps(g["coordinates"])) for g in shipped.values()]
    assert len(shipped) == 25 and max(sizes) < 4_000


def test_neighbours_simplified_together_do_not_overlap_but_alone_they_would():
    features = json.loads(BOUNDARIES_FILE.read_text(encoding="utf-8"))["features"]
    shipped = {f["properties"]["code"]: f["geometry"] for f in features}

    assert overlaps(simplify_geometries(shipped, tolerance_m=100)) == []
    alone = {code: simplify_geometry(g, tolerance_m=100) for code, g in shipped.items()}
    assert len(overlaps(alone)) > 10
