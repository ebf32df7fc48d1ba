"""District boundaries as SVG: GeoJSON lon/lat polygons in, path data and label places out.

    GeoJSON Polygon | MultiPolygon (lon, lat)  ->  project()  ->  Shape(path, label point, room)

The projection is equirectangular with longitude scaled by cos(mean latitude): at
Seoul's 37.5°N a degree of longitude is only 0.79 of a degree of latitude, so drawing
them equal would stretch the city sideways by a quarter; over 40 km the error of this
flat approximation is far below a pixel. North is up (SVG y grows downwards).

Labels go where the shape is widest near its middle (a scan of horizontal lines), and
`fit_font` sizes a label to that room, so a name never spills into its neighbour.

Pure: plain lists and dataclasses, no Django, so it is tested without a database.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

Point = tuple[float, float]
Ring = list[Point]

# Rows scanned for the label place: enough to find the waist of any gu, cheap.
SCAN_ROWS = 24
# Character widths in em for a bold sans-serif: Hangul is nearly square, Latin narrower.
HANGUL_EM = 0.98
LATIN_EM = 0.62
NARROW_EM = 0.3  # i, l, j, punctuation and spaces


@dataclass(frozen=True)
class Shape:
    key: str
    path: str  # SVG path data, one subpath per ring (fill-rule evenodd keeps holes)
    label_x: float
    label_y: float
    room: float  # width of the shape along the label's line, in map units
    height_room: float  # height of the shape through the label point


@dataclass(frozen=True)
class Projected:
    width: float
    height: float
    shapes: list[Shape]


def polygons(geometry: Mapping) -> list[list[Ring]]:
    """The polygons of a GeoJSON Polygon or MultiPolygon, each [outer, *holes]."""
    kind, coordinates = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Polygon":
        coordinates = [coordinates]
    elif kind != "MultiPolygon":
        raise ValueError(f"not a polygon: {kind!r}")
    return [
        [[(float(x), float(y)) for x, y, *_ in ring] for ring in polygon]
        for polygon in coordinates
        if polygon
    ]


def project(
    geometries: Mapping[str, Mapping], width: float = 600, padding: float = 6
) -> Projected:
    """Every geometry on one map `width` units wide, north up, keeping proportions."""
    shapes = {key: polygons(geometry) for key, geometry in geometries.items()}
    points = [
        p for rings in shapes.values() for ring in rings for part in ring for p in part
    ]
    if not points:
        return Projected(width, 0, [])
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    squeeze = math.cos(math.radians((south + north) / 2))
    span_x = max((east - west) * squeeze, 1e-9)
    scale = (width - 2 * padding) / span_x
    height = (north - south) * scale + 2 * padding

    def to_xy(point: Point) -> Point:
        lon, lat = point
        return (
            padding + (lon - west) * squeeze * scale,
            padding + (north - lat) * scale,
        )

    projected = []
    for key, rings in shapes.items():
        flat = [[[to_xy(p) for p in part] for part in polygon] for polygon in rings]
        largest = max(flat, key=lambda polygon: area(polygon[0]))
        x, y, room = label_place(largest)
        # Centred up and down too, where the shape is at that x: a label on the
        # widest line may still sit close to a border above or below it.
        top, bottom = vertical_stretch(largest, x, y)
        if bottom > top:
            y = round((top + bottom) / 2, 1)
            x, room = horizontal_stretch(largest, x, y)
        tall = round(bottom - top, 1)
        projected.append(Shape(key, path_data(flat), x, y, room, tall))
    return Projected(round(width, 1), round(height, 1), projected)


def path_data(polygons_xy: Sequence[Sequence[Ring]]) -> str:
    """`M x,y L … Z` for every ring, to one decimal (a tenth of a unit is invisible)."""
    parts = []
    for polygon in polygons_xy:
        for ring in polygon:
            points = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring
            if len(points) < 3:
                continue
            head, *rest = (f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(f"M{head}L" + " ".join(rest) + "Z")
    return "".join(parts)


def area(ring: Ring) -> float:
    """The unsigned area of a ring (shoelace)."""
    return abs(
        sum(
            x1 * y2 - x2 * y1
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)
        )
        / 2
    )


def crossings(polygon: Sequence[Ring], y: float) -> list[float]:
    """Where the horizontal line at `y` crosses the polygon's edges, left to right."""
    xs = []
    for ring in polygon:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 <= y < y2) or (y2 <= y < y1):
                xs.append(x1 + (y - y1) * (x2 - x1) / (y2 - y1))
    return sorted(xs)


