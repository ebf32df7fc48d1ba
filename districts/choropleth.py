"""The choropleth map of the 25 gu: boundaries shaded by a count, with a legend.

    District.boundary -> mapsvg.project() -> Area (path, label, level, link) -> template

Counts fall into a few classes with round limits (0, 1–5, 6–10, …) rather than a
continuous shade: a reader can match a district to the legend, and the print stays
readable in grey. Zero has its own class, so "none" never looks like "a few".
"""

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.translation import get_language

from districts import mapsvg
from districts.models import District

WIDTH = 600
# Map units; the map is drawn 600 units wide, so these are pixels on a desktop.
LABEL_LARGEST = 15.0
LABEL_SMALLEST = 8.5
LABEL_COMFORTABLE = 11.0
CLASSES = 4
NICE_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000)


@dataclass
class Area:
    district: District
    path: str
    url: str
    value: int
    level: int  # 0 for zero, then 1..CLASSES
    label_x: float
    lines: list[tuple[str, float]]  # text and baseline y
    font_size: float | None  # None: too small a shape for its name; no label drawn
    is_highlighted: bool = False

    @property
    def is_dark(self) -> bool:
        """White text on the two darkest classes keeps AA contrast."""
        return self.level >= CLASSES - 1 or self.is_highlighted


@dataclass
class LegendRow:
    level: int
    low: int
    high: int


@dataclass
class Choropleth:
    width: float
    height: float
    areas: list[Area]
    legend: list[LegendRow] = field(default_factory=list)
    top: int = 0


def limits(top: int, classes: int = CLASSES) -> list[tuple[int, int]]:
    """Class limits (low, high) covering 1..top in steps of a round number:
    top 3 -> (1,1) (2,2) (3,3); top 37 -> (1,10) (11,20) (21,30) (31,40)."""
    if top <= 0:
        return []
    step = next(
        (s for s in NICE_STEPS if s * classes >= top),
        math.ceil(top / classes),
    )
    count = math.ceil(top / step)
    return [(i * step + 1, (i + 1) * step) for i in range(count)]


def level(value: int, bounds: list[tuple[int, int]]) -> int:
    """0 for zero; otherwise the 1-based class holding `value`."""
    if value <= 0:
        return 0
    for index, (_, high) in enumerate(bounds, start=1):
        if value <= high:
            return index
    return len(bounds)


def shade(index: int, count: int) -> int:
    """Spread `count` classes over the CLASSES shades, darkest last: with two classes
    use shades 2 and 4, so a small maximum still looks small."""
    if index == 0 or count == 0:
        return 0
    return CLASSES - count + index


def name_options(district: District) -> list[list[str]]:
    """The ways to write the gu's name on the map, best first: one line, then two."""
    if (get_language() or "ko").startswith("en"):
        split = mapsvg.split_romanized(district.short_en, max_chars=0)
        return [[district.short_en], split] if len(split) > 1 else [split]
    return [[district.short_ko]]


def fit_label(shape: mapsvg.Shape, options: list[list[str]], value: str | None):
    """(lines, font size) for the label: the first of name-with-count, then name alone,
    each on one line before two, that fits at a comfortable size; failing that, the
    one that fits largest; size None when nothing fits."""
    best: tuple[list[str], float | None] = (options[0], None)
    for with_value in (True, False) if value is not None else (False,):
        for lines in options:
            shown = [*lines, value] if with_value else lines
            size = mapsvg.fit_font(
                shown,
                shape.room * 0.9,
                LABEL_LARGEST,
                LABEL_SMALLEST,
                height_room=shape.height_room * 0.9,
            )
            if size is not None and size >= LABEL_COMFORTABLE:
                return shown, size
            if size is not None and (best[1] is None or size > best[1]):
                best = (shown, size)
    return best


@lru_cache(maxsize=4)
def _projection(geometries: str) -> mapsvg.Projected:
    return mapsvg.project(json.loads(geometries), WIDTH)


def projection(districts) -> mapsvg.Projected:
    """The projected boundaries, computed once per process for the same boundaries."""
    return _projection(
        json.dumps({d.code: d.boundary for d in districts}, sort_keys=True)
    )


def choropleth(
    districts,
    values: dict[int, int] | None = None,
    url_for=None,
    highlight: District | None = None,
    with_values: bool = True,
) -> Choropleth | None:
    """The map of `districts` shaded by `values` (district id -> count), each area
    linking to `url_for(district)` (default: the district page). With `highlight`, one
    district stands out and nothing is shaded (the district page's "where it is").
    None when no boundaries are stored (import_gazetteer has not run)."""
    districts = [d for d in districts if d.boundary]
    if not districts:
        return None
    projected = projection(districts)
    by_code = {d.code: d for d in districts}
    values = values or {}
    top = max(values.values(), default=0)
    bounds = limits(top)
    areas = []
    for shape in projected.shapes:
        district = by_code[shape.key]
        value = values.get(district.pk, 0)
        # A small gu may show its name without its count (the tooltip and the
        # table have it); a name one line long beats two unless two are much larger.
        shown, size = fit_label(
            shape,
            name_options(district),
            str(value) if with_values and not highlight else None,
        )
        baselines = mapsvg.line_positions(shape.label_y, len(shown), size or 0)
        areas.append(
            Area(
                district=district,
                path=shape.path,
                url=url_for(district) if url_for else district.get_absolute_url(),
                value=value,
                level=shade(level(value, bounds), len(bounds)),
                label_x=shape.label_x,
                lines=list(zip(shown, baselines, strict=True)),
                font_size=size,
                is_highlighted=highlight is not None and district.pk == highlight.pk,
            )
        )
    return Choropleth(
        projected.width, projected.height, areas, legend_rows(bounds), top
    )


def legend_rows(bounds: list[tuple[int, int]]) -> list[LegendRow]:
    """The legend's rows for the classes of `limits()`, with their shades."""
    return [
        LegendRow(shade(i, len(bounds)), low, high)
        for i, (low, high) in enumerate(bounds, start=1)
    ]
