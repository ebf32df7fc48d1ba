"""Store what reading understood of an article (district links, initiative tags and
discovered initiatives), and do it again when the rules, the catalogue or the kinds
change: curators' decisions always stay.

    analysis -> save_understanding(): district links, catalogue tags, resolution
    stored article -> retag(): the same, from its stored text
"""

from django.db import transaction
from django.utils import timezone

from districts.gazetteer import LinkResult
from tracker import figures, resolution
from tracker.ingest import rules
from tracker.ingest.rules import catalogue, kinds
from tracker.models import Article, DistrictLink, Initiative, InitiativeLink
from tracker.reading.kinds import KindSpec
from tracker.reading.pipeline import understand
from tracker.reading.tagging import CatalogueEntry, Tagging

__all__ = ["catalogue", "kinds", "retag", "retag_initiative", "save_understanding"]


def save_understanding(
    article: Article, links: LinkResult, tagging: Tagging, *, new: bool = False
) -> None:
    """Districts, catalogue tags, then every initiative discovery found (resolved to
    one record per initiative); suggestions no article reports any more go.

    `new`: the article was created in this transaction, so it has no links yet:
    nothing to replace or keep, and nothing to read back.
    """
    rows = rules.current()
    save_district_links(article, links, new=new, district_ids=rows.district_ids)
    replaced, tags = save_initiative_links(article, tagging, new=new)
    resolution.resolve_mentions(
        article,
        tagging.mentions,
        links=tags if new and all(tag.pk for tag in tags) else None,
        kinds=rows.kind_rows,
    )
    resolution.drop_orphans(replaced)


def save_district_links(
    article: Article,
    links: LinkResult,
    *,
    new: bool = False,
    district_ids: dict[str, int] | None = None,
) -> None:
    """Replace automatic, unreviewed links; a curator's decision is never overwritten."""
    kept = set()
    if not new:
        article.district_links.automatic_and_open().delete()
        kept = set(article.district_links.values_list("district__slug", flat=True))
    ids = district_ids or rules.current().district_ids
    DistrictLink.objects.bulk_create(district_links(article, links, ids, kept))


def district_links(
    article: Article, links: LinkResult, district_ids: dict[str, int], kept=frozenset()
) -> list[DistrictLink]:
    """The article's district links, not saved yet (but those of `kept` districts)."""
    return [
        DistrictLink(
            article=article,
            district_id=district_ids[match.slug],
            role=match.role,
            mentions=match.mentions,
            confidence=clamp(match.confidence),
            evidence=match.evidence,
            spans=[list(span) for span in match.spans],
        )
        for match in links.matches
        if match.slug not in kept and match.slug in district_ids
    ]


def save_initiative_links(
    article: Article, tagging: Tagging, *, new: bool = False
) -> tuple[set[int], list[InitiativeLink]]:
    """Like district links: curators' decisions stay, automatic suggestions are replaced.
    Returns the initiatives whose automatic tags on this article were removed, and the
    tags made."""
    replaced, kept = set(), set()
    if not new:
        stale = article.initiative_links.automatic_and_open()
        replaced = set(stale.values_list("initiative_id", flat=True))
        stale.delete()
        kept = set(article.initiative_links.values_list("initiative__slug", flat=True))
    initiatives = Initiative.objects.in_bulk(
        [t.slug for t in tagging.tags], field_name="slug"
    )
    made = InitiativeLink.objects.bulk_create(
        initiative_links(article, tagging, initiatives, kept)
    )
    # Undated articles do not move first/last seen (Initiative.refresh_seen agrees).
    if article.published_at is not None:
        seen = timezone.localdate(article.published_at)
        for initiative in initiatives.values():
            initiative.mark_seen(seen)
    return replaced, made


def initiative_links(
    article: Article,
    tagging: Tagging,
    initiatives: dict[str, Initiative],
    kept=frozenset(),
) -> list[InitiativeLink]:
    """The article's catalogue tags, not saved yet (but those on `kept` slugs)."""
    return [
        InitiativeLink(
            article=article,
            initiative=initiatives[tag.slug],
            confidence=clamp(tag.confidence),
            evidence=tag.evidence,
            spans=[list(span) for span in tag.spans],
            event=tag.event,
            event_date=tag.event_date,
        )
        for tag in tagging.tags
        if tag.slug not in kept and tag.slug in initiatives
    ]


def clamp(confidence: float) -> float:
    return round(min(max(confidence, 0.0), 1.0), 3)


def retag(
    article: Article,
    entries: list[CatalogueEntry] | None = None,
    typology: tuple[KindSpec, ...] | None = None,
) -> None:
    """Link and tag a stored article again (after the gazetteer or the catalogue changed)."""
    links, is_relevant, relevance, tagging = understand(
        article.title,
        article.body,
        article.published_at,
        subtitle=article.subtitle,
        catalogue=catalogue() if entries is None else entries,
        kinds=kinds() if typology is None else typology,
    )
    with transaction.atomic():
        judged = {"relevance": relevance}
        # Read again under a lock: a curator may have corrected the scope while the
        # article was being read, and their correction stays.
        curated = (
            Article.objects.select_for_update()
            .values_list("scope_curated", flat=True)
            .get(pk=article.pk)
        )
        if not curated:  # a curator's scope and relevance stay
            judged |= {"scope": links.scope, "is_relevant": is_relevant}
        Article.objects.filter(pk=article.pk).update(**judged)
        save_understanding(article, links, tagging)
        figures.changed()


def retag_initiative(initiative_id: int) -> int:
    """Re-tag every article in the initiative's districts (all Seoul for a city-wide one)."""
    initiative = Initiative.objects.get(pk=initiative_id)
    districts = list(initiative.districts.values_list("pk", flat=True))
    articles = Article.objects.all()
    if districts:
        articles = articles.filter(district_links__district__in=districts).distinct()
    else:
        articles = articles.filter(scope=Article.Scope.CITYWIDE)
    entries, typology = catalogue(), kinds()
    count = 0
    for article in articles.iterator(chunk_size=200):
        retag(article, entries, typology)
        count += 1
    return count
