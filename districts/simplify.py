"""Simplify neighbouring polygons so that they still meet along their borders.

Douglas–Peucker on each gu alone would cut a shared border two different ways and
leave slivers and gaps between neighbours on the map. So, as TopoJSON does, every
ring is cut into arcs at its junctions (points with more than two distinct
neighbouring points over all rings), each arc is simplified once in a fixed
direction, and both gu that run along it get the very same points.

Pure: GeoJSON-style lists of [lon, lat] in, lists out; no GIS library.

    python -m districts.simplify IN.geojson OUT.geojson   # writes the shipped file
"""

import json
import math
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

Point = tuple[float, float]

# 30 m is half a pixel of a 600 px wide map of Seoul (~37 km across): invisible,
# and it takes the shipped boundaries from ~108 KB to a few KB per gu.
TOLERANCE_M = 30.0
# Five decimals of a degree are about 1 m: finer digits only add bytes.
DECIMALS = 5
METRES_PER_DEGREE = 111_320.0


def douglas_peucker(points: Sequence[Point], tolerance: float) -> list[Point]:
    """The points of an open line that lie farther than `tolerance` from the
    simplified line, ends always kept. Units are those of the points."""
    return [points[i] for i in kept_indices(points, tolerance)]


def kept_indices(points: Sequence[Point], tolerance: float) -> list[int]:
    """Douglas–Peucker, by position: which points of the line to keep."""
    if len(points) < 3:
        return list(range(len(points)))
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, distance = 0, -1.0
        for i in range(first + 1, last):
            d = distance_to_segment(points[i], points[first], points[last])
            if d > distance:
                farthest, distance = i, d
        if distance > tolerance:
            keep.add(farthest)
            stack += [(first, farthest), (farthest, last)]
    return sorted(keep)


def simplify_rings(
    rings: Sequence[Sequence[Point]], tolerance_m: float = TOLERANCE_M
) -> list[list[Point]]:
    """Closed lon/lat rings (first point == last), simplified with shared arcs
    kept identical. A ring that would fall below a triangle stays as it was."""
    opened = [_open_ring(ring) for ring in rings]
    junctions = _junctions(opened)
    lat = sum(p[1] for ring in opened for p in ring) / max(
        1, sum(len(ring) for ring in opened)
    )
    # Degrees of longitude shrink towards the poles; Seoul is small enough for one factor.
    to_metres = (METRES_PER_DEGREE * math.cos(math.radians(lat)), METRES_PER_DEGREE)
    done: dict[tuple[Point, ...], list[Point]] = {}
    result = []
    for ring, original in zip(opened, rings, strict=True):
        kept: list[Point] = []
        for arc in _arcs(ring, junctions, to_metres):
            kept += _simplify_arc(arc, tolerance_m, to_metres, done)[:-1]
        result.append(
            kept + kept[:1] if len(kept) >= 3 else [tuple(p) for p in original]
        )
    return result


def simplify_geometry(geometry: dict, tolerance_m: float = TOLERANCE_M) -> dict:
    """One Polygon or MultiPolygon, alone (no neighbours to keep in step with)."""
    return simplify_geometries({0: geometry}, tolerance_m)[0]


def simplify_geometries(
    geometries: dict, tolerance_m: float = TOLERANCE_M
) -> dict[object, dict]:
    """GeoJSON Polygon/MultiPolygon geometries by key, rounded to DECIMALS and
    simplified together so that neighbours keep their common borders."""
    polygons = {key: _polygons(geometry) for key, geometry in geometries.items()}
    rings = [
        _rounded(ring) for key in polygons for poly in polygons[key] for ring in poly
    ]
    simplified = iter(simplify_rings(rings, tolerance_m))
    result = {}
    for key, polys in polygons.items():
        coordinates = [
            [[list(p) for p in next(simplified)] for _ in poly] for poly in polys
        ]
        result[key] = (
            {"type": "MultiPolygon", "coordinates": coordinates}
            if geometries[key]["type"] == "MultiPolygon"
            else {"type": "Polygon", "coordinates": coordinates[0]}
        )
    return result


