"""Saved searches: save the article list's filters, list and change them, and the
one-click unsubscribe that e-mails link to."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from tracker import alerts
from tracker.models import SavedSearch

FREQUENCIES = set(SavedSearch.Frequency.values)


def _frequency(request: HttpRequest) -> str:
    value = request.POST.get("frequency", "")
    return value if value in FREQUENCIES else SavedSearch.Frequency.DAILY


@login_required
@require_POST
def save_search(request: HttpRequest) -> HttpResponse:
    data = QueryDict(request.POST.get("query", ""), mutable=True)
    data.pop("page", None)
    try:
        search = alerts.save_search(
            request.user,
            data,
            frequency=_frequency(request),
            label=request.POST.get("label", ""),
        )
    except ValueError:
        messages.error(request, _("This search is too long to save; narrow it first."))
        return redirect("tracker:article-list")
    messages.success(
        request,
        _("Saved “%(label)s”. New matches will be e-mailed to you.")
        % {"label": search.label},
    )
    if not request.user.email:
        messages.warning(request, _("Add an e-mail address to your account first."))
    return redirect(search)


class AddressForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail address"), max_length=254)
    # The address is where a password reset goes: whoever changes it must know the
    # password, or a session left open would hand over the account for good.
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if self.user is None or not self.user.check_password(password):
            raise forms.ValidationError(gettext_lazy("Wrong password."))
        return password


@login_required
def saved_search_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, AddressForm(initial={"email": request.user.email}))


def _list_page(request: HttpRequest, address_form, status: int = 200) -> HttpResponse:
    context = {
        "searches": request.user.saved_searches.all(),
        "frequencies": SavedSearch.Frequency.choices,
        "address_form": address_form,
    }
    return render(request, "tracker/saved_search_list.html", context, status=status)


# An analyst's account is made by an admin, often without an address; alerts need
# one, and only its owner knows where they want them.
@login_required
@require_POST
def set_address(request: HttpRequest) -> HttpResponse:
    form = AddressForm(request.POST, user=request.user)
    if not form.is_valid():
        # The page again with what was typed and what is wrong with it.
        return _list_page(request, form, status=400)
    email = form.cleaned_data["email"]
    request.user.email = email
    request.user.save(update_fields=["email"])
    messages.success(request, _("Alerts will be sent to %(email)s.") % {"email": email})
    return redirect("tracker:saved-search-list")


@login_required
@require_POST
def update_saved_search(request: HttpRequest, pk: int) -> HttpResponse:
    search = get_object_or_404(request.user.saved_searches, pk=pk)
    if request.POST.get("delete"):
        search.delete()
        messages.success(request, _("Deleted “%(label)s”.") % {"label": search.label})
    else:
        search.frequency = _frequency(request)
        search.is_active = bool(request.POST.get("is_active"))
        search.save(update_fields=["frequency", "is_active"])
        messages.success(request, _("Saved “%(label)s”.") % {"label": search.label})
    return redirect("tracker:saved-search-list")


# Mail clients post the one-click unsubscribe (RFC 8058) without a session or CSRF
# token; the signed token in the URL is the authority. A GET only asks, so a link
# scanner that follows every link does not unsubscribe anyone.
@csrf_exempt
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    search = alerts.search_for_token(token)
    if search is None:
        return render(
            request, "tracker/unsubscribe.html", {"invalid": True}, status=404
        )
    done = request.method == "POST"
    if done and search.is_active:
        search.is_active = False
        search.save(update_fields=["is_active"])
    return render(request, "tracker/unsubscribe.html", {"search": search, "done": done})
