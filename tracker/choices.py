"""What a curator is offered when moving a tag to another initiative or merging one
initiative into another: the initiatives of the same districts and Seoul city-wide
ones first, then, for a search, those elsewhere whose name matches.

Never the whole list: with every initiative in every drop-down, the review queue
once weighed 1.7 MB with 22,389 <option>s. A list is cut at LIMIT and says so, and
the search narrows it.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch

from districts.models import District
from tracker.models import Initiative

LIMIT = 50


@dataclass
class Choices:
    near: list[Initiative] = field(default_factory=list)  # the same districts'
    citywide: list[Initiative] = field(default_factory=list)  # Seoul city's
    others: list[Initiative] = field(default_factory=list)  # elsewhere, by search
    q: str = ""
    more: bool = False  # some matched and were left out

    def __len__(self) -> int:
        return len(self.near) + len(self.citywide) + len(self.others)


def initiative_choices(
    district_ids: Iterable[int], *, q: str = "", exclude: Iterable[int] = ()
) -> Choices:
    """Standing initiatives to choose from, near ones first, LIMIT in all: three
    queries at most (four with a search, which names the districts of the rest)."""
    ids = sorted(set(district_ids))
    q = q.strip()[:100]
    pool = (
        Initiative.objects.not_rejected()
        .exclude(pk__in=list(exclude))
        .only("pk", "slug", "name_ko", "name_en")
        .order_by("name_ko", "pk")
    )
    if q:
        pool = pool.named(q)
    choices = Choices(q=q)
    groups = [("near", pool.filter(districts__in=ids).distinct() if ids else None)]
    groups.append(("citywide", pool.filter(districts=None)))
    if q:
        elsewhere = pool.exclude(districts=None).exclude(districts__in=ids)
        groups.append(
            (
                "others",
                elsewhere.prefetch_related(
                    Prefetch("districts", District.objects.only("name_ko", "name_en"))
                ),
            )
        )
    for name, queryset in groups:
        room = LIMIT - len(choices)
        if queryset is None:
            continue
        if room <= 0:
            choices.more = choices.more or queryset.exists()
            continue
        found = list(queryset[: room + 1])
        choices.more = choices.more or len(found) > room
        setattr(choices, name, found[:room])
    return choices
