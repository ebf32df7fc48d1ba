"""Admin for saved searches, the alerts sent for them, and source incidents.

Imported by tracker/admin.py so Django's autodiscovery registers these too. API
tokens are issued and revoked under "Auth Token" (rest_framework.authtoken).
"""

from django.contrib import admin

from tracker.models import SavedSearch, SentAlert, SourceIncident


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = [
        "label",
        "user",
        "frequency",
        "is_active",
        "created_at",
        "last_sent_at",
    ]
    list_filter = ["frequency", "is_active"]
    search_fields = ["label", "query", "user__username", "user__email"]
    raw_id_fields = ["user"]


@admin.register(SentAlert)
class SentAlertAdmin(admin.ModelAdmin):
    """The record of what was mailed: read only."""

    list_display = ["saved_search", "article", "initiative", "sent_at"]
    raw_id_fields = ["saved_search", "article", "initiative"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SourceIncident)
class SourceIncidentAdmin(admin.ModelAdmin):
    list_display = ["key", "source", "kind", "started_at", "ended_at", "notified_at"]
    list_filter = ["kind", ("ended_at", admin.EmptyFieldListFilter)]
    readonly_fields = ["key", "source", "kind", "detail", "started_at", "notified_at"]

    def has_add_permission(self, request):
        return False
