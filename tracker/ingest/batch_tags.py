"""A batch's initiatives: catalogue tags and discoveries, for all its new articles
at once (batches.store), as understanding.save_understanding stores them for one."""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone

from tracker import resolution
from tracker.ingest import rules
from tracker.ingest.batch_doc import Doc
from tracker.ingest.bulk import update_each
from tracker.ingest.understanding import initiative_links
from tracker.models import Article, Initiative, InitiativeLink, Organisation


def tag(docs: list[Doc]) -> None:
    """Catalogue tags and discoveries, as understanding.save_understanding stores
    them for one new article: one object per initiative throughout, so that what one
    document changes on it the next one sees, then saved once."""
    mentions = [m for doc in docs for m in doc.analysis.tagging.mentions]
    book = None
    if mentions:
        book = resolution.Book.load(
            None, mentions, links=[], kinds=rules.current().kind_rows
        )
    slugs = {t.slug for doc in docs for t in doc.analysis.tagging.tags}
    known = book.by_slug if book else {}
    initiatives = {s: known[s] for s in slugs if s in known}
    initiatives |= Initiative.objects.in_bulk(
        slugs - set(initiatives), field_name="slug"
    )
    changed: dict[Initiative, set[str]] = defaultdict(set)
    for doc in docs:
        doc.tags = initiative_links(doc.article, doc.analysis.tagging, initiatives)
        if (day := seen_on(doc.article)) is not None:
            for initiative in {t.initiative for t in doc.tags}:
                changed[initiative] |= set(initiative.widen_seen(day))
    if book is not None:
        discover(docs, book, changed)
    InitiativeLink.objects.bulk_create(t for doc in docs for t in doc.tags)
    save_changed(changed)


def seen_on(article: Article):
    # Undated articles do not move first/last seen (Initiative.refresh_seen agrees).
    return timezone.localdate(article.published_at) if article.published_at else None


def discover(docs: list[Doc], book: resolution.Book, changed) -> None:
    """resolution.resolve_mentions for each document in turn, with one book for the
    batch: what one document suggests or adds to an initiative's wordings, the next
    finds. A new article's tags are all open: no wording is a curator's decision."""
    named = set()  # (initiative id, partner's name)
    for doc in docs:
        links = {link.initiative_id: link for link in doc.tags}
        chosen: dict[int, list] = defaultdict(list)
        for mention in doc.analysis.tagging.mentions:
            initiative = book.resolve(mention)
            if initiative is not None:
                chosen[initiative.pk].append(mention)
        day = seen_on(doc.article)
        for pk, group in chosen.items():
            initiative = book.by_pk[pk]
            link = resolution.fill_link(doc.article, initiative, group, links.get(pk))
            if pk not in links:
                doc.tags.append(link)
            changed[initiative] |= set(resolution.remembered(initiative, group, day))
            named |= {(pk, p) for m in group for p in resolution.clean_partners(m)}
    partners = Organisation.objects.named({name for _, name in named})
    Through = Initiative.partners.through
    Through.objects.bulk_create(
        [
            Through(initiative_id=pk, organisation_id=partners[name].pk)
            for pk, name in sorted(named)
        ],
        ignore_conflicts=True,
    )


def save_changed(changed: dict[Initiative, set[str]]) -> None:
    """What the batch changed on each initiative, an update per set of fields (no
    other field is written: another process may be changing it)."""
    by_fields = defaultdict(list)
    for initiative, fields in changed.items():
        if fields:
            by_fields[tuple(sorted(fields))].append(initiative)
    for fields, initiatives in by_fields.items():
        update_each(initiatives, list(fields))
