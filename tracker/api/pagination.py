"""Cursor pagination: stable pages while articles keep arriving."""

from rest_framework.pagination import CursorPagination


class NewestFirst(CursorPagination):
    """Newest first by id, which only grows: a cursor never skips or repeats a row
    when new ones arrive. (Publication dates can be missing or tie, so they cannot
    carry a cursor.)"""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
