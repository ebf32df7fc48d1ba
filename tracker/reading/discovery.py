"""Find every initiative an article reports, in any district, catalogue or not.

Work in progress: returns nothing yet.
"""

from __future__ import annotations

from datetime import date

from tracker.reading.kinds import TYPOLOGY, KindSpec
from tracker.reading.mentions import Mention


def discover(
    title: str,
    body: str,
    *,
    districts,  # districts.gazetteer.LinkResult of the same text
    published: date | None,
    kinds: tuple[KindSpec, ...] = TYPOLOGY,
) -> list[Mention]:
    """The initiatives the article reports, one Mention each."""
    return []
