"""The cells and the response of every CSV export (tracker/exports.py): text that
starts like a formula gets a leading quote, numbers stay numbers, dates are ISO and
datetimes Seoul time, None is an empty cell; the response streams UTF-8 CSV as an
attachment, with a BOM and CRLF line ends, and sends its first chunk before reading
any row.

What the article, initiative, district and evidence rows hold is in test_exports.py;
`content` and `parse` are in tests/tracker/exporting.py.
"""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

from tests.factories import ArticleFactory
from tests.tracker.exporting import content, parse
from tracker import exports
from tracker.models import Article

pytestmark = pytest.mark.django_db

HEADER_LINE = b"ID,Title\r\n"


# --- cells ---


def test_text_that_starts_like_a_formula_gets_a_leading_quote():
    cells = ["=1+1", "+82 2", "-1+2", "@SUM(A1)", "\tx", "\rx", "\nx"]

    assert [exports.safe_cell(c) for c in cells] == [
        "'=1+1",
        "'+82 2",
        "'-1+2",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "'\nx",
    ]


def test_numbers_stay_numbers_even_when_negative():
    assert exports.safe_cell(-5) == -5
    assert exports.safe_cell(-0.25) == -0.25
    assert exports.safe_cell(Decimal("-1.5")) == Decimal("-1.5")


def test_dates_are_iso_and_datetimes_are_seoul_time():
    assert exports.safe_cell(date(2025, 3, 3)) == "2025-03-03"
    assert (
        exports.safe_cell(datetime(2025, 3, 2, 16, 30, tzinfo=UTC))
        == "2025-03-03T01:30+09:00"
    )


def test_none_is_an_empty_cell_and_plain_korean_text_is_untouched():
    assert exports.safe_cell(None) == ""
    assert exports.safe_cell("금천구, AI 실험실 개소") == "금천구, AI 실험실 개소"


# --- the response ---


def test_the_response_streams_utf8_csv_as_an_attachment():
    response = exports.csv_response("기사 목록.csv", ["ID"], [[1]])

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="__ __.csv"; '
        "filename*=UTF-8''%EA%B8%B0%EC%82%AC%20%EB%AA%A9%EB%A1%9D.csv"
    )


def test_an_ascii_filename_needs_no_extended_parameter():
    response = exports.csv_response("articles.csv", ["ID"], [])

    assert response["Content-Disposition"] == 'attachment; filename="articles.csv"'


def test_the_bytes_start_with_the_bom_and_every_line_ends_with_crlf():
    data = content(
        exports.csv_response("a.csv", ["ID", "Title"], [[1, "가"], [2, "나"]])
    )

    assert data.startswith(exports.BOM)
    assert data.endswith(b"\r\n")
    assert data.count(b"\n") == data.count(b"\r\n") == 3


def test_formulas_are_neutralised_and_numbers_kept_in_the_file():
    title = '=HYPERLINK("http://x","click")'
    data = content(
        exports.csv_response("a.csv", ["a", "b", "c"], [[title, -5, "-1+2"]])
    )

    assert parse(data)[1] == ["'" + title, "-5", "'-1+2"]


def test_the_first_chunk_is_sent_before_any_row_is_read():
    ArticleFactory.create_batch(3)
    response = exports.csv_response(
        "a.csv", ["ID", "Title"], exports.article_rows(Article.objects.all())
    )
    chunks = iter(response.streaming_content)

    with CaptureQueriesContext(connection) as queries:
        first = next(chunks)

    assert first == exports.BOM + HEADER_LINE
    assert len(queries) == 0
    assert len(parse(first + b"".join(chunks))) == 4
