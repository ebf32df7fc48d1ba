"""A TimeChart (tracker/charts.py) as its SVG figure, written in Python.

The markup is what templates/_time_chart.html used to produce, tag for tag. The
overview draws 21 charts of up to 40 bars, a dozen values per bar: as a template
that was ~8,000 variable lookups and most of the time of a page whose figures had
just been counted. Here every value is escaped once with escape() (text and
addresses) or is a number we computed.
"""

from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_noop, ngettext

from tracker.charts import MONTH, QUARTER, WEEK, TimeChart

UNIT_CAPTIONS = {
    WEEK: gettext_noop("one bar per week"),
    MONTH: gettext_noop("one bar per month"),
    QUARTER: gettext_noop("one bar per quarter"),
}
PER_YEAR = gettext_noop("one bar per year")
# Said here, not inside the f-strings below, where makemessages would not find them.
SHOW_TABLE = gettext_noop("Show as a table")
PERIOD = gettext_noop("Period")
ARTICLES = gettext_noop("Articles")


def chart_svg(
    chart: TimeChart, chart_id: str, title: str, *, compact: bool = False
) -> SafeString:
    """The chart's <figure>: bars that link to their articles, axes, and (unless
    compact) a caption and the same figures as a table."""
    title = conditional_escape(title)  # a translated title may come marked safe
    out = [
        f'<figure class="tchart{" compact" if compact else ""}" id="{conditional_escape(chart_id)}">'
        '\n  <div class="tchart-plot">\n'
        f'    <svg width="100%" height="{chart.height}" role="group" '
        f'aria-label="{title}" data-y-max="{chart.y_max}">\n      '
    ]
    for index, tick in enumerate(chart.ticks):
        axis = " axis" if index == 0 else ""
        out.append(
            f'<line class="grid{axis}" x1="0" x2="100%" y1="{tick.y}" y2="{tick.y}">'
            f'</line>\n      <text class="y-label" x="-6" y="{tick.y}" dy="0.32em" '
            f'text-anchor="end" aria-hidden="true">{tick.value}</text>'
        )
    out.append("\n")
    minor = " minor" if chart.values_minor else ""
    for bar in chart.bars:
        url, label = escape(bar.url), escape(bar.title)
        value = ""
        if chart.show_values and bar.value:
            value = (
                f'<text class="bar-value{minor}" x="{bar.centre}%" y="{bar.y}" '
                f'dy="-4" text-anchor="middle" aria-hidden="true">{bar.value}</text>'
            )
        out.append(
            f'      <a href="{url}" aria-label="{label}" data-value="{bar.value}">\n'
            f'        <rect class="slot" x="{bar.slot_x}%" y="0" '
            f'width="{bar.slot_width}%" height="{chart.plot_height}"></rect>\n'
            f'        <rect class="bar" x="{bar.x}%" y="{bar.y}" width="{bar.width}%" '
            f'height="{bar.height}"><title>{label}</title></rect>\n'
            f"        {value}\n      </a>\n"
        )
    out.append("      ")
    for label in chart.labels:
        out.append(
            f'<text class="x-label{" minor" if label.minor else ""}" x="{label.x}%" '
            f'y="{chart.plot_height + 16}" text-anchor="middle" aria-hidden="true">'
            f"{escape(label.text)}</text>"
        )
    out.append("\n      ")
    for year in chart.years:
        out.append(
            f'<text class="x-year{" minor" if year.minor else ""}" x="{year.x}%" '
            f'y="{chart.plot_height + 32}" aria-hidden="true">{escape(year.text)}</text>'
        )
    out.append("\n    </svg>\n  </div>\n")
    if not compact:
        out.append(_caption_and_table(chart, title))
    out.append("</figure>\n")
    return mark_safe("".join(out))  # noqa: S308 - every text above went through escape()


def _caption_and_table(chart: TimeChart, title: str) -> str:
    unit = gettext(UNIT_CAPTIONS.get(chart.unit, PER_YEAR))
    total = ngettext(
        "%(counter)s article in all", "%(counter)s articles in all", chart.total
    ) % {"counter": chart.total}
    rows = "".join(
        f'<tr><td>{escape(bar.label)}</td><td><a href="{escape(bar.url)}">'
        f"{bar.value}</a></td></tr>"
        for bar in chart.bars
    )
    return (
        f"  <figcaption>{title} · {escape(unit)} · {escape(total)}</figcaption>\n"
        '  <details class="tchart-table">\n'
        f"    <summary>{escape(gettext(SHOW_TABLE))}</summary>\n"
        '    <table class="table compact-table">\n'
        f'      <thead><tr><th scope="col">{escape(gettext(PERIOD))}</th>'
        f'<th scope="col">{escape(gettext(ARTICLES))}</th></tr></thead>\n'
        f"      <tbody>{rows}</tbody>\n    </table>\n  </details>\n"
    )
