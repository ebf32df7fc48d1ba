"""One article export measured as a client reads it, and COPY of the same rows.

For bench_export.py: rows, bytes, the time to the first byte and to the first rows,
and the process's peak resident memory during the export (VmHWM, reset just before);
COPY (the export's own SELECT) TO STDOUT WITH CSV is the yardstick it is set against.
Import it after django.setup().
"""

from __future__ import annotations

import time

from django.db import connection, reset_queries
from django.http import QueryDict
from django.test import Client

from tracker import export_query, exports, xlsx
from tracker.filters import ArticleFilter
from tracker.models import Article

SITE = "https://tracker.example/"


def status_kb(field: str) -> int:
    """A memory figure of this process from /proc (Linux), in kB; 0 elsewhere."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def reset_peak_rss() -> None:
    # Writing 5 to clear_refs resets VmHWM (Linux >= 4.0), so the peak is this export's.
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
    except OSError:
        pass


def articles(query: str, size: int | None = None):
    """The article list the export of `query` reads, cut to `size` rows."""
    queryset = ArticleFilter(QueryDict(query), queryset=Article.objects.listable()).qs
    return queryset[:size] if size else queryset


def consume(chunks, start: float) -> dict:
    """Read a streamed CSV like a client; rows, bytes and timings from `start`."""
    first_byte = first_rows = None
    size = lines = 0
    for chunk in chunks:
        now = time.perf_counter() - start
        if first_byte is None:
            first_byte = now
        elif first_rows is None:
            first_rows = now
        size += len(chunk)
        lines += chunk.count(b"\r\n")
    seconds = time.perf_counter() - start
    return {
        "rows": lines - 1,
        "seconds": seconds,
        "first_byte_ms": (first_byte or 0) * 1000,
        "first_rows_ms": (first_rows or 0) * 1000,
        "bytes": size,
    }


def export_csv(queryset) -> dict:
    """The article CSV of `queryset` through the generator the view uses."""
    reset_queries()
    before = status_kb("VmRSS")
    reset_peak_rss()
    start = time.perf_counter()
    response = exports.csv_response(
        "articles.csv", exports.ARTICLE_HEADER, exports.article_rows(queryset, SITE)
    )
    timed = consume(response.streaming_content, start)
    response.close()
    return {**timed, "rss_before_kb": before, "rss_peak_kb": status_kb("VmHWM")}


def export_view(query: str) -> dict:
    """/articles/export.csv?<query> through Django's test client, all its rows."""
    before = status_kb("VmRSS")
    reset_peak_rss()
    start = time.perf_counter()
    response = Client().get("/articles/export.csv?" + query)
    assert response.status_code == 200, response.status_code
    timed = consume(response.streaming_content, start)
    response.close()
    return {**timed, "rss_before_kb": before, "rss_peak_kb": status_kb("VmHWM")}


def copy_csv(queryset) -> dict:
    """COPY (the export's own SELECT) TO STDOUT WITH CSV, read to the end, with the
    export's planner settings (JIT off; the date index walked where the export walks
    it: tracker/export_query.py)."""
    sql, params = export_query.article_columns(queryset).query.sql_with_params()
    start = time.perf_counter()
    rows = size = 0
    settings = export_query.settings_for(queryset)
    copy_sql = f"COPY ({sql}) TO STDOUT WITH CSV"
    with (
        export_query.snapshot(queryset.db, settings),
        connection.cursor() as cursor,
        cursor.cursor.copy(copy_sql, params) as copy,
    ):
        for data in copy:  # one row per message
            rows += 1
            size += len(data)
    return {"rows": rows, "seconds": time.perf_counter() - start, "bytes": size}


def export_xlsx(queryset) -> dict:
    """The article workbook of `queryset`, streamed as the view streams it."""
    reset_queries()
    before = status_kb("VmRSS")
    read = [0]  # rows the workbook has taken
    reset_peak_rss()
    start = time.perf_counter()
    response = xlsx.xlsx_response(
        "articles.xlsx",
        xlsx.ARTICLE_HEADER,
        counted(exports.article_rows(queryset, SITE, with_body=True), read),
        sheet="articles",
        widths=xlsx.ARTICLE_WIDTHS,
    )
    timed = consume(response.streaming_content, start)
    response.close()
    return {
        **timed,
        "rows": read[0],
        "rss_before_kb": before,
        "rss_peak_kb": status_kb("VmHWM"),
    }


def counted(rows, read: list[int]):
    for read[0], row in enumerate(rows, start=1):  # noqa: B007
        yield row
