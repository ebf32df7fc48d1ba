"""The curators' history in words a curator reads: what was changed (with a link to
it), which fields, from what to what, in the active language.

    Change rows -> entries(): Entry(action, kind, target text, link, field changes)

A Change stores field names and raw values (`review_state: suggested → rejected`);
this module turns them into labels (검토 상태: 제안됨 → 기각) from the models' own
choices and verbose names, plus a few names of its own for fields that are not model
fields. Targets are fetched for a whole page at once (one query per kind of object).
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from districts.models import District
from tracker.models import (
    Article,
    DistrictLink,
    Initiative,
    InitiativeLink,
    Source,
)

# Objects the history is about, in words (ContentType.name is the English model name).
KINDS = {
    "article": gettext_lazy("article"),
    "districtlink": gettext_lazy("district link"),
    "initiativelink": gettext_lazy("initiative tag"),
    "initiative": gettext_lazy("initiative"),
    "source": gettext_lazy("feed"),
    "organisation": gettext_lazy("partner organisation"),
    "initiativekind": gettext_lazy("kind of initiative"),
    "district": gettext_lazy("district"),
    "districtalias": gettext_lazy("district alias"),
}
# Field names recorded by the services that are not (or not only) model fields.
FIELDS = {
    "review_state": gettext_lazy("review state"),
    "status": gettext_lazy("review"),
    "district": gettext_lazy("district"),
    "districts": gettext_lazy("districts"),
    "role": gettext_lazy("role"),
    "initiative": gettext_lazy("initiative"),
    "stage": gettext_lazy("stage"),
    "scope": gettext_lazy("scope"),
    "is_relevant": gettext_lazy("about AI policy"),
    "reviewed_relevance": gettext_lazy("about AI policy (curator)"),
    "duplicate_of": gettext_lazy("copy of"),
    "merged": gettext_lazy("merged"),
    # A merge's tags of one article on both initiatives, kept as one.
    "folded": gettext_lazy("tags on the same article, kept as one"),
    "match_terms": gettext_lazy("match terms"),
    "name_ko": gettext_lazy("Korean name"),
    "name_en": gettext_lazy("English name"),
    "kind": gettext_lazy("kind of initiative"),
}
# Models whose fields give choices and verbose names, by content type model name.
MODELS = {
    "article": Article,
    "districtlink": DistrictLink,
    "initiativelink": InitiativeLink,
    "initiative": Initiative,
    "source": Source,
}


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class Entry:
    change: object
    action: str
    kind: str
    text: str  # the object as it reads now (or as it read then, once deleted)
    url: str  # "" when the object is gone or has no page
    is_gone: bool
    fields: list[FieldChange] = field(default_factory=list)


def with_targets(changes):
    """The changes with their objects fetched, for one page: a query per kind."""
    return changes.select_related("user", "content_type").prefetch_related(
        GenericPrefetch(
            "target",
            [
                Article.objects.only("title"),
                DistrictLink.objects.select_related("article", "district").only(
                    "pk",
                    "role",
                    "article__id",
                    "article__title",
                    "district__name_ko",
                    "district__name_en",
                ),
                InitiativeLink.objects.select_related("article", "initiative").only(
                    "pk",
                    "article__id",
                    "article__title",
                    "initiative__slug",
                    "initiative__name_ko",
                    "initiative__name_en",
                ),
                Initiative.objects.only("slug", "name_ko", "name_en"),
                Source.objects.only("name"),
                District.objects.only("slug", "name_ko", "name_en"),
            ],
        )
    )


def entries(changes) -> list[Entry]:
    """Each change of a page (from `with_targets`) in words."""
    return [entry(change) for change in changes]


def entry(change) -> Entry:
    model = change.content_type.model
    target = change.target
    text, url = describe(model, target) if target is not None else (change.label, "")
    return Entry(
        change=change,
        action=str(change.get_action_display()),
        kind=str(KINDS.get(model, change.content_type.name)),
        text=text,
        url=url,
        is_gone=target is None,
        fields=[
            FieldChange(field_label(model, name), *values(model, name, pair))
            for name, pair in (change.changes or {}).items()
        ],
    )


def title_of(article) -> str:
    return article.title or _("(untitled)")


def describe(model: str, target) -> tuple[str, str]:
    """(what the object is, in words; its page or "")."""
    if model == "districtlink":
        role = dict(DistrictLink.Role.choices).get(target.role, target.role)
        text = f"{title_of(target.article)} → {target.district.name} ({role})"
        return text, target.article.get_absolute_url()
    if model == "initiativelink":
        text = f"{title_of(target.article)} → {target.initiative.name}"
        return text, target.article.get_absolute_url()
    if model == "article":
        return title_of(target), target.get_absolute_url()
    url = target.get_absolute_url() if hasattr(target, "get_absolute_url") else ""
    return str(getattr(target, "name", target)), url


def field_label(model: str, name: str) -> str:
    """A field's name in words: ours first, then the model field's verbose name."""
    if name in FIELDS:
        return str(FIELDS[name])
    try:
        return str(MODELS[model]._meta.get_field(name).verbose_name)
    except (KeyError, FieldDoesNotExist):
        return name.replace("_", " ")


def values(model: str, name: str, pair) -> tuple[str, str]:
    before, after = (list(pair) + [None, None])[:2]
    return shown(model, name, before), shown(model, name, after)


def shown(model: str, name: str, value) -> str:
    """A recorded value in words: a choice's label, yes or no, a list joined."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(shown(model, name, v) for v in value)
    choices = choices_of(model, name)
    return str(choices.get(value, value))


def choices_of(model: str, name: str) -> dict:
    try:
        model_field = MODELS[model]._meta.get_field(name)
    except (KeyError, FieldDoesNotExist):
        return {}
    if isinstance(model_field, models.Field) and model_field.choices:
        return dict(model_field.flatchoices)
    return {}