def _polygons(geometry: dict) -> list:
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if kind == "Polygon":
        return [geometry["coordinates"]]
    if kind == "MultiPolygon":
        return geometry["coordinates"]
    raise ValueError(f"expected a Polygon or MultiPolygon, got {kind!r}")


def _rounded(ring: Sequence[Sequence[float]]) -> list[Point]:
    points: list[Point] = []
    for lon, lat, *_ in ring:
        point = (round(float(lon), DECIMALS), round(float(lat), DECIMALS))
        if not points or points[-1] != point:
            points.append(point)
    if points and points[0] != points[-1]:
        points.append(points[0])
    return points


def _open_ring(ring: Sequence[Sequence[float]]) -> list[Point]:
    points = [(p[0], p[1]) for p in ring]
    return points[:-1] if len(points) > 1 and points[0] == points[-1] else points


def _junctions(rings: list[list[Point]]) -> set[Point]:
    """Points where a border between two gu begins or ends: more than two distinct
    neighbours, counted over every ring the point is on."""
    neighbours: dict[Point, set[Point]] = defaultdict(set)
    for ring in rings:
        for i, point in enumerate(ring):
            neighbours[point].update((ring[i - 1], ring[(i + 1) % len(ring)]))
    return {point for point, around in neighbours.items() if len(around) > 2}


def _arcs(ring: list[Point], junctions: set[Point], to_metres) -> list[list[Point]]:
    """The ring cut at its junctions into arcs that share their end points."""
    if not ring:
        return []
    cuts = [i for i, point in enumerate(ring) if point in junctions]
    if len(cuts) < 2:
        # An island or an enclave: cut at points chosen by coordinates alone, so
        # that a hole and the enclave filling it are cut in the same places.
        start = cuts[0] if cuts else min(range(len(ring)), key=ring.__getitem__)
        far = max(
            range(len(ring)),
            key=lambda i: (_metres(ring[i], ring[start], to_metres), ring[i]),
        )
        cuts = sorted({start, far})
    arcs = []
    for n, cut in enumerate(cuts):
        end = cuts[(n + 1) % len(cuts)]
        arcs.append(ring[cut : end + 1] if end > cut else ring[cut:] + ring[: end + 1])
    return arcs


def _simplify_arc(arc, tolerance_m, to_metres, done) -> list[Point]:
    # The same arc runs one way in one gu and the other way in its neighbour.
    forward = tuple(arc)
    backward = forward[::-1]
    canonical = min(forward, backward)
    if canonical not in done:
        in_metres = [(x * to_metres[0], y * to_metres[1]) for x, y in canonical]
        done[canonical] = [canonical[i] for i in kept_indices(in_metres, tolerance_m)]
    kept = done[canonical]
    return kept if canonical == forward else kept[::-1]


def distance_to_segment(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == dy == 0:
        return math.hypot(p[0] - a[0], p[1] - a[1])
    t = max(
        0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy))
    )
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def _metres(p: Point, q: Point, to_metres) -> float:
    return math.hypot((p[0] - q[0]) * to_metres[0], (p[1] - q[1]) * to_metres[1])


def main(source: str, target: str) -> None:
    """Write a simplified copy of a GeoJSON FeatureCollection, properties kept."""
    collection = json.loads(Path(source).read_text(encoding="utf-8"))
    features = collection["features"]
    simplified = simplify_geometries(
        {i: feature["geometry"] for i, feature in enumerate(features)}
    )
    for i, feature in enumerate(features):
        feature["geometry"] = simplified[i]
    # One feature a line: a later change to one gu shows as a one-line diff.
    lines = [
        json.dumps(feature, ensure_ascii=False, separators=(",", ":"))
        for feature in features
    ]
    opening = json.dumps({**collection, "features": []}, ensure_ascii=False)
    Path(target).write_text(
        opening.removesuffix("]}") + "\n" + ",\n".join(lines) + "\n]}\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main(*sys.argv[1:3])
