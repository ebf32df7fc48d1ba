"""Admin for articles and their district and initiative links.

Imported by tracker/admin.py so Django's autodiscovery registers these too. Inline
edits and the links' confirm and reject actions are recorded like the review
screens' decisions.
"""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tracker import curation, history, search
from tracker.admin_base import BigTable, HistoryMixin
from tracker.ingest import understanding
from tracker.models import Article, DistrictLink, InitiativeLink, Origin, ReviewState


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


# Stacked, not a table: seven columns beside the admin's menu pushed the review state
# off a 1280-pixel screen and squeezed the evidence to a word a line.
class InitiativeLinkInline(admin.StackedInline):
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
