"""A filter state in words ("강서구 · 검색: 로봇"), for feed titles, saved-search
labels and e-mail subjects."""

from django.utils.translation import gettext as _

from tracker.filters import ArticleFilter

# Filters named by their chosen option's label, in this order.
LABELLED = ("role", "category", "stage", "kind", "relevance", "review")


def describe(filterset: ArticleFilter) -> str:
    """What the filters select, in the active language; "" when nothing is chosen."""
    if not filterset.is_valid():
        return ""
    data = filterset.form.cleaned_data
    form = filterset.form
    parts = []
    if data.get("district"):
        names = dict(form.fields["district"].choices)
        parts.append(", ".join(str(names.get(slug, slug)) for slug in data["district"]))
    for name in LABELLED:
        if data.get(name):
            parts.append(str(dict(form.fields[name].choices).get(data[name], "")))
    if data.get("initiative"):
        parts.append(_("initiative %(slug)s") % {"slug": data["initiative"]})
    if data.get("publisher"):
        parts.append(data["publisher"])
    if data.get("published_after") or data.get("published_before"):
        start, end = data.get("published_after"), data.get("published_before")
        parts.append(f"{start or ''}–{end or ''}")
    if data.get("q"):
        parts.append(_("search: %(q)s") % {"q": data["q"]})
    return " · ".join(part for part in parts if part)
