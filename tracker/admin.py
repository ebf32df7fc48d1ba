"""Admin is the place for raw records; the review screens are built for speed.

Big tables use show_full_result_count = False so a filtered list never runs a second
COUNT(*) over the whole table.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from tracker.ingest import service, sources
from tracker.models import (
    Article,
    DistrictLink,
    IngestItem,
    IngestRun,
    Initiative,
    InitiativeLink,
    InitiativeSuggestion,
    Organisation,
    RawDocument,
    Source,
)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "url",
        "is_active",
        "poll_interval_minutes",
        "last_success_at",
        "consecutive_failures",
    ]
    list_filter = ["is_active"]
    search_fields = ["name", "url"]
    readonly_fields = [
        "etag",
        "last_modified",
        "last_polled_at",
        "last_success_at",
        "consecutive_failures",
        "last_error",
    ]
    actions = ["reenable"]

    @admin.action(description=_("Re-enable polling"), permissions=["change"])
    def reenable(self, request, queryset):
        for source in queryset:
            sources.reenable(source)
        self.message_user(request, _("Re-enabled %d sources.") % queryset.count())


class ItemInline(admin.TabularInline):
    model = IngestItem
    extra = 0
    fields = ["locator", "kind", "status", "error", "article", "attempts"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True


@admin.register(IngestRun)
class IngestRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "origin", "label", "created_at", "created_by"]
    list_filter = ["origin"]
    date_hierarchy = "created_at"
    inlines = [ItemInline]
    show_full_result_count = False


@admin.register(IngestItem)
class IngestItemAdmin(admin.ModelAdmin):
    list_display = [
        "locator",
        "kind",
        "status",
        "attempts",
        "enqueued_at",
        "finished_at",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["locator"]
    raw_id_fields = ["run", "raw", "article"]
    show_full_result_count = False


@admin.register(RawDocument)
class RawDocumentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "size", "content_type", "received_at", "has_error"]
    search_fields = ["sha256", "file_name", "origin_url"]
    exclude = ["content"]
    readonly_fields = [
        "sha256",
        "size",
        "content_type",
        "encoding",
        "origin_url",
        "file_name",
        "received_at",
        "extraction_error",
    ]
    actions = ["reextract"]
    show_full_result_count = False

    @admin.display(boolean=True, description=_("extraction failed"))
    def has_error(self, raw):
        return bool(raw.extraction_error)

    @admin.action(description=_("Run extraction again"), permissions=["change"])
    def reextract(self, request, queryset):
        run = service.reextract(
            queryset.values_list("pk", flat=True), user=request.user
        )
        self.message_user(request, _("Started %s.") % run, messages.SUCCESS)


class DistrictLinkInline(admin.TabularInline):
    model = DistrictLink
    extra = 0
    fields = [
        "district",
        "role",
        "mentions",
        "confidence",
        "evidence",
        "origin",
        "review_state",
    ]
    readonly_fields = ["mentions", "confidence", "evidence", "origin"]


class InitiativeLinkInline(admin.TabularInline):
    model = InitiativeLink
    extra = 0
    fields = [
        "initiative",
        "confidence",
        "evidence",
        "event",
        "event_date",
        "origin",
        "review_state",
    ]
    readonly_fields = ["confidence", "evidence", "origin"]
    autocomplete_fields = ["initiative"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "publisher",
        "published_at",
        "status",
        "scope",
        "is_relevant",
    ]
    list_filter = ["status", "scope", "is_relevant", "date_source"]
    search_fields = ["title", "url"]
    raw_id_fields = ["raw", "duplicate_of"]
    exclude = ["sketch", "search_document"]
    readonly_fields = ["body_hash", "created_at"]
    inlines = [DistrictLinkInline, InitiativeLinkInline]
    date_hierarchy = "published_at"
    show_full_result_count = False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name_ko", "name_en", "kind"]
    search_fields = ["name_ko", "name_en"]


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = [
        "name_ko",
        "name_en",
        "category",
        "stage",
        "first_seen",
        "last_seen",
    ]
    list_filter = ["category", "stage", "districts"]
    search_fields = ["name_ko", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    filter_horizontal = ["districts", "partners"]


@admin.register(InitiativeSuggestion)
class InitiativeSuggestionAdmin(admin.ModelAdmin):
    list_display = ["name_ko", "district", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["article", "initiative"]
