"""What the CSV exports' rows hold (tracker/exports.py): an article's row with its
districts, initiatives and evidence, read back with Korean text; the header in the
active language even when streamed later; initiative, district and evidence rows with
only standing links; a number of queries that does not grow with the rows.

Cells and the streamed response are in test_export_cells.py; `content` and `parse` are
in tests/tracker/exporting.py.
"""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from districts.models import District
from tests.factories import ArticleFactory
from tests.tracker.exporting import content, parse
from tracker import exports, profiles
from tracker.models import (
    Article,
    DistrictLink,
    Initiative,
    InitiativeKind,
    InitiativeLink,
    Organisation,
    ReviewState,
    Tally,
)
from tracker.periods import period

pytestmark = pytest.mark.django_db


@pytest.fixture
def ai_centre(geumcheon) -> Initiative:
    initiative = Initiative.objects.create(
        slug="test-gvalley-ai-lab",
        name_ko="G밸리 AI 실험실",
        name_en="G-Valley AI lab",
        category=Initiative.Category.ECONOMY,
        kind=InitiativeKind.objects.get(slug="library-hub"),
        stage=Initiative.Stage.LAUNCHED,
        origin=Initiative.Origin.DISCOVERED,
        review_state=ReviewState.SUGGESTED,
        first_seen=date(2025, 3, 3),
        last_seen=date(2025, 6, 30),
    )
    initiative.districts.add(geumcheon)
    initiative.partners.add(
        Organisation.objects.create(name_ko="가산기업협회", name_en="Gasan firms"),
        Organisation.objects.create(name_ko="서울AI재단", name_en="Seoul AI fund"),
    )
    return initiative


def tagged_article(district, initiative, **kwargs) -> Article:
    article = ArticleFactory(**kwargs)
    DistrictLink.objects.create(
        article=article,
        district=district,
        role=DistrictLink.Role.PRIMARY,
        confidence=0.9,
        evidence="금천구는 가산동에 실험실을 열었다.",
    )
    InitiativeLink.objects.create(
        article=article,
        initiative=initiative,
        confidence=0.8,
        evidence="G밸리 AI 실험실이 문을 열었다.",
        event=Initiative.Stage.LAUNCHED,
    )
    return article


# --- articles ---


def test_article_rows_read_back_with_korean_text(geumcheon, ai_centre):
    article = tagged_article(
        geumcheon,
        ai_centre,
        title="금천구, G밸리에 AI 실험실 개소",
        published_at=datetime(2025, 3, 2, 16, 30, tzinfo=UTC),
        date_source=Article.DateSource.BYLINE,
        author="한별 기자",
        url="https://news.example/gvalley-ai-lab",
        relevance=0.75,
        status=Article.Status.APPROVED,
    )
    rows = exports.article_rows(Article.objects.all(), "https://tracker.example/")
    with translation.override("en"):
        response = exports.csv_response("articles.csv", exports.ARTICLE_HEADER, rows)

    assert parse(content(response)) == [
        [
            "ID",
            "Title",
            "Published",
            "Date source",
            "Publisher",
            "Author",
            "URL",
            "Address on this site",
            "Primary districts",
            "Mentioned districts",
            "Initiatives",
            "Evidence",
            "Relevance",
            "Review status",
        ],
        [
            str(article.pk),
            "금천구, G밸리에 AI 실험실 개소",
            "2025-03-03",
            "byline",
            "가람뉴스",
            "한별 기자",
            "https://news.example/gvalley-ai-lab",
            f"https://tracker.example/articles/{article.pk}/",
            "Geumcheon-gu",
            "",
            "G-Valley AI lab",
            "Geumcheon-gu: 금천구는 가산동에 실험실을 열었다. | "
            "G-Valley AI lab: G밸리 AI 실험실이 문을 열었다.",
            "0.75",
            "approved",
        ],
    ]


def test_a_formula_title_is_exported_as_text(geumcheon, ai_centre):
    tagged_article(geumcheon, ai_centre, title='=HYPERLINK("http://x","click")')

    data = content(
        exports.csv_response(
            "a.csv", exports.ARTICLE_HEADER, exports.article_rows(Article.objects.all())
        )
    )

    assert parse(data)[1][1] == '\'=HYPERLINK("http://x","click")'


def test_mentioned_districts_have_their_column_and_rejected_links_none(
    geumcheon, gangseo, ai_centre
):
    article = tagged_article(geumcheon, ai_centre)
    DistrictLink.objects.create(
        article=article,
        district=gangseo,
        role="mentioned",
        confidence=0.5,
        evidence="강서구도 함께 참여한다.",
    )
    DistrictLink.objects.create(
        article=article,
        district=District.objects.get(slug="mapo"),
        role="mentioned",
        confidence=0.4,
        evidence="마포구는 빠졌다.",
        review_state=ReviewState.REJECTED,
    )
    InitiativeLink.objects.filter(article=article).update(
        review_state=ReviewState.REJECTED
    )

    with translation.override("ko"):
        [row] = list(exports.article_rows(Article.objects.all()))

    assert row[7] == f"/articles/{article.pk}/"  # no site given: the path
    assert row[8:12] == [
        "금천구",
        "강서구",
        "",
        "금천구: 금천구는 가산동에 실험실을 열었다. | 강서구: 강서구도 함께 참여한다.",
    ]


