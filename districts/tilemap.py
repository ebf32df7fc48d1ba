"""Geometry for the SVG tile map: one square per district on the grid in districts/seoul.py."""

from dataclasses import dataclass

from django.utils.translation import get_language

from districts.models import District

TILE = 64
GAP = 4


@dataclass
class Tile:
    district: District
    x: int
    y: int
    url: str
    label: str
    sublabel: str
    value: int = 0
    shade: float = 0.0  # 0..1, drives the fill opacity in site.css


def tile_map(districts, values: dict[int, int] | None = None, url_for=None) -> dict:
    """Tiles with positions, labels in the active language and, given counts, shades.

    `values` maps district id -> count; `url_for(district)` overrides the link target.
    """
    values = values or {}
    top = max(values.values(), default=0)
    english = (get_language() or "ko").startswith("en")
    tiles = [
        Tile(
            district=d,
            x=d.tile_col * (TILE + GAP),
            y=d.tile_row * (TILE + GAP),
            url=url_for(d) if url_for else d.get_absolute_url(),
            label=d.short_en if english else d.short_ko,
            sublabel=d.short_ko if english else d.short_en,
            value=values.get(d.pk, 0),
            shade=values.get(d.pk, 0) / top if top else 0.0,
        )
        for d in districts
    ]
    columns = max((d.tile_col for d in districts), default=0) + 1
    rows = max((d.tile_row for d in districts), default=0) + 1
    return {
        "tiles": tiles,
        "width": columns * (TILE + GAP) - GAP,
        "height": rows * (TILE + GAP) - GAP,
        "size": TILE,
        "half": TILE // 2,
    }
