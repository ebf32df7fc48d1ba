"""Score district links and relevance against hand labels (corpus/gold.json).

Pure functions: the caller runs extraction and linking and passes the results in.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from districts.gazetteer import PRIMARY, AliasRecord, LinkResult
from districts.seoul import GU, base_aliases

NAME_EN = {record.slug: record.name_en for record in GU}


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def score_links(
    gold: list[dict], predicted: dict[str, tuple[LinkResult, bool]]
) -> dict:
    """Micro-averaged precision, recall and F1 over (file, district) pairs.

    `predicted` maps a gold `file` to (link result, is-AI-policy verdict). A gold
    file with no prediction counts as predicting nothing and "not relevant".
    """
    counts = {"districts_primary": Counter(), "districts_all": Counter()}
    relevance = Counter()
    disagreements: list[dict] = []
    for item in gold:
        name = item["file"]
        result, relevant = predicted.get(name, (LinkResult([], "unknown"), False))
        gold_primary = set(item.get("primary_districts") or [])
        gold_all = gold_primary | set(item.get("other_districts_mentioned") or [])
        got_primary = {
            NAME_EN.get(m.slug, m.slug) for m in result.matches if m.role == PRIMARY
        }
        got_all = {NAME_EN.get(m.slug, m.slug) for m in result.matches}
        for kind, expected, got in (
            ("districts_primary", gold_primary, got_primary),
            ("districts_all", gold_all, got_all),
        ):
            counts[kind]["tp"] += len(expected & got)
            counts[kind]["fp"] += len(got - expected)
            counts[kind]["fn"] += len(expected - got)
            if expected != got:
                disagreements.append(
                    {
                        "file": name,
                        "kind": kind,
                        "expected": sorted(expected),
                        "got": sorted(got),
                    }
                )
        expected_relevant = bool(item.get("is_ai_policy"))
        relevance["tp"] += expected_relevant and relevant
        relevance["fp"] += relevant and not expected_relevant
        relevance["fn"] += expected_relevant and not relevant
        if expected_relevant != bool(relevant):
            disagreements.append(
                {
                    "file": name,
                    "kind": "relevance",
                    "expected": expected_relevant,
                    "got": bool(relevant),
                }
            )
    report = {kind: _prf(c["tp"], c["fp"], c["fn"]) for kind, c in counts.items()}
    report["relevance"] = _prf(relevance["tp"], relevance["fp"], relevance["fn"])
    report["disagreements"] = disagreements
    return report


def gazetteer_records(path: str | Path) -> list[AliasRecord]:
    """Alias records as the database holds them after `import_gazetteer`.

    The repo's names and landmarks, plus every administrative dong (in the KOSTAT
    form news uses, 독산1동) and legal dong in the gazetteer file, as
    districts/importer.py stores them: a name found in more than one district is not
    safe alone. Kept free of Django so evaluations run without a database.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    by_code = {record.code: record for record in GU}
    records = [
        AliasRecord(record.slug, text, kind, safe)
        for record in GU
        for text, kind, safe in base_aliases(record)
    ]
    dongs: list[tuple[str, str, str]] = []
    for district in data:
        slug = by_code[district["code"]].slug
        for dong in district.get("admin_dongs", []):
            dongs.append((slug, dong["name_ko"], "dong"))
        for dong in district.get("legal_dongs", []):
            dongs.append((slug, dong["name_ko"], "legal_dong"))
    districts_of: dict[str, set[str]] = {}
    for slug, text, _ in dongs:
        districts_of.setdefault(text, set()).add(slug)
    for slug, text, kind in dict.fromkeys(dongs):
        records.append(AliasRecord(slug, text, kind, len(districts_of[text]) == 1))
    return records
