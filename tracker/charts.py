"""Bar charts as plain numbers for SVG templates: no JavaScript, readable without CSS."""

from dataclasses import dataclass


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int
    url: str


def bars(
    series: list[tuple[str, int, str]], *, width: int = 600, height: int = 160
) -> dict:
    """Bars for (label, value, url) items, scaled to the largest value."""
    top = max((value for _, value, _ in series), default=0) or 1
    step = width / max(len(series), 1)
    gap = min(step * 0.2, 6)
    chart_bars = [
        Bar(
            x=round(i * step + gap / 2, 1),
            y=round(height - value / top * height, 1),
            width=round(step - gap, 1),
            height=round(value / top * height, 1),
            label=label,
            value=value,
            url=url,
        )
        for i, (label, value, url) in enumerate(series)
    ]
    return {
        "bars": chart_bars,
        "width": width,
        "height": height,
        "total": sum(v for _, v, _ in series),
    }
