"""One record per initiative across articles: each discovered mention becomes a tag on
the initiative of its district that it names, or a new suggested initiative.

mention -> catalogue slug | same name among its district's initiatives | new suggestion
        -> one InitiativeLink per initiative per article (the article's timeline event)

Names are compared only within a district (Seoul city-wide: initiatives with no
district), so two districts' look-alike programmes stay apart. A mention that names a
rejected initiative is dropped: a curator's "no" is not suggested again there. Links a
curator decided on are never rewritten; the caller has already removed the article's
automatic, unreviewed ones.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.text import slugify

from districts.models import District
from tracker.models import (
    Article,
    Initiative,
    InitiativeKind,
    InitiativeLink,
    InitiativeRedirect,
    Organisation,
    Origin,
    ReviewState,
)
from tracker.models.stages import moves_on
from tracker.reading import names
from tracker.reading.kinds import DEFAULT_KIND
from tracker.reading.mentions import Mention

CITYWIDE = ""  # Mention.district for Seoul city


# No savepoint of its own inside the caller's transaction (the article's): a failure
# here fails the article anyway, and a savepoint costs two round trips per article.
@transaction.atomic(savepoint=False)
def resolve_mentions(
    article: Article,
    mentions: list[Mention],
    *,
    links: list[InitiativeLink] | None = None,
    kinds: dict[str, InitiativeKind] | None = None,
) -> list[InitiativeLink]:
    """Store the article's mentions as tags; returns the links made or refreshed.

    `links` are all the article's tags when the caller has just made them (a new
    article), `kinds` the kinds by slug when it has them: not read again then.
    """
    if not mentions:
        return []
    book = Book.load(article, mentions, links=links, kinds=kinds)
    # A wording a curator already decided on in this article (confirmed, rejected or
    # moved to another initiative) is left as decided.
    decided = {
        link.name_as_reported
        for link in book.links.values()
        if link.name_as_reported and not is_open(link)
    }
    chosen: dict[int, list[Mention]] = defaultdict(list)
    for mention in mentions:
        if mention.name_ko in decided:
            continue
        initiative = book.resolve(mention)
        if initiative is not None:
            chosen[initiative.pk].append(mention)
    if not chosen:
        return []
    partners = organisations(m for group in chosen.values() for m in group)
    # An undated article says nothing about since when: only published dates count,
    # as in Initiative.refresh_seen().
    day = timezone.localdate(article.published_at) if article.published_at else None
    saved = []
    for pk, group in chosen.items():
        initiative = book.by_pk[pk]
        link = book.links.get(pk)
        if link is not None and not is_open(link):
            continue  # a curator decided on this article's tag: it stays as it is
        saved.append(save_link(article, initiative, group, link))
        remember(initiative, group, day)
        named = {partners[p] for m in group for p in clean_partners(m) if p in partners}
        if named:
            initiative.partners.add(*named)
    return saved


def drop_orphans(initiative_ids) -> int:
    """Delete untouched discovered suggestions left without a single tag (after a
    re-tag replaced the automatic ones). Returns how many went."""
    ids = list(initiative_ids)
    if not ids:
        return 0
    doomed = list(
        Initiative.objects.orphaned().filter(pk__in=ids).values_list("pk", flat=True)
    )
    Initiative.objects.filter(pk__in=doomed).delete()
    return len(doomed)


# The city has no row to lock; a transaction-scoped advisory lock plays its part.
CITYWIDE_LOCK = 0x5E0_A1


def lock_citywide() -> None:
    """Serialise resolution of city-wide mentions (PostgreSQL; SQLite writes one at a
    time anyway), so two workers make one record of one new city initiative."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CITYWIDE_LOCK])


# --- Finding the initiative a mention names -------------------------------------------


