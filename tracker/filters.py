"""The article and initiative lists' filters: the whole state lives in the query string."""

from urllib.parse import urlencode

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from districts.models import District
from tracker import dashboard, periods, search
from tracker.models import (
    Article,
    Initiative,
    InitiativeKind,
    InitiativeLink,
    ReviewState,
    Tally,
)
from tracker.models.articles import NEWEST_FIRST, OLDEST_FIRST

# Filter values beside the slugs: initiatives of no district (Seoul city) or no kind.
CITYWIDE = "citywide"
UNCLASSIFIED = "none"


class ArticleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q",
        label=_("Search"),
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("e.g. 마곡, 금천")}
        ),
    )
    district = django_filters.MultipleChoiceFilter(
        method="filter_district",
        label=_("District"),
        widget=forms.CheckboxSelectMultiple,
    )
    role = django_filters.ChoiceFilter(
        method="filter_nothing",  # applied together with `district`
        label=_("Role"),
        choices=[("primary", _("primary only"))],
        empty_label=_("any role"),
    )
    initiative = django_filters.CharFilter(
        method="filter_initiative", label=_("Initiative")
    )
    category = django_filters.ChoiceFilter(
        method="filter_category",
        label=_("Category"),
        choices=Initiative.Category.choices,
        empty_label=_("any category"),
    )
    # Articles reporting an initiative of one kind: the overview's kind charts link here.
    kind = django_filters.ChoiceFilter(
        method="filter_kind",
        label=pgettext_lazy("initiative", "Kind"),
        empty_label=_("any kind"),
    )
    stage = django_filters.ChoiceFilter(
        method="filter_stage",
        label=_("Stage"),
        choices=Initiative.Stage.choices,
        empty_label=_("any stage"),
    )
    publisher = django_filters.CharFilter(field_name="publisher", label=_("Publisher"))
    published_after = django_filters.DateFilter(
        method="filter_after",
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    published_before = django_filters.DateFilter(
        method="filter_before",
        label=_("To"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    relevance = django_filters.ChoiceFilter(
        method="filter_relevance",
        label=_("Relevance"),
        choices=[("all", _("all articles")), ("no", _("not AI policy"))],
        empty_label=_("AI policy only"),
    )
    review = django_filters.ChoiceFilter(
        field_name="status",
        label=_("Review state"),
        choices=Article.Status.choices,
        empty_label=_("any review state"),
    )
    sort = django_filters.ChoiceFilter(
        method="filter_sort",
        label=_("Sort"),
        choices=[("oldest", _("oldest first")), ("relevance", _("most relevant"))],
        empty_label=_("newest first"),
        # Shown above the results it orders (on a phone the form comes after them,
        # and a change down there was out of sight), yet sent with the filters.
        widget=forms.Select(attrs={"form": "filters"}),
    )

    class Meta:
        model = Article
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        districts = list(District.objects.all())
        self.district_ids = {d.slug: d.pk for d in districts}
        self.filters["district"].extra["choices"] = [
            (d.slug, d.name) for d in districts
        ]
        self.filters["kind"].extra["choices"] = [
            (k.slug, k.name) for k in InitiativeKind.objects.all()
        ]

    @property
    def qs(self):
        queryset = super().qs
        if not (self.form.is_valid() and self.form.cleaned_data.get("relevance")):
            queryset = queryset.relevant()
        if (
            self.form.is_valid()
            and self.form.cleaned_data.get("q")
            and not self.form.cleaned_data.get("sort")
        ):
            return queryset.order_by("-search_rank", *NEWEST_FIRST)
        return queryset

    def filter_sort(self, queryset, name, value):
        order = {
            "oldest": OLDEST_FIRST,
            "relevance": ("-relevance", *NEWEST_FIRST),
        }
        return queryset.order_by(*order[value])

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_q(self, queryset, name, value):
        # A search in districts finds both at once (ArticleQuerySet.search).
        return queryset.search(
            value, district_ids=self._chosen_districts(), primary_only=self._primary()
        )

    def filter_district(self, queryset, name, value):
        if search.finds_districts(queryset, self.form.cleaned_data.get("q") or ""):
            return queryset  # filter_q looked them up with the search
        return queryset.in_district_ids(
            self._chosen_districts(), primary_only=self._primary()
        )

    def _chosen_districts(self) -> list[int]:
        slugs = self.form.cleaned_data.get("district") or []
        return [self.district_ids[slug] for slug in slugs]  # valid choices only

    def _primary(self) -> bool:
        return self.form.cleaned_data.get("role") == "primary"

    def filter_initiative(self, queryset, name, value):
        return queryset.reporting(slug=value)

    def filter_category(self, queryset, name, value):
        return queryset.reporting(category=value)

    def filter_kind(self, queryset, name, value):
        return queryset.reporting(kind__slug=value)

    def filter_stage(self, queryset, name, value):
        return queryset.reporting(stage=value)

    def filter_after(self, queryset, name, value):
        return queryset.published_between(start=value)

    def filter_before(self, queryset, name, value):
        return queryset.published_between(end=value)

    def filter_relevance(self, queryset, name, value):
        return queryset if value == "all" else queryset.filter(is_relevant=False)


class InitiativeFilter(django_filters.FilterSet):
    """The initiative list's filters; the matrix groups the same rows by district and kind,
    so a matrix cell links here with its district and kind added."""

    q = django_filters.CharFilter(
        method="filter_q",
        label=_("Search"),
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("e.g. CCTV, 조례")}
        ),
    )
    district = django_filters.ChoiceFilter(
        method="filter_district", label=_("District"), empty_label=_("any district")
    )
    kind = django_filters.ChoiceFilter(
        method="filter_kind",
        label=pgettext_lazy("initiative", "Kind"),
        empty_label=_("any kind"),
    )
    stage = django_filters.ChoiceFilter(
        field_name="stage",
        label=_("Stage"),
        choices=Initiative.Stage.choices,
        empty_label=_("any stage"),
    )
    state = django_filters.ChoiceFilter(
        field_name="review_state",
        label=_("Review state"),
        choices=[
            (ReviewState.CONFIRMED, _("confirmed only")),
            (ReviewState.SUGGESTED, _("suggestions only")),
        ],
        empty_label=_("confirmed and suggested"),
    )
    origin = django_filters.ChoiceFilter(
        field_name="origin",
        label=_("Origin"),
        choices=Initiative.Origin.choices,
        empty_label=_("any origin"),
    )
    period = django_filters.ChoiceFilter(
        method="filter_period",
        label=_("Reported in"),
        empty_label=_("all time"),
    )
    sort = django_filters.ChoiceFilter(
        method="filter_sort",
        label=_("Sort"),
        choices=[
            ("first", _("first reported, earliest first")),
            ("-first", _("first reported, latest first")),
            ("name", _("name")),
            ("articles", _("most articles")),
        ],
        empty_label=_("last seen, newest first"),
    )

    class Meta:
        model = Initiative
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["district"].extra["choices"] = [
            (d.slug, d.name) for d in District.objects.all()
        ] + [(CITYWIDE, _("Seoul (city-wide)"))]
        self.filters["kind"].extra["choices"] = [
            (k.slug, k.name) for k in InitiativeKind.objects.all()
        ] + [(UNCLASSIFIED, _("unclassified"))]
        # Presets and the years with articles, as on the overview ("all" is no filter).
        self.filters["period"].extra["choices"] = [
            (key, label) for key, label in dashboard.period_choices() if key != "all"
        ]

    @property
    def qs(self):
        queryset = super().qs
        if not (self.form.is_valid() and self.form.cleaned_data.get("sort")):
            queryset = queryset.order_by(
                F("last_seen").desc(nulls_last=True), "name_ko", "pk"
            )
        return queryset

    def filter_q(self, queryset, name, value):
        reported = InitiativeLink.objects.filter(
            initiative=OuterRef("pk"), name_as_reported__icontains=value
        ).exclude(review_state=ReviewState.REJECTED)
        return queryset.filter(
            Q(name_ko__icontains=value)
            | Q(name_en__icontains=value)
            | Q(summary_ko__icontains=value)
            | Exists(reported)
        )

    def filter_district(self, queryset, name, value):
        if value == CITYWIDE:
            return queryset.filter(districts=None)
        return queryset.filter(districts__slug=value)

    def filter_kind(self, queryset, name, value):
        if value == UNCLASSIFIED:
            return queryset.filter(kind=None)
        return queryset.filter(kind__slug=value)

    def filter_period(self, queryset, name, value):
        # Seen in the period, as on the overview: reported on some of its days.
        return dashboard.seen_in(queryset, periods.period(value))

    def filter_sort(self, queryset, name, value):
        name_field = "name_en" if (get_language() or "").startswith("en") else "name_ko"
        order = {
            "first": [F("first_seen").asc(nulls_last=True), name_field],
            "-first": [F("first_seen").desc(nulls_last=True), name_field],
            "name": [name_field],
            "articles": ["-n", name_field],
        }[value]
        if value == "articles":
            Tally.objects.refresh()
            queryset = queryset.with_article_counts()
        return queryset.order_by(*order, "pk")


class SuggestionFilter(InitiativeFilter):
    """The review queue's section of suggested initiatives: search, district, kind and
    stage, oldest first. Prefixed (`s-district`, ...) so they sit in the query string
    beside the article queue's own parameters and paging keeps both."""

    KEPT = ("q", "district", "kind", "stage")

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, prefix="s", **kwargs)
        for name in set(self.filters) - set(self.KEPT):
            del self.filters[name]

    @property
    def qs(self):
        return super().qs.order_by("pk")

    @property
    def is_narrowed(self) -> bool:
        """Did the curator choose any filter? The section then says how many match."""
        return self.form.is_valid() and any(self.form.cleaned_data.values())


def clean_query(request) -> str:
    """The filter state without empty fields or the page: for links, feeds, exports."""
    kept = [
        (key, value)
        for key, values in request.GET.lists()
        for value in values
        if value and key != "page"
    ]
    return urlencode(kept)


# The matrix groups rows by district and kind itself; these filters narrow them.
MATRIX_FILTERS = ("q", "stage", "state", "origin", "period")


def matrix_filter(request) -> tuple[InitiativeFilter, dict]:
    """The list's filters without district and kind, and the values that apply."""
    data = {key: request.GET.get(key) for key in MATRIX_FILTERS if request.GET.get(key)}
    filterset = InitiativeFilter(data, queryset=Initiative.objects.not_rejected())
    cleaned = filterset.form.cleaned_data if filterset.is_valid() else {}
    params = {key: cleaned[key] for key in MATRIX_FILTERS if cleaned.get(key)}
    return filterset, params
