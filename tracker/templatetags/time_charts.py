"""{% time_chart chart chart_id title compact=False %}: a TimeChart's SVG figure."""

from django import template

from tracker.chart_svg import chart_svg

register = template.Library()


@register.simple_tag
def time_chart(chart, chart_id, title, compact=False):
    return chart_svg(chart, str(chart_id), title, compact=bool(compact))
