"""Compare extracted fields with hand labels (corpus/gold.json and the held-out set).

Pure: takes the labels and our results, returns shares, counts and the cases
where we disagree, so a benchmark or a management command can print them.
"""

from __future__ import annotations

import re

from tracker.reading.extract import SEOUL, Extracted

FIELDS = ("title", "published", "publisher", "author")


def dated_on_page(item: dict) -> bool:
    """Whether the label says the date is in the file (not only in its URL)."""
    return item.get("published_source", "text") == "text"


def _collapse(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _got(field: str, item: Extracted | None) -> str:
    """Our value as text; an extraction failure counts as an empty value."""
    if item is None:
        return ""
    if field == "title":
        return _collapse(item.title)
    if field == "published":
        if item.published_at is None:
            return ""
        when = item.published_at
        if when.tzinfo is not None:
            when = when.astimezone(SEOUL)
        return when.date().isoformat()
    if field == "publisher":
        return (item.publisher or "").strip()
    return (item.author or "").strip()


def _publisher_names(label: str) -> set[str]:
    # Labels read "전자신문 (etnews)": either name counts.
    label = label.strip()
    m = re.match(r"^(?P<ko>.*?)\s*\((?P<en>[^()]*)\)\s*$", label)
    names = {m.group("ko"), m.group("en")} if m else {label}
    return {n.strip().casefold() for n in names if n.strip()}


def _right(field: str, expected, got: str) -> bool:
    if field == "title":
        return _collapse(expected) == got
    if field == "published":
        return (expected or "") == got
    if field == "publisher":
        if not expected:
            return got == ""
        return got.casefold() in _publisher_names(expected)
    return (expected or "").strip() == got


def score_fields(gold: list[dict], extracted: dict[str, Extracted | None]) -> dict:
    """Score title, published date, publisher and author against gold labels.

    ``extracted`` maps a gold item's "file" to its Extracted (None when
    extraction failed). A file without a key for a field is not counted for it,
    nor is the date of a file whose label took it from the URL
    (`published_source` other than "text").
    Returns {"fields": {field: share}, "counts": {field: (right, labelled)},
    "disagreements": [{"file", "field", "expected", "got"}]}.
    """
    right = dict.fromkeys(FIELDS, 0)
    labelled = dict.fromkeys(FIELDS, 0)
    disagreements = []
    for item in gold:
        name = item.get("file", "")
        result = extracted.get(name)
        for field in FIELDS:
            if field not in item:
                continue
            if field == "published" and not dated_on_page(item):
                continue
            labelled[field] += 1
            got = _got(field, result)
            if _right(field, item[field], got):
                right[field] += 1
            else:
                disagreements.append(
                    {"file": name, "field": field, "expected": item[field], "got": got}
                )
    return {
        "fields": {
            f: (right[f] / labelled[f] if labelled[f] else None) for f in FIELDS
        },
        "counts": {f: (right[f], labelled[f]) for f in FIELDS},
        "disagreements": disagreements,
    }