@dataclass
class Book:
    """What resolution needs for one article, loaded in a few queries up front."""

    districts: dict[str, District]
    kinds: dict[str, InitiativeKind]
    by_slug: dict[str, Initiative]
    by_district: dict[str, list[Initiative]]
    links: dict[int, InitiativeLink]  # the article's links that survived, by initiative
    by_pk: dict[int, Initiative] = field(default_factory=dict)

    @classmethod
    def load(
        cls,
        article: Article,
        mentions: list[Mention],
        *,
        links: list[InitiativeLink] | None = None,
        kinds: dict[str, InitiativeKind] | None = None,
    ) -> Book:
        slugs = {m.district for m in mentions} - {CITYWIDE}
        # Two workers reading two outlets' reports of one new initiative would each
        # create it: locking the districts' rows (in one order, so no deadlock) makes
        # the second wait and then find the first one's suggestion.
        districts = {
            d.slug: d
            # Their ids and slugs are all resolution needs (not each gu's boundary).
            for d in District.objects.filter(slug__in=slugs)
            .only("pk", "slug")
            .order_by("pk")
            .select_for_update()
        }
        # Subqueries, not joins: each part is an index lookup, and no row comes twice.
        placed = Initiative.districts.through.objects
        wanted = Q(
            pk__in=placed.filter(district__in=list(districts.values())).values(
                "initiative_id"
            )
        )
        if CITYWIDE in {m.district for m in mentions}:
            wanted |= ~Exists(placed.filter(initiative=OuterRef("pk")))
            lock_citywide()
        catalogue_slugs = {m.catalogue_slug for m in mentions} - {""}
        # Each with its districts' slugs, joined (a row per district) rather than
        # prefetched: one round trip, not two.
        rows = (
            Initiative.objects.filter(wanted | Q(slug__in=catalogue_slugs))
            .annotate(district_slug=F("districts__slug"))
            .order_by("name_ko", "pk")  # ties in matching go to the same one each time
        )
        if links is None:
            links = list(article.initiative_links.all())
        book = cls(
            districts=districts,
            kinds=InitiativeKind.objects.in_bulk(field_name="slug")
            if kinds is None
            else kinds,
            by_slug={},
            by_district=defaultdict(list),
            links={link.initiative_id: link for link in links},
        )
        initiatives: dict[int, Initiative] = {}
        places: dict[int, list[str]] = defaultdict(list)
        for row in rows:
            initiatives.setdefault(row.pk, row)
            if row.district_slug is not None:
                places[row.pk].append(row.district_slug)
        for pk, initiative in initiatives.items():
            book.add(initiative, places[pk])
        return book

    def add(self, initiative: Initiative, district_slugs: list[str]) -> None:
        self.by_pk[initiative.pk] = initiative
        self.by_slug[initiative.slug] = initiative
        for slug in district_slugs or [CITYWIDE]:
            self.by_district[slug].append(initiative)

    def resolve(self, mention: Mention) -> Initiative | None:
        """The initiative the mention names, a new suggestion, or None to drop it."""
        if mention.district != CITYWIDE and mention.district not in self.districts:
            return None  # not a district we know
        initiative = self.by_slug.get(mention.catalogue_slug) or self.match(mention)
        if initiative is None:
            initiative = self.suggest(mention)
        if initiative.review_state == ReviewState.REJECTED:
            return None
        return initiative

    def match(self, mention: Mention) -> Initiative | None:
        """The district's initiative named alike, the same kind first, then the closest."""
        kind = self.kinds.get(mention.kind)
        best, best_rank = None, None
        for initiative in self.by_district.get(mention.district, ()):
            score = similarity(mention.name_ko, wordings(initiative))
            if score is None:
                continue
            rank = (kind is not None and initiative.kind_id == kind.pk, score)
            if best_rank is None or rank > best_rank:
                best, best_rank = initiative, rank
        return best

    def suggest(self, mention: Mention) -> Initiative:
        """A new initiative of the mention's district, waiting for a curator."""
        kind = self.kinds.get(mention.kind) or self.kinds.get(DEFAULT_KIND)
        category = getattr(kind, "category", "")
        name = mention.name_ko.strip()[:200]
        initiative = Initiative(
            name_ko=name,
            name_en="",
            kind=kind,
            category=category
            if category in Initiative.Category.values
            else Initiative.Category.ADMINISTRATION,
            stage=mention.stage
            if mention.stage in Initiative.Stage.values
            else Initiative.Stage.ANNOUNCED,
            origin=Initiative.Origin.DISCOVERED,
            review_state=ReviewState.SUGGESTED,
            known_names=[name],
            summary_ko=mention.evidence,
        )
        for attempt in range(3):
            initiative.slug = free_slug(mention, kind)
            try:
                # A savepoint: a city-wide slug taken meanwhile costs one more try,
                # not the article's whole transaction.
                with transaction.atomic():
                    initiative.save(force_insert=True)
                break
            except IntegrityError:
                if attempt == 2:
                    raise
        if mention.district != CITYWIDE:
            # The new row's one place, written directly: districts.add() would first
            # read which it has (no rule depends on a suggestion's districts, see
            # tracker/ingest/rules.py, so no m2m signal is wanted).
            Initiative.districts.through.objects.create(
                initiative=initiative, district=self.districts[mention.district]
            )
        # A second mention of it in this article finds it.
        self.add(initiative, [mention.district] if mention.district else [])
        return initiative


