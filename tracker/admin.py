"""Admin is the place for raw records; the review screens are built for speed.

Big tables use a paginator that counts at most a few thousand rows (COUNT over a
LIMIT) and show_full_result_count = False, so no change list counts the whole table.
"""

from django.contrib import admin, messages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tracker import (
    admin_alerts,  # noqa: F401  (registers its models)
    curation,
    history,
    initiative_curation,
    search,
)
from tracker.ingest import service, sources, understanding
from tracker.models import (
    Article,
    Change,
    DistrictLink,
    IngestItem,
    IngestRun,
    Initiative,
    InitiativeKind,
    InitiativeLink,
    Organisation,
    Origin,
    RawDocument,
    ReviewState,
    Source,
)
from tracker.paging import CappedPaginator

# The admin is the tracker's, in the site's language (Django's default says "Django").
admin.site.site_header = _("Seoul district AI-policy tracker admin")
admin.site.site_title = _("Seoul district AI-policy tracker admin")
admin.site.index_title = _("Records")


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
class ArticleAdmin(BigTable, HistoryMixin, admin.ModelAdmin):
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
    exclude = ["sketch", *search.FIELDS]
    readonly_fields = ["body_hash", "created_at"]
    inlines = [DistrictLinkInline, InitiativeLinkInline]
    date_hierarchy = "published_at"
    actions = ["retag"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer(*search.FIELDS, "sketch")

    def save_model(self, request, obj, form, change):
        # An edited title or body is searched as ingestion would have stored it.
        if {"title", "body"} & set(form.changed_data):
            for name, value in search.fields(obj.title, obj.body).items():
                setattr(obj, name, value)
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Link and tag again"), permissions=["change"])
    def retag(self, request, queryset):
        entries, typology = understanding.catalogue(), understanding.kinds()
        for article in queryset:
            understanding.retag(article, entries, typology)
        self.message_user(request, _("Re-tagged %d articles.") % len(queryset))

    def save_formset(self, request, form, formset, change):
        """Inline edits are curators' decisions: record what changed, who, and when."""
        changed = [
            f
            for f in formset.forms
            if f.has_changed() and f not in formset.deleted_forms
        ]
        before = {
            id(f): {name: f.initial.get(name) for name in f.changed_data}
            for f in changed
        }
        for inline in changed:
            inline.instance.reviewed_by = request.user
            inline.instance.reviewed_at = timezone.now()
            if inline.instance.pk is None:
                inline.instance.origin = Origin.CURATOR
            elif {"district", "role", "initiative"} & set(inline.changed_data):
                inline.instance.is_changed = True
        for inline in formset.deleted_forms:
            if inline.instance.pk:
                history.record(inline.instance, "deleted in admin", request.user)
        super().save_formset(request, form, formset, change)
        for inline in changed:
            after = {
                name: inline.cleaned_data.get(name) for name in inline.changed_data
            }
            history.record(
                inline.instance,
                "edited in admin",
                request.user,
                history.diff(before[id(inline)], after),
            )


class ReviewActions:
    actions = ["confirm", "reject"]

    @admin.action(description=_("Confirm the selected links"), permissions=["change"])
    def confirm(self, request, queryset):
        for link in queryset:
            curation.review(link, ReviewState.CONFIRMED, request.user)

    @admin.action(description=_("Reject the selected links"), permissions=["change"])
    def reject(self, request, queryset):
        for link in queryset:
            curation.review(link, ReviewState.REJECTED, request.user)


@admin.register(DistrictLink)
class DistrictLinkAdmin(BigTable, HistoryMixin, ReviewActions, admin.ModelAdmin):
    list_display = [
        "article",
        "district",
        "role",
        "confidence",
        "review_state",
        "origin",
    ]
    list_filter = ["review_state", "role", "origin", "district"]
    list_select_related = ["article", "district"]
    raw_id_fields = ["article"]


@admin.register(InitiativeLink)
class InitiativeLinkAdmin(BigTable, HistoryMixin, ReviewActions, admin.ModelAdmin):
    list_display = [
        "article",
        "initiative",
        "confidence",
        "event",
        "event_date",
        "review_state",
    ]
    list_filter = ["review_state", "event", "initiative"]
    list_select_related = ["article", "initiative"]
    raw_id_fields = ["article"]


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