def vertical_stretch(
    polygon: Sequence[Ring], x: float, y: float
) -> tuple[float, float]:
    """(top, bottom) of the inside stretch of the vertical line at `x` that holds `y`;
    (y, y) when `y` is not inside."""
    turned = [[(py, px) for px, py in ring] for ring in polygon]
    ys = crossings(turned, x)
    for top, bottom in zip(ys[::2], ys[1::2], strict=False):
        if top <= y <= bottom:
            return top, bottom
    return y, y


def horizontal_stretch(
    polygon: Sequence[Ring], x: float, y: float
) -> tuple[float, float]:
    """(middle, width) of the inside stretch of the horizontal line at `y` that holds
    `x`: where text centred on that line goes, and how wide it may be."""
    xs = crossings(polygon, y)
    for left, right in zip(xs[::2], xs[1::2], strict=False):
        if left <= x <= right:
            return round((left + right) / 2, 1), round(right - left, 1)
    return x, 0.0


def label_place(polygon: Sequence[Ring]) -> tuple[float, float, float]:
    """(x, y, room): the middle of the widest inside stretch of a horizontal line,
    preferring lines near the polygon's vertical middle."""
    ys = [y for _, y in polygon[0]]
    top, bottom = min(ys), max(ys)
    middle, half = (top + bottom) / 2, max((bottom - top) / 2, 1e-9)
    best = (-1.0, (top + bottom) / 2, middle, 0.0)
    for row in range(1, SCAN_ROWS):
        y = top + (bottom - top) * row / SCAN_ROWS
        xs = crossings(polygon, y)
        for left, right in zip(xs[::2], xs[1::2], strict=False):
            width = right - left
            # A stretch far from the middle counts for less: labels sit centrally.
            score = width * (1 - 0.6 * abs(y - middle) / half)
            if score > best[0]:
                best = (score, (left + right) / 2, y, width)
    _, x, y, room = best
    if room == 0:  # a sliver: put the label at the middle of its box
        xs = [x for x, _ in polygon[0]]
        x = (min(xs) + max(xs)) / 2
    return round(x, 1), round(y, 1), round(room, 1)


def text_em(text: str) -> float:
    """Estimated width of `text` in em (bold sans-serif); no font files are read."""
    width = 0.0
    for char in text:
        if "\uac00" <= char <= "\ud7a3" or "\u3131" <= char <= "\u318e":
            width += HANGUL_EM
        elif char in "iljtfI.,:;'|!()- ":
            width += NARROW_EM
        else:
            width += LATIN_EM
    return width


def fit_font(
    lines: Sequence[str],
    room: float,
    largest: float,
    smallest: float,
    height_room: float = math.inf,
) -> float | None:
    """The largest font size up to `largest` at which the widest line fits in `room`
    and the lines (1.15 em apart) in `height_room`, or None when even `smallest`
    would spill over."""
    widest = max((text_em(line) for line in lines), default=0)
    size = min(largest, room / widest if widest else largest)
    if lines:
        size = min(size, height_room / (1.15 * len(lines)))
    return round(size, 1) if size >= smallest else None


def line_positions(y: float, count: int, size: float) -> list[float]:
    """Baselines of `count` lines of `size` centred on `y` (a cap height is ~0.7 em)."""
    first = y - (count - 1) * 1.15 * size / 2 + 0.35 * size
    return [round(first + i * 1.15 * size, 1) for i in range(count)]


def split_romanized(name: str, max_chars: int = 7) -> list[str]:
    """A romanised Korean name in one or two lines, broken between syllables:
    Yeongdeungpo -> [Yeong-, deungpo]; names up to `max_chars` stay whole.

    A break goes after "ng" or the first of two consonants (Geum|cheon, Eun|pyeong),
    or before a consonant that starts the next syllable (Seo|daemun); w and y count as
    consonants there, since they open a syllable (No|won)."""
    if len(name) <= max_chars:
        return [name]
    vowels = set("aeiouAEIOU")
    breaks = []
    for i in range(2, len(name) - 1):
        before, here, after = name[i - 1], name[i], name[i + 1]
        if before in vowels and here not in vowels and after in vowels:
            breaks.append(i)  # V|CV
        elif (
            before not in vowels
            and here not in vowels
            and (
                name[i - 2 : i].lower() == "ng"
                or (name[i - 2] in vowels and name[i - 1 : i + 1].lower() != "ng")
            )
        ):
            breaks.append(i)  # ng|C, VC|C
    if not breaks:
        return [name]
    # The break that leaves the longer line shortest, the earlier one on a tie.
    cut = min(breaks, key=lambda i: (max(i + 1, len(name) - i), i))
    return [name[:cut] + "-", name[cut:]]
