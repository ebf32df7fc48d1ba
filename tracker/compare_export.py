"""The compare page as CSV: one row per compared district with the figures the page
shows, flattened (a column per stage and per kind), so it opens in a spreadsheet and
still says where each row came from (its address on the site and the period)."""

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tracker.exports import absolute
from tracker.models import Initiative, ReviewState


def header(kinds) -> list:
    """The compare CSV's columns: the district, its figures, then one column per
    stage and per kind of initiative (the page's tables, flattened)."""
    stages = [f"{_('Stage')}: {label}" for _value, label in Initiative.Stage.choices]
    kind_columns = [f"{pgettext_lazy('initiative', 'Kind')}: {k.name}" for k in kinds]
    return [
        _("MOIS code"),
        _("Korean name"),
        _("English name"),
        _("Address on this site"),
        _("Period"),
        _("Articles in the period"),
        _("Initiatives"),
        _("Confirmed initiatives"),
        _("Suggested initiatives"),
        _("First reported"),
        _("Last seen"),
        _("Partners"),
        *stages,
        *kind_columns,
        f"{pgettext_lazy('initiative', 'Kind')}: {_('unclassified')}",
    ]


def rows(profiles: list[dict], kinds, site: str) -> Iterator[list]:
    """One row per compared district, from the profiles the page shows."""
    for profile in profiles:
        district, initiatives = profile["district"], profile["initiatives"]
        stages = {value: n for value, _label, n in profile["by_stage"]}
        by_kind = {
            row["kind"].pk if row["kind"] else None: row["n"]
            for row in profile["by_kind"]
        }
        firsts = [i.first_seen for i in initiatives if i.first_seen]
        lasts = [i.last_seen for i in initiatives if i.last_seen]
        confirmed = sum(i.review_state == ReviewState.CONFIRMED for i in initiatives)
        yield [
            district.code,
            district.name_ko,
            district.name_en,
            absolute(site, district.get_absolute_url()),
            profile["span"].label,
            profile["n_articles"],
            len(initiatives),
            confirmed,
            len(initiatives) - confirmed,
            min(firsts, default=None),
            max(lasts, default=None),
            len(profile["partners"]),
            *(stages.get(value, 0) for value, _label in Initiative.Stage.choices),
            *(by_kind.get(kind.pk, 0) for kind in kinds),
            by_kind.get(None, 0),
        ]