def wordings(initiative: Initiative) -> list[str]:
    """The names a mention is compared with: its name, wordings seen, plain terms."""
    terms = [
        t for t in initiative.match_terms if not (t.startswith("/") and t.endswith("/"))
    ]
    return [initiative.name_ko, *initiative.known_names, *terms]


def similarity(name: str, candidates: list[str]) -> float | None:
    """How close the best wording that names the same initiative is; None if none does."""
    scores = [
        names.dice(names.key(name), names.key(other))
        for other in candidates
        if other and names.same_initiative(name, other)
    ]
    return max(scores) if scores else None


def free_slug(mention: Mention, kind: InitiativeKind | None) -> str:
    """`<district>-<latin words of the name>`, or `<district>-<kind>`, numbered if taken."""
    place = mention.district or "seoul"
    latin = slugify(mention.name_ko)
    tail = latin if latin not in ("", "ai") else (kind.slug if kind else "initiative")
    base = f"{place}-{tail}"[:72].strip("-")
    # Slugs in use and those that redirect, in one query.
    taken = set(
        Initiative.objects.filter(slug__startswith=base)
        .order_by()
        .values_list("slug", flat=True)
        .union(
            InitiativeRedirect.objects.filter(old_slug__startswith=base)
            .order_by()
            .values_list("old_slug", flat=True)
        )
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


# --- Storing what the article says about it -------------------------------------------


def is_open(link: InitiativeLink) -> bool:
    return link.origin == Origin.AUTO and link.review_state == ReviewState.SUGGESTED


def save_link(
    article: Article,
    initiative: Initiative,
    group: list[Mention],
    link: InitiativeLink | None,
) -> InitiativeLink:
    link = fill_link(article, initiative, group, link)
    link.save()
    return link


def fill_link(
    article: Article,
    initiative: Initiative,
    group: list[Mention],
    link: InitiativeLink | None,
) -> InitiativeLink:
    """One tag per initiative per article, not saved yet: the surest mention gives the
    event; the catalogue tagger's tag on the same initiative, if any, is enriched,
    not doubled."""
    lead = max(group, key=lambda m: m.confidence)
    spans = [list(m.span) for m in group]
    partners = list(dict.fromkeys(p for m in group for p in clean_partners(m)))
    if link is None:
        link = InitiativeLink(article=article, initiative=initiative, confidence=0)
    else:
        spans = [*link.spans, *(s for s in spans if s not in link.spans)]
    link.confidence = clamp(max(link.confidence, lead.confidence))
    link.evidence = lead.evidence
    link.spans = spans
    link.evidence_span = list(lead.evidence_span)
    link.event = lead.stage if lead.stage in Initiative.Stage.values else ""
    link.event_date = lead.event_date
    link.event_date_precision = lead.date_precision if lead.event_date else ""
    link.name_as_reported = lead.name_ko[:200]
    link.partners = partners
    link.amount_won = next(
        (m.amount_won for m in group if m.amount_won is not None), None
    )
    return link


def remember(initiative: Initiative, group: list[Mention], day) -> None:
    if fields := remembered(initiative, group, day):
        initiative.save(update_fields=fields)


def remembered(initiative: Initiative, group: list[Mention], day) -> list[str]:
    """Wordings, dates seen and (for a suggestion no curator touched) the stage, set
    on `initiative`; returns the fields that changed (to save)."""
    fields = []
    known = list(dict.fromkeys([*initiative.known_names, *(m.name_ko for m in group)]))
    if known != initiative.known_names:
        initiative.known_names = known
        fields.append("known_names")
    first = min(filter(None, [initiative.first_seen, day]), default=None)
    last = max(filter(None, [initiative.last_seen, day]), default=None)
    if (first, last) != (initiative.first_seen, initiative.last_seen):
        initiative.first_seen, initiative.last_seen = first, last
        fields += ["first_seen", "last_seen"]
    # Curators move confirmed initiatives on by confirming events (curation.review);
    # a suggestion nobody looked at yet follows what the articles say.
    untouched = (
        initiative.review_state == ReviewState.SUGGESTED
        and initiative.reviewed_at is None
    )
    for mention in group:
        if untouched and moves_on(initiative.stage, mention.stage):
            initiative.stage = mention.stage
            fields.append("stage")
    return list(dict.fromkeys(fields))


def clean_partners(mention: Mention) -> list[str]:
    return [p.strip()[:120] for p in mention.partners if p and p.strip()]


def organisations(mentions) -> dict[str, Organisation]:
    """The mentions' partners as Organisation rows, created when new."""
    return Organisation.objects.named(p for m in mentions for p in clean_partners(m))


def clamp(confidence: float) -> float:
    return round(min(max(confidence, 0.0), 1.0), 3)
