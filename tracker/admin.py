"""Admin is the place for raw records; the review screens are built for speed.

Articles and their links are in admin_articles.py, saved searches and alerts in
admin_alerts.py; both are imported here so Django's autodiscovery registers them.
What every admin shares (capped counts on big tables, the history) is in
admin_base.py.
"""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tracker import (
    admin_alerts,  # noqa: F401  (registers its models)
    admin_articles,  # noqa: F401  (registers its models)
    initiative_curation,
)
from tracker.admin_base import BigTable, HistoryMixin
from tracker.ingest import service, sources
from tracker.models import (
    Change,
    IngestItem,
    IngestRun,
    Initiative,
    InitiativeKind,
    Organisation,
    RawDocument,
    ReviewState,
    Source,
)

# The admin is the tracker's, in the site's language (Django's default says "Django").
admin.site.site_header = _("Seoul district AI-policy tracker admin")
admin.site.site_title = _("Seoul district AI-policy tracker admin")
admin.site.index_title = _("Records")


@admin.register(Source)
class SourceAdmin(HistoryMixin, admin.ModelAdmin):
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
class IngestRunAdmin(BigTable, admin.ModelAdmin):
    list_display = ["pk", "origin", "label", "created_at", "created_by"]
    list_filter = ["origin"]
    date_hierarchy = "created_at"
    inlines = [ItemInline]


@admin.register(IngestItem)
class IngestItemAdmin(BigTable, admin.ModelAdmin):
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


@admin.register(RawDocument)
class RawDocumentAdmin(BigTable, admin.ModelAdmin):
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

    @admin.display(boolean=True, description=_("extraction failed"))
    def has_error(self, raw):
        return bool(raw.extraction_error)

    @admin.action(description=_("Run extraction again"), permissions=["change"])
    def reextract(self, request, queryset):
        run = service.reextract(
            queryset.values_list("pk", flat=True), user=request.user
        )
        self.message_user(request, _("Started %s.") % run, messages.SUCCESS)


@admin.register(Organisation)
class OrganisationAdmin(HistoryMixin, admin.ModelAdmin):
    list_display = ["name_ko", "name_en", "kind"]
    search_fields = ["name_ko", "name_en"]


@admin.register(InitiativeKind)
class InitiativeKindAdmin(HistoryMixin, admin.ModelAdmin):
    """The typology: curators' cue words reach discovery on the next article."""

    list_display = [
        "name_ko",
        "name_en",
        "slug",
        "oecd_category",
        "oecd_instrument",
        "category",
        "order",
    ]
    list_editable = ["order"]
    list_filter = ["oecd_category", "category"]
    search_fields = ["name_ko", "name_en", "slug", "definition_ko"]
    fields = [
        "slug",
        "name_ko",
        "name_en",
        "definition_ko",
        "definition_en",
        "cue_words",
        "oecd_category",
        "oecd_instrument",
        "category",
        "order",
    ]


@admin.register(Initiative)
class InitiativeAdmin(HistoryMixin, admin.ModelAdmin):
    list_display = [
        "name_ko",
        "name_en",
        "kind",
        "category",
        "stage",
        "origin",
        "review_state",
        "first_seen",
        "last_seen",
    ]
    list_filter = ["review_state", "origin", "kind", "category", "stage", "districts"]
    list_select_related = ["kind"]
    search_fields = ["name_ko", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    filter_horizontal = ["districts", "partners"]
    readonly_fields = ["reviewed_by", "reviewed_at"]

    actions = ["confirm", "reject", "retag"]

    @admin.action(
        description=_("Confirm the selected initiatives"), permissions=["change"]
    )
    def confirm(self, request, queryset):
        chosen = list(queryset.exclude(review_state=ReviewState.CONFIRMED))
        for initiative in chosen:
            initiative_curation.confirm_initiative(initiative, request.user)
        self.message_user(request, _("Confirmed %d initiatives.") % len(chosen))

    @admin.action(
        description=_("Reject the selected initiatives"), permissions=["change"]
    )
    def reject(self, request, queryset):
        chosen = list(queryset.exclude(review_state=ReviewState.REJECTED))
        for initiative in chosen:
            initiative_curation.reject_initiative(initiative, request.user)
        self.message_user(request, _("Rejected %d initiatives.") % len(chosen))

    @admin.action(description=_("Re-tag their articles"), permissions=["change"])
    def retag(self, request, queryset):
        for initiative in queryset:
            initiative_curation.schedule_retag(initiative)
        self.message_user(request, _("Articles will be re-tagged in the background."))

    def save_model(self, request, obj, form, change):
        if change:
            # An edit is a curator's decision: a re-tag must not remove it.
            obj.reviewed_by, obj.reviewed_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)
        if {"match_terms", "known_names", "districts"} & set(form.changed_data):
            initiative_curation.schedule_retag(obj)
            self.message_user(
                request, _("Articles will be re-tagged in the background.")
            )


@admin.register(Change)
class ChangeAdmin(BigTable, admin.ModelAdmin):
    """The history, read-only: changes are written by the review screens and admin."""

    list_display = ["created_at", "user", "action", "label", "reason"]
    list_filter = ["action", "content_type"]
    search_fields = ["label", "reason"]
    date_hierarchy = "created_at"
    list_select_related = ["user", "content_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