def test_article_export_queries_do_not_grow_with_the_rows(
    geumcheon, ai_centre, django_assert_num_queries
):
    def export_count(n: int) -> int:
        Article.objects.all().delete()
        for _ in range(n):
            tagged_article(geumcheon, ai_centre)
        response = exports.csv_response(
            "a.csv", exports.ARTICLE_HEADER, exports.article_rows(Article.objects.all())
        )
        with CaptureQueriesContext(connection) as queries:
            assert len(parse(content(response))) == n + 1
        return len(queries)

    assert export_count(3) == export_count(30)
    # district and initiative names, the articles with their links gathered in SQL;
    # on PostgreSQL, the estimate that chooses the plan and the settings first
    with django_assert_num_queries(5 if connection.vendor == "postgresql" else 3):
        list(exports.article_rows(Article.objects.all()))


# --- header language ---


def test_the_header_follows_the_active_language_even_when_streamed_later():
    rows = [["11545", "금천구", "Geumcheon-gu", 1, 2]]
    with translation.override("en"):
        english = exports.csv_response("d.csv", exports.DISTRICT_HEADER, rows)
    with translation.override("ko"):
        korean = exports.csv_response("d.csv", exports.DISTRICT_HEADER, rows)

    assert parse(content(english))[0][:3] == [
        "MOIS code",
        "Korean name",
        "English name",
    ]
    assert parse(content(korean))[0][:3] == ["행안부 코드", "한국어 이름", "영어 이름"]


# --- initiatives, districts, evidence ---


def test_initiative_rows_list_kind_origin_state_districts_partners_and_standing_links(
    geumcheon, ai_centre
):
    tagged_article(geumcheon, ai_centre)
    tagged_article(geumcheon, ai_centre)
    InitiativeLink.objects.filter(article=tagged_article(geumcheon, ai_centre)).update(
        review_state=ReviewState.REJECTED
    )

    with translation.override("en"):
        [row] = list(
            exports.initiative_rows(Initiative.objects.filter(pk=ai_centre.pk))
        )

    assert row == [
        "test-gvalley-ai-lab",
        "G밸리 AI 실험실",
        "G-Valley AI lab",
        "Library, centre or hub",
        "economy and industry",
        "launched",
        "discovered in articles",
        "suggested",
        "Geumcheon-gu",
        "Gasan firms; Seoul AI fund",
        2,
        date(2025, 3, 3),
        date(2025, 6, 30),
        2,
    ]


def test_initiative_export_queries_do_not_grow_with_the_rows(
    django_assert_num_queries,
):
    assert Initiative.objects.count() > 3  # the seeded catalogue
    # whether kept counts need a recount; initiatives with kinds, districts, partners
    with django_assert_num_queries(4):
        list(exports.initiative_rows(Initiative.objects.all()))


def test_district_rows_count_visible_articles_with_a_standing_primary_link(
    geumcheon, gangseo, ai_centre
):
    tagged_article(geumcheon, ai_centre)
    original = tagged_article(geumcheon, ai_centre)
    tagged_article(geumcheon, ai_centre, duplicate_of=original)  # a copy
    tagged_article(geumcheon, ai_centre, is_relevant=False)
    DistrictLink.objects.filter(article=tagged_article(geumcheon, ai_centre)).update(
        review_state=ReviewState.REJECTED
    )
    initiatives = geumcheon.initiatives.count()

    with translation.override("en"):
        table = profiles.district_table(period("all"), sort="code")
        rows = list(exports.district_rows(table, "https://tracker.example"))

    geumcheon_row = next(row for row in rows if row[0] == "11545")
    assert geumcheon_row[:5] == ["11545", "금천구", "Geumcheon-gu", 2, initiatives]
    assert geumcheon_row[6:] == [
        "all time",
        "https://tracker.example/districts/geumcheon/",
    ]
    assert next(row for row in rows if row[0] == "11500")[3] == 0


def test_district_rows_take_a_constant_number_of_queries(django_assert_num_queries):
    Tally.objects.refresh()
    # whether kept counts need a recount; districts, article counts, initiative
    # counts, latest articles
    with django_assert_num_queries(5):
        rows = list(exports.district_rows(profiles.district_table(period("all"))))

    assert len(rows) == 25


def test_evidence_rows_list_every_link_of_an_article_together(geumcheon, ai_centre):
    first = tagged_article(geumcheon, ai_centre, title="첫 기사")
    second = tagged_article(geumcheon, ai_centre, title="둘째 기사")
    InitiativeLink.objects.filter(article=second).update(
        review_state=ReviewState.REJECTED
    )

    with translation.override("en"):
        rows = [
            [str(value) for value in row]
            for row in exports.evidence_rows(Article.objects.all(), "http://t.example/")
        ]

    one, two = (
        f"http://t.example/articles/{first.pk}/",
        f"http://t.example/articles/{second.pk}/",
    )
    assert rows == [
        [str(first.pk), "첫 기사", one, "district", "Geumcheon-gu", "primary", "0.9",
         "금천구는 가산동에 실험실을 열었다.", "suggested"],
        [str(first.pk), "첫 기사", one, "initiative", "G-Valley AI lab", "launched", "0.8",
         "G밸리 AI 실험실이 문을 열었다.", "suggested"],
        [str(second.pk), "둘째 기사", two, "district", "Geumcheon-gu", "primary", "0.9",
         "금천구는 가산동에 실험실을 열었다.", "suggested"],
        [str(second.pk), "둘째 기사", two, "initiative", "G-Valley AI lab", "launched",
         "0.8", "G밸리 AI 실험실이 문을 열었다.", "rejected"],
    ]  # fmt: skip
