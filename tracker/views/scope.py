"""The curator's scope correction on an article page (tracker/scoping.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tracker import scoping
from tracker.forms import ScopeForm
from tracker.models import Article


@login_required
@permission_required("tracker.change_article", raise_exception=True)
@require_POST
def correct_scope(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    form = ScopeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a scope and a subject."))
        return redirect(article)
    changed = scoping.correct_scope(
        article,
        request.user,
        scope=form.cleaned_data["scope"],
        is_relevant=form.cleaned_data["relevant"],
        reason=form.cleaned_data["reason"],
    )
    messages.success(
        request,
        _("Scope corrected: the counts follow it.")
        if changed
        else _("Nothing changed."),
    )
    return redirect(article)
