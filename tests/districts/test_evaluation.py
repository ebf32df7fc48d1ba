"""Scoring district links and relevance against hand labels, on made-up data."""

import json

import pytest

from districts.evaluation import gazetteer_records, score_links
from districts.gazetteer import DistrictMatch, LinkResult


def link(*pairs: tuple[str, str]) -> LinkResult:
    matches = [DistrictMatch(slug, role, 1, 0.9, "", []) for slug, role in pairs]
    return LinkResult(matches=matches, scope="district" if matches else "unknown")


GOLD = [
    {
        "file": "a.txt",
        "primary_districts": ["Geumcheon-gu"],
        "other_districts_mentioned": ["Guro-gu"],
        "is_ai_policy": True,
    },
    {
        "file": "b.txt",
        "primary_districts": ["Gangdong-gu", "Yangcheon-gu"],
        "other_districts_mentioned": [],
        "is_ai_policy": True,
    },
    {
        "file": "c.txt",
        "primary_districts": [],
        "other_districts_mentioned": [],
        "is_ai_policy": False,
    },
]


def test_perfect_predictions_score_one():
    predicted = {
        "a.txt": (link(("geumcheon", "primary"), ("guro", "mentioned")), True),
        "b.txt": (link(("gangdong", "primary"), ("yangcheon", "primary")), True),
        "c.txt": (link(), False),
    }
    report = score_links(GOLD, predicted)
    for kind in ("districts_primary", "districts_all", "relevance"):
        assert report[kind]["f1"] == 1.0
    assert report["disagreements"] == []


def test_micro_averages_over_file_district_pairs():
    predicted = {
        # Guro called primary: a false positive for primary, right for "all".
        "a.txt": (link(("geumcheon", "primary"), ("guro", "primary")), True),
        # Yangcheon missed.
        "b.txt": (link(("gangdong", "primary")), True),
        # A district from an organisation name, and a wrong relevance verdict.
        "c.txt": (link(("gangnam", "mentioned")), True),
    }
    report = score_links(GOLD, predicted)

    primary = report["districts_primary"]
    assert (primary["tp"], primary["fp"], primary["fn"]) == (2, 1, 1)
    assert primary["precision"] == primary["recall"] == pytest.approx(2 / 3, abs=1e-4)
    everything = report["districts_all"]
    assert (everything["tp"], everything["fp"], everything["fn"]) == (3, 1, 1)
    relevance = report["relevance"]
    assert (relevance["precision"], relevance["recall"]) == (
        pytest.approx(2 / 3, abs=1e-4),
        1.0,
    )
    assert relevance["f1"] == pytest.approx(0.8)

    assert {
        "file": "b.txt",
        "kind": "districts_primary",
        "expected": ["Gangdong-gu", "Yangcheon-gu"],
        "got": ["Gangdong-gu"],
    } in report["disagreements"]
    assert {
        "file": "c.txt",
        "kind": "relevance",
        "expected": False,
        "got": True,
    } in report["disagreements"]


def test_a_file_without_a_prediction_counts_as_finding_nothing():
    report = score_links(GOLD[:1], {})
    assert report["districts_primary"]["recall"] == 0.0
    assert report["relevance"]["fn"] == 1


def test_records_from_a_gazetteer_file_mark_shared_dongs_unsafe(tmp_path):
    path = tmp_path / "gu.json"
    path.write_text(
        json.dumps(
            [
                {
                    "code": "11680",
                    "admin_dongs": [{"name_ko": "신사동", "name_official": "신사동"}],
                    "legal_dongs": [{"name_ko": "역삼동"}],
                },
                {
                    "code": "11620",
                    "admin_dongs": [{"name_ko": "신사동", "name_official": "신사동"}],
                    "legal_dongs": [],
                },
            ]
        ),
        encoding="utf-8",
    )
    records = gazetteer_records(path)
    dongs = {
        (r.slug, r.text, r.kind, r.is_safe_alone)
        for r in records
        if r.kind.endswith("dong")
    }
    assert dongs == {
        ("gangnam", "신사동", "dong", False),
        ("gwanak", "신사동", "dong", False),
        ("gangnam", "역삼동", "legal_dong", True),
    }
    assert any(r.text == "금천구" and r.kind == "name" for r in records)
