"""Geometry for the SVG tile map: one square per district on the grid in
districts/seoul.py. The compact view beside the boundary map: shaded with the same
classes and legend (districts/choropleth.py), readable on a phone."""

from dataclasses import dataclass

from django.utils.translation import get_language

from districts import mapsvg
from districts.choropleth import CLASSES, legend_rows, level, limits, shade
from districts.models import District

TILE = 64
GAP = 4
# Room for a name inside a tile, and the sizes it may take (map units).
LABEL_ROOM = TILE - 8
NAME_LARGEST, NAME_SMALLEST, NAME_COMFORTABLE = 15.0, 9.0, 12.5


@dataclass
class Tile:
    district: District
    x: int
    y: int
    url: str
    lines: list[tuple[str, float]]  # the name, one or two lines, with baselines
    font_size: float
    sublabel: str  # the name in the other language, when no counts are shown
    sublabel_size: float | None  # None: too long for the tile, left out
    sublabel_y: float
    value: int = 0
    level: int = 0  # the choropleth's class: 0 for zero, then 1..CLASSES

    @property
    def is_dark(self) -> bool:
        return self.level >= CLASSES - 1


def tile_name(district: District) -> tuple[list[tuple[str, float]], float, float]:
    """The name's lines with their baselines, its font size, and where the line
    below it goes: English names too long for a tile break between syllables."""
    options = [[district.short_ko]]
    if (get_language() or "ko").startswith("en"):
        split = mapsvg.split_romanized(district.short_en, max_chars=0)
        options = [[district.short_en], split] if len(split) > 1 else [split]
    # One line while it reads comfortably; else whichever is larger.
    sized = [
        (mapsvg.fit_font(lines, LABEL_ROOM, NAME_LARGEST, 0) or 0, lines)
        for lines in options
    ]
    size, lines = sized[0]
    if size < NAME_COMFORTABLE:
        size, lines = max(sized, key=lambda pair: pair[0])
    size = max(size, NAME_SMALLEST)
    centre = 26 if len(lines) == 1 else 22
    baselines = mapsvg.line_positions(centre, len(lines), size)
    return list(zip(lines, baselines, strict=True)), size, baselines[-1] + 17


def tile_map(districts, values: dict[int, int] | None = None, url_for=None) -> dict:
    """Tiles with positions, labels in the active language and, given counts, classes.

    `values` maps district id -> count; `url_for(district)` overrides the link target.
    """
    values = values or {}
    bounds = limits(max(values.values(), default=0))
    english = (get_language() or "ko").startswith("en")
    tiles = []
    for d in districts:
        lines, size, sublabel_y = tile_name(d)
        value = values.get(d.pk, 0)
        sublabel = d.short_ko if english else d.short_en
        tiles.append(
            Tile(
                district=d,
                x=d.tile_col * (TILE + GAP),
                y=d.tile_row * (TILE + GAP),
                url=url_for(d) if url_for else d.get_absolute_url(),
                lines=lines,
                font_size=size,
                sublabel=sublabel,
                sublabel_size=mapsvg.fit_font([sublabel], LABEL_ROOM, 12, 8),
                sublabel_y=min(sublabel_y, TILE - 6),
                value=value,
                level=shade(level(value, bounds), len(bounds)),
            )
        )
    columns = max((d.tile_col for d in districts), default=0) + 1
    rows = max((d.tile_row for d in districts), default=0) + 1
    return {
        "tiles": tiles,
        "width": columns * (TILE + GAP) - GAP,
        "height": rows * (TILE + GAP) - GAP,
        "size": TILE,
        "half": TILE // 2,
        "legend": legend_rows(bounds),
    }
