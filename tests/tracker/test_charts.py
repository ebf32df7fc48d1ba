"""Time charts (tracker/charts.py, pure): bins that suit the span, clipped to it; a y
axis of round ticks; bars in proportion; labels thinned for a phone; years marked."""

from datetime import date

import pytest
from django.utils import translation

from tracker import charts
from tracker.charts import Bin


@pytest.mark.parametrize(
    ("start", "end", "unit"),
    [
        (date(2025, 11, 1), date(2025, 11, 30), "week"),
        (date(2025, 6, 1), date(2025, 11, 30), "week"),
        (date(2024, 12, 1), date(2025, 11, 30), "month"),
        (date(2022, 1, 1), date(2025, 4, 30), "month"),
        (date(2018, 1, 1), date(2025, 11, 30), "quarter"),
        (date(2010, 1, 1), date(2025, 11, 30), "year"),
    ],
)
def test_the_unit_suits_the_span(start, end, unit):
    assert charts.unit_for(start, end) == unit


def test_bins_start_on_mondays_and_month_firsts_but_never_leave_the_span():
    weeks = charts.bin_edges(date(2025, 11, 5), date(2025, 11, 20), "week")
    assert weeks == [
        (date(2025, 11, 5), date(2025, 11, 9)),  # Wednesday to Sunday
        (date(2025, 11, 10), date(2025, 11, 16)),
        (date(2025, 11, 17), date(2025, 11, 20)),
    ]
    months = charts.bin_edges(date(2024, 12, 15), date(2025, 2, 10), "month")
    assert months == [
        (date(2024, 12, 15), date(2024, 12, 31)),
        (date(2025, 1, 1), date(2025, 1, 31)),
        (date(2025, 2, 1), date(2025, 2, 10)),
    ]
    quarters = charts.bin_edges(date(2025, 2, 1), date(2025, 8, 1), "quarter")
    assert [first for first, _ in quarters] == [
        date(2025, 2, 1),
        date(2025, 4, 1),
        date(2025, 7, 1),
    ]


@pytest.mark.parametrize(
    ("top", "scale"),
    [
        (0, (1, 1)),
        (1, (1, 1)),
        (4, (4, 1)),
        (7, (8, 2)),
        (13, (15, 5)),
        (96, (100, 50)),
    ],
)
def test_the_y_axis_ends_on_a_round_number_of_round_steps(top, scale):
    assert charts.y_scale(top) == scale


def month_bins(values, year=2025):
    return [
        Bin(date(year, m, 1), date(year, m, 28), v, f"/articles/?m={m}")
        for m, v in enumerate(values, start=1)
    ]


def test_bars_are_in_proportion_and_carry_their_count_and_link():
    chart = charts.time_chart(month_bins([0, 2, 4, 1]), "month", plot_height=100)

    assert [bar.height for bar in chart.bars] == [0, 50, 100, 25]
    assert [bar.y for bar in chart.bars] == [100, 50, 0, 75]
    assert chart.bars[1].url == "/articles/?m=2" and chart.bars[1].value == 2
    assert [tick.value for tick in chart.ticks] == [0, 1, 2, 3, 4]
    assert chart.total == 7
    assert chart.bars[0].x + chart.bars[0].width < chart.bars[1].x  # a gap between


def test_a_shared_y_max_keeps_two_charts_on_one_scale():
    small = charts.time_chart(month_bins([1, 2]), "month", y_max=10, plot_height=100)
    large = charts.time_chart(month_bins([10, 5]), "month", y_max=10, plot_height=100)

    assert small.y_max == large.y_max == 10
    assert small.bars[1].height == 20 and large.bars[0].height == 100


def test_one_article_among_thousands_still_shows_a_bar():
    chart = charts.time_chart(month_bins([1, 5000]), "month", plot_height=100)
    assert chart.bars[0].height == 1.5


def test_labels_are_thinned_for_a_phone_and_years_marked_where_they_start():
    bins = [
        Bin(date(2024 + (m - 1) // 12, (m - 1) % 12 + 1, 1), date(2024, 1, 1), 1, "")
        for m in range(5, 5 + 24)  # May 2024 to April 2026
    ]
    with translation.override("ko"):
        chart = charts.time_chart(bins, "month")

    shown = [label.text for label in chart.labels]
    on_phone = [label.text for label in chart.labels if not label.minor]
    assert len(shown) <= charts.WIDE_LABELS and len(on_phone) <= charts.PHONE_LABELS
    assert "1월" in on_phone  # round months stay
    assert [year.text for year in chart.years] == ["2024", "2025", "2026"]
    assert chart.years[1].x == pytest.approx(100 / 24 * 8, abs=0.01)  # January 2025


def test_a_year_with_a_month_in_the_period_leaves_its_label_to_the_next():
    bins = [
        Bin(date(2025 + (m - 1) // 12, (m - 1) % 12 + 1, 1), date(2025, 1, 1), 1, "")
        for m in range(12, 12 + 12)  # December 2025 to November 2026
    ]
    chart = charts.time_chart(bins, "month")
    two_months = charts.time_chart(
        [Bin(date(2025, 11, 1), date(2025, 1, 1), 1, ""), *bins[:-1]], "month"
    )

    # One month (8 % of the width) was too little room: '2025' ran into '2026'.
    assert [year.text for year in chart.years] == ["2026"]
    assert chart.years[0].x == pytest.approx(100 / 12, abs=0.01)
    # Two months (17 %) are room enough.
    assert [year.text for year in two_months.years] == ["2025", "2026"]


def test_tick_labels_speak_the_active_language():
    day = date(2025, 3, 10)
    with translation.override("ko"):
        assert charts.tick_label(day, "month") == "3월"
        assert charts.tick_label(day, "quarter") == "1분기"
        assert charts.tick_label(day, "week") == "3.10."
    with translation.override("en"):
        assert charts.tick_label(day, "month") == "Mar"
        assert charts.tick_label(day, "quarter") == "Q1"
    assert charts.range_label(date(2025, 3, 1), date(2025, 3, 31), "month") == "2025-03"
    assert (
        charts.range_label(date(2025, 3, 10), date(2025, 3, 16), "week")
        == "2025-03-10 – 2025-03-16"
    )


def test_years_alone_label_a_span_too_long_for_months_or_quarters():
    bins = [
        Bin(date(2016 + q // 4, 3 * (q % 4) + 1, 1), date(2016, 1, 1), 1, "")
        for q in range(36)  # nine years of quarters
    ]
    chart = charts.time_chart(bins, "quarter")

    assert chart.labels == []  # not nine times "Q1"
    assert [year.text for year in chart.years][:2] == ["2016", "2017"]
