import io
import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

GEUMCHEON = (
    "금천구, G밸리에 AI 실증 센터 연다\n"
    "입력 2025.03.04 09:00\n"
    "[서울=가람뉴스] 김하늘 기자 = 서울 금천구는 가산디지털단지에 인공지능(AI) 실증 센터를 연다고 4일 밝혔다.\n"
    "구는 중소기업의 AI 서비스 시험을 돕는다.\n"
)
FESTIVAL = (
    "강북구, 가을 음악회 열어\n"
    "서울 강북구는 우이동 공원에서 가을 음악회를 열었다고 밝혔다.\n"
    "주민 2천여 명이 함께했다.\n"
)


@pytest.fixture
def corpus(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text(GEUMCHEON, encoding="utf-8")
    (tmp_path / "articles" / "b.txt").write_text(FESTIVAL, encoding="utf-8")
    gold = [
        {
            "file": "articles/a.txt",
            "title": "금천구, G밸리에 AI 실증 센터 연다",
            "published": "2025-03-04",
            "publisher": "가람뉴스",
            "author": "김하늘",
            "primary_districts": ["Geumcheon-gu"],
            "other_districts_mentioned": [],
            "is_ai_policy": True,
        },
        {
            "file": "articles/b.txt",
            "title": "강북구, 가을 음악회 열어",
            "published": "2025-10-01",
            "primary_districts": ["Gangbuk-gu"],
            "other_districts_mentioned": ["Dobong-gu"],
            "is_ai_policy": False,
        },
    ]
    (tmp_path / "gold.json").write_text(
        json.dumps(gold, ensure_ascii=False), encoding="utf-8"
    )
    return tmp_path


def test_evaluate_corpus_prints_field_accuracy_and_link_scores_as_json(corpus):
    out = io.StringIO()
    call_command("evaluate_corpus", str(corpus), "--json", stdout=out)
    report = json.loads(out.getvalue())

    assert report["fields"] == {
        "title": 1.0,
        "published": 0.5,
        "publisher": 1.0,
        "author": 1.0,
    }
    assert report["districts_primary"]["f1"] == 1.0
    assert report["districts_all"]["recall"] == pytest.approx(
        2 / 3, abs=1e-3
    )  # Dobong is not in the text
    assert report["relevance"]["precision"] == 1.0
    assert {
        "file": "articles/b.txt",
        "field": "published",
        "expected": "2025-10-01",
        "got": "",
    } in report["disagreements"]


def test_evaluate_corpus_prints_a_table_by_default(corpus):
    out = io.StringIO()
    call_command("evaluate_corpus", str(corpus), stdout=out)
    assert "districts_primary" in out.getvalue() and "published" in out.getvalue()


def test_evaluate_corpus_explains_a_missing_gold_file(tmp_path):
    with pytest.raises(CommandError, match="No gold.json"):
        call_command("evaluate_corpus", str(tmp_path))


def test_compare_prints_ours_beside_trafilatura_with_body_bounds(corpus):
    out = io.StringIO()
    call_command(
        "evaluate_corpus", str(corpus), "--compare", "trafilatura", "--json", stdout=out
    )
    card = json.loads(out.getvalue())["readers"]["all files"]
    assert card["ours"]["counts"]["body_start"] == [2, 2]
    assert card["ours"]["counts"]["body_end"] == [2, 2]
    assert set(card["rival"]["fields"]) == {
        "title",
        "published",
        "publisher",
        "author",
        "body_start",
        "body_end",
    }

    out = io.StringIO()
    call_command("evaluate_corpus", str(corpus), "--compare", "trafilatura", stdout=out)
    table = out.getvalue()
    assert "trafilatura" in table and "body_start" in table
    assert "published_source: text" in table


def test_dates_are_scored_only_where_the_label_says_the_date_is_on_the_page(corpus):
    gold = json.loads((corpus / "gold.json").read_text(encoding="utf-8"))
    gold[1]["published_source"] = "url"
    (corpus / "gold.json").write_text(json.dumps(gold, ensure_ascii=False), "utf-8")
    out = io.StringIO()
    call_command("evaluate_corpus", str(corpus), "--json", stdout=out)
    assert json.loads(out.getvalue())["fields"]["published"] == 1.0


def test_layouts_print_a_table_per_layout_with_no_links_from_chrome(corpus):
    out = io.StringIO()
    call_command("evaluate_corpus", str(corpus), "--layouts", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert list(report) == ["plain", "portal", "dump", "full", "euckr", "amp", "nextjs"]
    for layout, cards in report.items():
        card = cards["all files"]
        assert card["files"] == 2, layout
        assert card["ours"]["fields"]["title"] == 1.0, layout
        assert card["ours"]["fields"]["body_start"] == 1.0, layout
        assert card["districts_primary"]["f1"] == 1.0, layout
        assert card["chrome_links"] == [], layout


def test_an_unknown_layout_is_refused(corpus):
    with pytest.raises(CommandError, match="Unknown layouts: poster"):
        call_command("evaluate_corpus", str(corpus), "--layouts", "poster")
