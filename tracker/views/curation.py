"""Curators' pages beside the queue: quality figures, the change history, merging."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tracker import changelog, initiative_curation, quality
from tracker.models import Change, Initiative

# Curators' pages: the history names people and their reasons.
can_curate = permission_required("tracker.change_article", raise_exception=True)


@login_required
@can_curate
def quality_figures(request: HttpRequest) -> HttpResponse:
    return render(request, "tracker/quality.html", {"figures": quality.summary()})


@login_required
@can_curate
def history(request: HttpRequest) -> HttpResponse:
    changes = changelog.with_targets(Change.objects.all())
    if kind := request.GET.get("kind"):
        changes = changes.filter(content_type__model=kind)
    if object_id := request.GET.get("id"):
        changes = (
            changes.filter(object_id=object_id)
            if object_id.isdigit()
            else changes.none()
        )
    page = Paginator(changes, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "entries": changelog.entries(page.object_list),
        "query": query.urlencode(),
        "kinds": HISTORY_KINDS,
    }
    return render(request, "tracker/history.html", context)


HISTORY_KINDS = [
    ("article", gettext_lazy("Articles")),
    ("districtlink", gettext_lazy("District links")),
    ("initiativelink", gettext_lazy("Initiative tags")),
    ("initiative", gettext_lazy("Initiatives")),
    ("initiativekind", gettext_lazy("Initiative kinds")),
]


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        Initiative.objects.not_rejected(),
        to_field_name="slug",
        label=gettext_lazy("Merge into"),
    )
    reason = forms.CharField(
        required=False, max_length=300, label=gettext_lazy("Reason")
    )


@login_required
@permission_required("tracker.change_initiative", raise_exception=True)
@permission_required("tracker.delete_initiative", raise_exception=True)
@require_POST
def merge_initiative(request: HttpRequest, slug: str) -> HttpResponse:
    source = get_object_or_404(Initiative, slug=slug)
    form = MergeForm(request.POST)
    if not form.is_valid() or form.cleaned_data["target"] == source:
        messages.error(request, _("Choose another initiative to merge into."))
        return redirect(source)
    target = form.cleaned_data["target"]
    moved = initiative_curation.merge_initiatives(
        source, target, request.user, form.cleaned_data["reason"]
    )
    messages.success(
        request,
        _("Merged into %(target)s: %(n)d links moved.")
        % {"target": target, "n": moved},
    )
    return redirect(target)
