"""Score discovered initiatives against hand labels (the `initiatives` of gold.json).

The rule is the issue's: a label counts as found when a reported name of the same
file has character-bigram Dice >= 0.5 with the label's Korean name, or one contains
the other (4+ characters), comparing Hangul, Latin letters and digits only
(tracker/reading/names.py). The Korean name is what the last parentheses of each
label hold: "AI CCTV search (AI CCTV 고속검색시스템 구축)".

Pure: the caller runs the pipeline and passes in, per file, the names it reported.
"""

from __future__ import annotations

from tracker.reading.names import label_found

# Seoul AI-policy articles: their labels are what recall is measured on.
SEOUL_POLICY = ("positive", "seoul_city_level")
# Articles that must get no initiative at all.
MUST_BE_EMPTY = ("negative_seoul_non_ai", "org_name_only", "non_seoul")


def korean_name(label: str) -> str:
    """What the label's last top-level parentheses hold (nesting allowed: `(AI)`)."""
    text = label.rstrip()
    if not text.endswith(")"):
        return text
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        if text[i] == ")":
            depth += 1
        elif text[i] == "(":
            depth -= 1
            if depth == 0:
                return text[i + 1 : -1].strip()
    return text


def score_initiatives(gold: list[dict], reported: dict[str, list[str]]) -> dict:
    """Recall, coverage and false reports; `reported` maps a gold file to its names.

    A file missing from `reported` (extraction failed) reported nothing.
    """
    labels = found = 0
    policy_files = policy_with_any = 0
    on_empty: dict[str, int] = dict.fromkeys(MUST_BE_EMPTY, 0)
    misses = []
    for item in gold:
        names = reported.get(item["file"], [])
        category = item.get("category", "")
        if category in MUST_BE_EMPTY:
            on_empty[category] += len(names)
            if names:
                misses.append(
                    {"file": item["file"], "kind": "reported_on_" + category,
                     "got": names}
                )  # fmt: skip
            continue
        if category not in SEOUL_POLICY or not item.get("is_ai_policy"):
            continue
        policy_files += 1
        policy_with_any += bool(names)
        for label in item.get("initiatives", []):
            name = korean_name(label)
            labels += 1
            if any(label_found(name, got) for got in names):
                found += 1
            else:
                misses.append({"file": item["file"], "kind": "missed", "label": name})
    return {
        "recall": round(found / labels, 4) if labels else None,
        "found": found,
        "labels": labels,
        "policy_articles": policy_files,
        "policy_articles_with_initiative": policy_with_any,
        "share_with_initiative": (
            round(policy_with_any / policy_files, 4) if policy_files else None
        ),
        "reported_on_negative": on_empty["negative_seoul_non_ai"],
        "reported_on_org_name_only": on_empty["org_name_only"],
        "reported_on_non_seoul": on_empty["non_seoul"],
        "misses": misses,
    }
