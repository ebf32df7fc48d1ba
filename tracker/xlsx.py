"""Excel workbooks of any article list, written with constant memory.

xlsxwriter in `constant_memory` mode flushes each row to a temporary file as soon as
the next one starts and keeps no shared-string table, so memory stays flat however
many rows (openpyxl's write-only mode still holds every distinct string in memory,
and our last column is the whole article). The finished workbook is a zip built on
disk, then streamed to the client from there.

Every cell is written with the call for its type: text with write_string, never
write(), so text that starts with = + - @ stays text and is never a formula;
numbers as numbers, dates as real Excel dates.
"""

import tempfile
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

import xlsxwriter
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tracker import exports, throttle

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_CELL_CHARACTERS = 32767  # Excel's limit; longer text is cut with a mark
ARTICLE_HEADER = [*exports.ARTICLE_HEADER, _("Body text")]
# Column widths in characters, by header position; the rest get the default.
ARTICLE_WIDTHS = {0: 8, 1: 60, 2: 12, 4: 16, 6: 40, 7: 20, 8: 40, 11: 80}


def write_workbook(
    target, header: Iterable, rows: Iterable, *, sheet: str, widths=None
) -> int:
    """Write `header` and `rows` as one sheet to `target` (a path or a binary file);
    returns the number of rows written."""
    workbook = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            # Belt and braces: write() would turn such text into formulas and links.
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    bold = workbook.add_format({"bold": True})
    day = workbook.add_format({"num_format": "yyyy-mm-dd"})
    moment = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    worksheet = workbook.add_worksheet(sheet)
    header = [str(name) for name in header]
    for column, width in (widths or {}).items():
        worksheet.set_column(column, column, width)
    for column, name in enumerate(header):
        worksheet.write_string(0, column, name, bold)
    worksheet.freeze_panes(1, 0)
    count = 0
    for count, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            _write(worksheet, count, column, value, day, moment)
    worksheet.autofilter(0, 0, count, len(header) - 1)
    workbook.close()
    return count


def _write(worksheet, row: int, column: int, value, day, moment) -> None:
    if value is None or value == "":
        return  # constant_memory: an absent cell is a blank cell
    if isinstance(value, bool):
        worksheet.write_boolean(row, column, value)
    elif isinstance(value, int | float | Decimal):
        worksheet.write_number(row, column, float(value))
    elif isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)  # Seoul time
        worksheet.write_datetime(row, column, value, moment)
    elif isinstance(value, date):
        worksheet.write_datetime(row, column, value, day)
    else:
        text = str(value)
        if len(text) > MAX_CELL_CHARACTERS:
            text = text[: MAX_CELL_CHARACTERS - 1] + "…"
        worksheet.write_string(row, column, text)


def xlsx_response(filename: str, header, rows, *, sheet: str, widths=None):
    """The workbook, built in an anonymous temporary file and streamed from it."""
    # Not a `with`: the response closes (and so removes) the file once it is sent.
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    try:
        with throttle.slot():  # a turn among exports: pages keep the processor
            write_workbook(handle, header, rows, sheet=sheet, widths=widths)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    response = FileResponse(handle, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = exports.content_disposition(filename)
    return response


def articles_response(filename: str, articles, site: str = "") -> FileResponse:
    """The article list as a workbook: the CSV's columns, then the body text."""
    rows = exports.article_rows(articles, site, with_body=True)
    return xlsx_response(
        filename, ARTICLE_HEADER, rows, sheet=str(_("Articles")), widths=ARTICLE_WIDTHS
    )
