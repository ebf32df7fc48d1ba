"""Excel workbooks of any article list, streamed as their rows are read.

The workbook is written as a zip that leaves as it is made (tracker/workbook.py):
its first bytes go before the first row is read and memory holds one batch of rows,
however many there are. Like the CSV it takes a turn among exports
(tracker/throttle.py) and keeps the request's language for its labels.

Every cell is typed: text as inline strings, which are never formulas, so text that
starts with = + - @ stays text; numbers as numbers; dates as real Excel dates, a
moment in Seoul time.
"""

from collections.abc import Iterator

from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from tracker import exports, throttle, workbook

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ARTICLE_HEADER = [*exports.ARTICLE_HEADER, _("Body text")]
# Column widths in characters, by header position; the rest get the default.
ARTICLE_WIDTHS = {0: 8, 1: 60, 2: 12, 4: 16, 6: 40, 7: 20, 8: 40, 11: 80}
CUT_NOTE = _(
    "Cut here: the sheet is full (Excel's limits). The CSV export has every row."
)


def xlsx_response(
    filename: str, header, rows, *, sheet: str, widths=None
) -> StreamingHttpResponse:
    """A streamed workbook download, in its turn among exports."""
    chunks = workbook.stream(
        header,
        rows,
        sheet=sheet,
        widths=widths,
        tz=timezone.get_current_timezone(),  # moments in Seoul time
        cut_note=CUT_NOTE,
    )
    response = StreamingHttpResponse(
        throttle.one_at_a_time(_in_language(translation.get_language(), chunks)),
        content_type=CONTENT_TYPE,
    )
    response["Content-Disposition"] = exports.content_disposition(filename)
    return response


def _in_language(language, chunks: Iterator[bytes]) -> Iterator[bytes]:
    # The body is made after the view returns: labels keep the request's language.
    try:
        while True:
            with translation.override(language):
                chunk = next(chunks, None)
            if chunk is None:
                return
            yield chunk
    finally:
        chunks.close()  # a client gone: the rows' query ends now


def articles_response(filename: str, articles, site: str = "") -> StreamingHttpResponse:
    """The article list as a workbook: the CSV's columns, then the body text."""
    rows = exports.article_rows(articles, site, with_body=True)
    return xlsx_response(
        filename, ARTICLE_HEADER, rows, sheet=_("Articles"), widths=ARTICLE_WIDTHS
    )
