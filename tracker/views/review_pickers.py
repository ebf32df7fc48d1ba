"""The review queue's rarer forms: another district or initiative for a tag, another
kind for a suggestion or the initiative it is merged into, the original an article
copies. The queue carries none of them (nor their drop-downs): htmx loads a form when
a curator opens "Change", "Merge…" and the like, and without JavaScript the same
address is a page of its own. (With every initiative in every drop-down, the queue
once weighed 1.7 MB.)

GET only; the forms post to the queue's own endpoints. `?part=options` answers with
the <option>s alone, which the search box swaps into the drop-down as one types.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from districts.models import District
from tracker.choices import initiative_choices
from tracker.models import (
    DistrictLink,
    Initiative,
    InitiativeKind,
    InitiativeLink,
    ReviewState,
)


def district_picker(request: HttpRequest, link: DistrictLink, next_url: str):
    url = reverse("tracker:review-district-change", args=[link.pk])
    context = {
        "link": link,
        "districts": District.objects.all(),
        "roles": DistrictLink.Role.choices,
        "form_url": url,
        "prefix": f"link-{link.pk}",
        "title": _("Change the district"),
        "subject": link.article,
        "next": next_url,
    }
    return _render(request, "tracker/_district_picker.html", context)


def original_picker(request: HttpRequest, article, next_url: str):
    """The number of the article this one copies."""
    url = reverse("tracker:review-duplicate", args=[article.pk])
    context = {
        "form_url": url,
        "prefix": f"review-{article.pk}",
        "title": _("Mark as copy"),
        "subject": article,
        "next": next_url,
    }
    return _render(request, "tracker/_original_picker.html", context)


def kind_picker(request: HttpRequest, initiative: Initiative, next_url: str):
    url = reverse("tracker:review-suggested-retype", args=[initiative.pk])
    context = {
        "initiative": initiative,
        "kinds": InitiativeKind.objects.all(),
        "form_url": url,
        "prefix": f"suggestion-{initiative.pk}",
        "title": _("Change kind"),
        "subject": initiative,
        "next": next_url,
    }
    return _render(request, "tracker/_kind_picker.html", context)


def link_initiative_picker(request: HttpRequest, link: InitiativeLink, next_url: str):
    """Another initiative for an article's tag: the article's districts' first."""
    districts = link.article.district_links.exclude(
        review_state=ReviewState.REJECTED
    ).values_list("district", flat=True)
    context = {
        "field": "initiative",
        "current": link.initiative,
        "label": _("Initiative"),
        "submit": _("Save change"),
        "form_url": reverse("tracker:review-initiative-change", args=[link.pk]),
        "prefix": f"link-{link.pk}",
        "title": _("Change the tag's initiative"),
        "subject": link.article,
    }
    return _initiative_picker(
        request, context, districts, exclude=[link.initiative_id], next_url=next_url
    )


def merge_picker(request: HttpRequest, initiative: Initiative, next_url: str):
    """Where a suggestion may be merged: its districts' initiatives first."""
    districts = initiative.districts.values_list("pk", flat=True)
    context = {
        "field": "target",
        "current": None,
        "label": _("Merge into"),
        "submit": _("Merge"),
        "form_url": reverse("tracker:review-suggested-merge", args=[initiative.pk]),
        "prefix": f"suggestion-{initiative.pk}-merge",
        "title": _("Merge into another initiative"),
        "subject": initiative,
    }
    return _initiative_picker(
        request, context, districts, exclude=[initiative.pk], next_url=next_url
    )


def _initiative_picker(request, context, districts, *, exclude, next_url):
    choices = initiative_choices(districts, q=request.GET.get("q", ""), exclude=exclude)
    context |= {"choices": choices, "next": next_url}
    if request.GET.get("part") == "options":
        return render(request, "tracker/_initiative_options.html", context)
    return _render(request, "tracker/_initiative_picker.html", context)


def _render(request, fragment: str, context: dict) -> HttpResponse:
    """The form alone for htmx; a page around it otherwise."""
    if request.htmx:
        return render(request, fragment, context)
    context["fragment"] = fragment
    return render(request, "tracker/review_change.html", context)
