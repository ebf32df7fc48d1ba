"""One report for a set of pages: our fields, a rival's, body bounds and district links.

The caller reads the pages (plain corpus files or generated layouts) and runs
the readers; this module only compares what came out with the labels, so the
management command and the benchmark print the same figures. Dates are scored
only on files whose label says the date is on the page (`published_source:
text`): a date taken from the URL is not the extractor's to find.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from districts.evaluation import NAME_EN, score_links
from tracker.reading.bounds import Bounds, score_bounds
from tracker.reading.evaluation import dated_on_page, score_fields
from tracker.reading.extract import Extracted

FIELDS = ("title", "published", "publisher", "author", "body_start", "body_end")


@dataclass
class Doc:
    name: str
    raw: bytes
    file_name: str
    gold: dict
    bounds: Bounds | None = None
    content_type: str = ""
    url: str = ""
    # Districts (English names) that only the page's chrome names: menus,
    # related headlines, footers. Any link to them came from boilerplate.
    chrome: frozenset[str] = field(default_factory=frozenset)


def reader_scores(docs: list[Doc], extracted: dict[str, Extracted | None]) -> dict:
    """Field shares and counts for one reader (ours or a rival)."""
    gold = [{**d.gold, "file": d.name} for d in docs]
    fields = score_fields(gold, extracted)
    bounds = score_bounds(
        {d.name: d.bounds for d in docs},
        {n: (e.paragraphs if e else None) for n, e in extracted.items()},
    )
    return {
        "fields": {**fields["fields"], **bounds["fields"]},
        "counts": {**fields["counts"], **bounds["counts"]},
        "disagreements": fields["disagreements"] + bounds["disagreements"],
    }


def link_scores(docs: list[Doc], analyses: dict) -> dict:
    """District and relevance scores, plus how many links came from chrome alone.

    ``analyses`` maps a doc's name to an object with ``links`` and
    ``is_relevant`` (pipeline.Analysis), or None when reading failed.
    """
    gold = [{**d.gold, "file": d.name} for d in docs]
    predicted = {n: (a.links, a.is_relevant) for n, a in analyses.items() if a}
    report = score_links(gold, predicted)
    from_chrome = []
    for doc in docs:
        analysis = analyses.get(doc.name)
        if analysis is None or not doc.chrome:
            continue
        expected = set(doc.gold.get("primary_districts") or []) | set(
            doc.gold.get("other_districts_mentioned") or []
        )
        got = {NAME_EN.get(m.slug, m.slug) for m in analysis.links.matches}
        for name in sorted((got - expected) & doc.chrome):
            from_chrome.append({"file": doc.name, "district": name})
    report["chrome_links"] = from_chrome
    return report


def scorecard(
    docs: list[Doc],
    analyses: dict,
    rival: dict[str, Extracted | None] | None = None,
) -> dict:
    """Everything one table prints: ours, the rival's, links and chrome links."""
    ours = reader_scores(
        docs, {n: (a.extracted if a else None) for n, a in analyses.items()}
    )
    links = link_scores(docs, analyses)
    return {
        "files": len(docs),
        "dated_files": sum(1 for d in docs if dated_on_page(d.gold)),
        "ours": ours,
        "rival": reader_scores(docs, rival) if rival is not None else None,
        "districts_primary": links["districts_primary"],
        "districts_all": links["districts_all"],
        "relevance": links["relevance"],
        "chrome_links": links["chrome_links"],
        "disagreements": ours["disagreements"] + links["disagreements"],
    }


def is_held_out(name: str) -> bool:
    """Our hold-out rule: corpus files NN_… with NN % 5 == 3 are never tuned on."""
    stem = name.rsplit("/", 1)[-1]
    return stem[:2].isdigit() and stem[2:3] == "_" and int(stem[:2]) % 5 == 3
