"""The review queue's section on discovered initiatives: confirm, rename, re-type,
merge into another initiative, or reject.

Every write goes through tracker.initiative_curation (which records the history).
Like the article items, each action has its own POST endpoint; with htmx the response
is the initiative's fragment, otherwise a redirect back to the queue page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from tracker import initiative_curation
from tracker.models import Initiative, InitiativeKind, ReviewState
from tracker.views import review_pickers
from tracker.views.review import back_url

can_edit = permission_required("tracker.change_initiative", raise_exception=True)
# Merging deletes the initiative merged away, as on the initiative page.
can_merge = permission_required(
    ["tracker.change_initiative", "tracker.delete_initiative"], raise_exception=True
)


# --- Answering -----------------------------------------------------------------------------


def respond(
    request: HttpRequest,
    initiative: Initiative,
    *,
    message: str = "",
    error: str = "",
    merged_into: Initiative | None = None,
    pk: int | None = None,
) -> HttpResponse:
    """The item's fragment for htmx; otherwise a message and a redirect to the queue."""
    pk = pk or initiative.pk
    if not request.htmx:
        if error:
            messages.error(request, error)
        elif message:
            messages.success(request, message)
        return redirect(f"{back_url(request)}#suggestion-{pk}")
    if merged_into is None:
        initiative = Initiative.objects.filter(pk=pk).for_review().get()
    context = {
        "initiative": initiative,
        "pk": pk,
        "merged_into": merged_into,
        "error": error,
        "next": back_url(request),
    }
    return render(request, "tracker/_review_initiative.html", context)


# --- The actions --------------------------------------------------------------------------


@login_required
@can_edit
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = get_object_or_404(Initiative, pk=pk)
    n = initiative_curation.confirm_initiative(initiative, request.user)
    message = (
        ngettext(
            "Initiative confirmed, with the %(n)d tag it was found in.",
            "Initiative confirmed, with the %(n)d tags it was found in.",
            n,
        )
        % {"n": n}
        if n
        else _("Initiative confirmed.")
    )
    return respond(request, initiative, message=message)


@login_required
@can_edit
@require_POST
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = get_object_or_404(Initiative, pk=pk)
    initiative_curation.reject_initiative(
        initiative, request.user, request.POST.get("reason", "").strip()
    )
    return respond(request, initiative, message=_("Initiative rejected."))


@login_required
@can_edit
@require_POST
def rename(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = get_object_or_404(Initiative, pk=pk)
    name_ko = request.POST.get("name_ko", "").strip()
    if not name_ko:
        return respond(request, initiative, error=_("Give the Korean name."))
    initiative_curation.rename_initiative(
        initiative,
        request.user,
        name_ko=name_ko,
        name_en=request.POST.get("name_en", ""),
    )
    return respond(request, initiative, message=_("Initiative renamed."))


@login_required
@can_edit
@require_http_methods(["GET", "POST"])
def retype(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the form with the kinds (see review_pickers); POST: change the kind."""
    initiative = get_object_or_404(Initiative, pk=pk)
    if request.method == "GET":
        return review_pickers.kind_picker(request, initiative, back_url(request))
    kind = InitiativeKind.objects.filter(slug=request.POST.get("kind")).first()
    if kind is None:
        return respond(request, initiative, error=_("Choose a kind."))
    initiative_curation.retype_initiative(initiative, request.user, kind)
    return respond(request, initiative, message=_("Kind changed."))


@login_required
@can_merge
@require_http_methods(["GET", "POST"])
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the form to choose the target (see review_pickers); POST: merge."""
    source = get_object_or_404(Initiative, pk=pk)
    if request.method == "GET":
        return review_pickers.merge_picker(request, source, back_url(request))
    # Not into itself, nor into a rejected initiative (its names are dropped).
    target = (
        Initiative.objects.exclude(pk=pk)
        .exclude(review_state=ReviewState.REJECTED)
        .filter(slug=request.POST.get("target"))
        .first()
    )
    if target is None:
        return respond(
            request, source, error=_("Choose another initiative to merge into.")
        )
    initiative_curation.merge_initiatives(source, target, request.user)
    return respond(
        request,
        source,
        pk=pk,
        merged_into=target,
        message=_("Merged into %(target)s.") % {"target": target},
    )
