"""What every tracker admin shares: capped counting on big tables, and the history.

Big tables use a paginator that counts at most a few thousand rows (COUNT over a
LIMIT) and show_full_result_count = False, so no change list counts the whole table.
"""

from django.db import transaction

from tracker import history
from tracker.paging import CappedPaginator


class BigTable:
    """Admin options for tables that grow with every article."""

    paginator = CappedPaginator
    show_full_result_count = False


class HistoryMixin:
    """Edits made in admin go into the same history as the review screens' decisions."""

    def save_model(self, request, obj, form, change):
        before = {name: form.initial.get(name) for name in form.changed_data}
        super().save_model(request, obj, form, change)
        after = {name: form.cleaned_data.get(name) for name in form.changed_data}
        action = "edited in admin" if change else "created in admin"
        history.record(obj, action, request.user, history.diff(before, after))

    def delete_model(self, request, obj):
        history.record(obj, "deleted in admin", request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # One transaction: the figures' version moves on once the rows are gone,
        # never before (a page counted in between would be cached as current).
        with transaction.atomic():
            for obj in queryset:
                history.record(obj, "deleted in admin", request.user)
            super().delete_queryset(request, queryset)
