"""A time chart's SVG figure (tracker/chart_svg.py): every bar a link with its count,
text escaped, a caption and table unless compact, labels in the active language."""

import re
from datetime import date

from django.utils import translation

from tracker import charts
from tracker.chart_svg import chart_svg
from tracker.charts import Bin


def bins(values):
    return [
        Bin(date(2025, m, 1), date(2025, m, 28), v, f"/articles/?m={m}&kind=cctv")
        for m, v in enumerate(values, start=1)
    ]


def test_every_bar_links_to_its_articles_with_its_count_and_title():
    chart = charts.time_chart(bins([0, 2, 4]), "month", plot_height=100)
    with translation.override("en"):
        html = chart_svg(chart, "c1", "Mapo: articles")

    links = re.findall(
        r'<a href="([^"]+)" aria-label="([^"]+)" data-value="(\d+)">', html
    )
    assert links == [
        ("/articles/?m=1&amp;kind=cctv", "2025-01: 0 articles", "0"),
        ("/articles/?m=2&amp;kind=cctv", "2025-02: 2 articles", "2"),
        ("/articles/?m=3&amp;kind=cctv", "2025-03: 4 articles", "4"),
    ]
    assert 'id="c1"' in html and 'data-y-max="4"' in html
    # Bars show their value above them; an empty month shows none.
    assert re.findall(r'class="bar-value"[^>]*>(\d+)</text>', html) == ["2", "4"]
    assert "<figcaption>Mapo: articles · one bar per month · 6 articles in all" in html
    assert '<td>2025-02</td><td><a href="/articles/?m=2&amp;kind=cctv">2</a>' in html


def test_titles_and_labels_are_escaped():
    chart = charts.time_chart(bins([1]), "month")
    html = chart_svg(chart, 'x"><script>', "<script>alert(1)</script>")

    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'id="x&quot;&gt;&lt;script&gt;"' in html


def test_a_compact_chart_has_no_caption_or_table():
    chart = charts.time_chart(bins([1, 3]), "month", compact=True)
    html = chart_svg(chart, "k", "CCTV", compact=True)

    assert 'class="tchart compact"' in html
    assert "<figcaption>" not in html and "<table" not in html


def test_the_caption_speaks_korean_first():
    chart = charts.time_chart(bins([1, 2]), "month")
    with translation.override("ko"):
        html = chart_svg(chart, "k", "마포구")

    assert 'aria-label="2025-01: 기사 1건"' in html
    assert "<figcaption>마포구 · 막대 하나가 한 달 · 모두 기사 3건</figcaption>" in html
    assert "<summary>표로 보기</summary>" in html
