"""The article list's filters: the whole state lives in the query string."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from districts.models import District
from tracker.models import Article, Initiative
from tracker.models.initiatives import InitiativeKind


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
    stage = django_filters.ChoiceFilter(
        method="filter_stage",
        label=_("Stage"),
        choices=Initiative.Stage.choices,
        empty_label=_("any stage"),
    )
    kind = django_filters.ChoiceFilter(  # choices: __init__
        method="filter_kind", label=_("Kind of initiative"), empty_label=_("any kind")
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
    )

    class Meta:
        model = Article
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["district"].extra["choices"] = [
            (d.slug, d.name) for d in District.objects.all()
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
            return queryset.order_by("-search_rank", "-published_at", "-pk")
        return queryset

    def filter_sort(self, queryset, name, value):
        order = {
            "oldest": ["published_at", "pk"],
            "relevance": ["-relevance", "-published_at"],
        }
        return queryset.order_by(*order[value])

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_district(self, queryset, name, value):
        primary_only = self.form.cleaned_data.get("role") == "primary"
        return queryset.in_districts(value, primary_only=primary_only)

    def filter_initiative(self, queryset, name, value):
        return queryset.reporting(slug=value)

    def filter_category(self, queryset, name, value):
        return queryset.reporting(category=value)

    def filter_stage(self, queryset, name, value):
        return queryset.reporting(stage=value)

    def filter_kind(self, queryset, name, value: str):
        return queryset.reporting(kind__slug=value)

    def filter_after(self, queryset, name, value):
        return queryset.published_between(start=value)

    def filter_before(self, queryset, name, value):
        return queryset.published_between(end=value)

    def filter_relevance(self, queryset, name, value):
        return queryset if value == "all" else queryset.filter(is_relevant=False)
