"""The article export byte for byte, now that the database gathers each article's
names and evidence: order of districts and initiatives, formula-safe and quoted
cells, Korean and English names, undated articles, the list's filters and order
(the same when the date index is walked), and a stream a client may leave halfway."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.utils import translation

from districts.models import District
from tests.factories import ArticleFactory, InitiativeFactory
from tracker import export_query, exports, plans
from tracker.models import Article, DistrictLink, InitiativeLink, ReviewState
from tracker.models.articles import OLDEST_FIRST

pytestmark = pytest.mark.django_db

KOREAN_HEADER = (
    "번호,제목,발행,날짜 출처,언론사,기자,URL,이 사이트의 주소,주요 자치구,"
    "언급된 자치구,정책,근거,관련성,검토 상태\r\n"
)


def export(queryset, site: str = "") -> bytes:
    response = exports.csv_response(
        "a.csv", exports.ARTICLE_HEADER, exports.article_rows(queryset, site)
    )
    return b"".join(response.streaming_content)


def link(article, slug: str, role: str, confidence: float, evidence: str = "", **kw):
    return DistrictLink.objects.create(
        article=article,
        district=District.objects.get(slug=slug),
        role=role,
        confidence=confidence,
        evidence=evidence,
        **kw,
    )


def tag(article, initiative, confidence: float, evidence: str = "", **kw):
    return InitiativeLink.objects.create(
        article=article,
        initiative=initiative,
        confidence=confidence,
        evidence=evidence,
        **kw,
    )


def test_two_districts_a_formula_title_and_korean_text_export_these_bytes():
    article = ArticleFactory(
        title='=SUM(A1), "금천" AI 실험실',
        published_at=datetime(2025, 3, 2, 16, 30, tzinfo=UTC),  # 3 March in Seoul
        date_source=Article.DateSource.BYLINE,
        publisher="@가람뉴스",
        author="-한별 기자",
        url="https://news.example/1",
        relevance=1.0,
        status=Article.Status.APPROVED,
    )
    link(article, "geumcheon", "primary", 0.9, '금천구는 가산동에, "실험실"을 열었다.')
    link(article, "gangseo", "mentioned", 0.5, "강서구도 참여한다.")
    link(article, "mapo", "mentioned", 0.7)  # named, but no evidence to quote
    link(article, "yangcheon", "mentioned", 0.8, "빠졌다.", review_state="rejected")
    lab = InitiativeFactory(name_ko="G밸리 AI 실험실", name_en="G-Valley AI lab")
    tag(article, lab, 0.8, "G밸리 AI 실험실이 문을 열었다.")

    with translation.override("ko"):
        data = export(Article.objects.all(), "https://t.example/")

    assert data == (
        exports.BOM
        + KOREAN_HEADER.encode()
        + (
            f'{article.pk},"\'=SUM(A1), ""금천"" AI 실험실",2025-03-03,바이라인,'
            f"'@가람뉴스,'-한별 기자,https://news.example/1,"
            f"https://t.example/articles/{article.pk}/,금천구,마포구; 강서구,"
            'G밸리 AI 실험실,"금천구: 금천구는 가산동에, ""실험실""을 열었다. | '
            '강서구: 강서구도 참여한다. | G밸리 AI 실험실: G밸리 AI 실험실이 문을 열었다.",'
            "1.0,승인\r\n"
        ).encode()
    )


def test_in_english_names_fall_back_to_korean_and_initiatives_go_by_confidence():
    article = ArticleFactory(
        title="Gangseo opens an AI library",
        published_at=None,
        date_source="",
        publisher="",
        url="",
        relevance=0.0,
    )
    link(article, "gangseo", "primary", 0.9)
    unnamed = InitiativeFactory(name_ko="마곡 AI 도서관", name_en="")
    named = InitiativeFactory(name_ko="강서 AI 돌봄", name_en="Gangseo AI care")
    tag(article, unnamed, 0.6, "도서관을 열었다.")
    tag(article, named, 0.9)
    tag(article, InitiativeFactory(), 0.95, review_state=ReviewState.REJECTED)

    with translation.override("en"):
        lines = export(Article.objects.all()).decode("utf-8-sig").split("\r\n")

    assert lines[1] == (
        f"{article.pk},Gangseo opens an AI library,,,,,,/articles/{article.pk}/,"
        "Gangseo-gu,,Gangseo AI care; 마곡 AI 도서관,"
        "마곡 AI 도서관: 도서관을 열었다.,0.0,pending review"
    )
    assert lines[2:] == [""]


def test_the_export_takes_the_lists_filters_and_order(client):
    old, new, elsewhere = (
        ArticleFactory(title=title, published_at=datetime(2025, month, 1, tzinfo=UTC))
        for title, month in (("옛 기사", 1), ("새 기사", 5), ("마포 기사", 3))
    )
    link(old, "gangseo", "primary", 0.9)
    link(new, "gangseo", "mentioned", 0.6)
    link(elsewhere, "mapo", "primary", 0.9)

    response = client.get("/articles/export.csv", {"district": "gangseo"})
    oldest = client.get(
        "/articles/export.csv", {"district": "gangseo", "sort": "oldest"}
    )

    def titles(response) -> list[str]:
        lines = b"".join(response.streaming_content).decode("utf-8-sig").split("\r\n")
        return [line.split(",")[1] for line in lines[1:-1]]

    assert titles(response) == ["새 기사", "옛 기사"]
    assert titles(oldest) == ["옛 기사", "새 기사"]


def test_lists_in_date_order_without_a_search_may_walk_the_date_index():
    listed = Article.objects.listable()

    assert export_query.in_date_order(listed)
    assert export_query.in_date_order(listed.order_by(*OLDEST_FIRST))
    # Ascending with NULLs last (PostgreSQL's default) is not the index read
    # backwards, which gives undated articles first.
    assert not export_query.in_date_order(listed.order_by("published_at", "pk"))
    assert not export_query.in_date_order(listed.order_by("-relevance"))
    assert not export_query.in_date_order(listed.search("강서구"))
    # Too few articles to be worth the walk (and a cut list is judged whole).
    assert export_query.settings_for(listed[:2]) == export_query.NO_JIT


def test_walking_the_date_index_exports_the_same_rows_in_the_same_order(monkeypatch):
    for day, district in ((1, "gangseo"), (9, "mapo"), (5, "gangseo"), (5, "mapo")):
        article = ArticleFactory(published_at=datetime(2025, 3, day, tzinfo=UTC))
        link(article, district, "primary", 0.9, f"{day}일 기사")
    link(ArticleFactory(published_at=None), "mapo", "primary", 0.9, "날짜 없는 기사")
    newest = Article.objects.listable().relevant()
    oldest = newest.order_by(*OLDEST_FIRST)
    sorted_exports = [export(newest), export(oldest), export(oldest[:3])]

    monkeypatch.setattr(plans, "matches_most", lambda queryset: True)
    assert export_query.settings_for(newest) == plans.DATES

    assert [export(newest), export(oldest), export(oldest[:3])] == sorted_exports
    rows = csv.reader(io.StringIO(sorted_exports[0].decode("utf-8-sig")))
    assert [row[2] for row in list(rows)[1:]] == [
        "2025-03-09",
        "2025-03-05",
        "2025-03-05",
        "2025-03-01",
        "",
    ]


@pytest.mark.django_db(transaction=True)  # autocommit, as when a response streams
def test_a_client_that_goes_away_ends_the_query_and_its_transaction():
    ArticleFactory.create_batch(3)
    rows = exports.article_rows(Article.objects.all())

    next(rows)
    rows.close()

    assert not connection.in_atomic_block
    assert Article.objects.count() == 3  # the connection answers again
