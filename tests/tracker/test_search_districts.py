"""A search within districts: each article's standing districts are tokens of its
search pieces (tracker/search.py), kept by triggers on PostgreSQL (migration 0020)."""

from importlib import import_module
from itertools import count

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from districts.models import District
from tests.factories import ArticleFactory, StaffFactory
from tests.tracker.migrating import latest, migrate
from tracker import curation, search
from tracker.filters import ArticleFilter
from tracker.ingest import service
from tracker.models import Article, DistrictLink, IngestRun, ReviewState

Role = DistrictLink.Role
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the tokens are kept by PostgreSQL's triggers; SQLite's search reads links",
)
SHUTTLE = "마포구, 자율주행 셔틀 시범 운행"
SHUTTLE_BODY = "구는 인공지능(AI) 자율주행 셔틀을 상암동에서 시범 운행한다고 밝혔다."


def test_tokens_name_every_standing_district_and_the_primary_ones_again():
    assert search.district_tokens([(14, "primary"), (3, "mentioned")]) == (
        "zgu14 zgu3 zgup14 "
    )
    assert search.district_tokens([]) == ""
    fields = search.fields("구청장 간담회", "", [(7, "mentioned")])
    assert fields["search_grams"] == "zgu7 " + search.grams("구청장 간담회")
    assert search.in_districts([7, 12]) == "(zgu7 | zgu12)"
    assert search.in_districts([7], primary_only=True) == "(zgup7)"


def test_no_query_word_reaches_the_district_tokens():
    # Latin words are looked up among the bigrams, never among the pieces.
    pieces, bigrams = search.lookups("zgu7 zgup7 셔틀")
    assert pieces == ""
    assert bigrams == "zgu7 & zgup7 & 셔틀"


def district(slug: str) -> District:
    return District.objects.get(slug=slug)


STORIES = count(1)


def story(*links, title=SHUTTLE, body=SHUTTLE_BODY, rejected=()) -> Article:
    body = f"{body} 보도자료 {next(STORIES)}호."  # each story its own text
    article = ArticleFactory(title=title, body=body, **search.fields(title, body))
    for slug, role in links:
        DistrictLink.objects.create(
            article=article,
            district=district(slug),
            role=role,
            confidence=0.9,
            review_state=ReviewState.REJECTED if slug in rejected else "suggested",
        )
    return article


def found(query: str) -> set[int]:
    filterset = ArticleFilter(
        QueryDict(query), queryset=Article.objects.listable().relevant()
    )
    return {article.pk for article in filterset.qs}


@pytest.mark.django_db
def test_a_search_in_districts_finds_what_the_links_say():
    mapo = story(("mapo", Role.PRIMARY))
    mentioned = story(("gangseo", Role.PRIMARY), ("mapo", Role.MENTIONED))
    gangseo = story(("gangseo", Role.PRIMARY))
    rejected = story(("mapo", Role.PRIMARY), rejected={"mapo"})
    story(
        ("mapo", Role.PRIMARY), title="마포구 청년 창업 지원", body="창업 상담을 연다."
    )

    assert found("q=셔틀&district=mapo") == {mapo.pk, mentioned.pk}
    assert found("q=셔틀&district=mapo&role=primary") == {mapo.pk}
    assert found("q=셔틀&district=mapo&district=gangseo") == {
        mapo.pk,
        mentioned.pk,
        gangseo.pk,
    }
    assert found("q=셔틀") == {mapo.pk, mentioned.pk, gangseo.pk, rejected.pk}
    # Words found among the pieces (three syllables or more) and the districts at once.
    assert found("q=자율주행&district=gangseo&role=primary") == {
        mentioned.pk,
        gangseo.pk,
    }
    assert found("q=!!!&district=mapo") == set()


@pytest.mark.django_db
@postgresql_only
def test_postgresql_finds_a_search_in_a_district_from_the_search_index_alone():
    story(("mapo", Role.PRIMARY))
    filterset = ArticleFilter(
        QueryDict("q=셔틀&district=mapo"), queryset=Article.objects.listable()
    )

    sql = str(filterset.qs.query)

    assert "tracker_districtlink" not in sql
    assert f"zgu{district('mapo').pk}" in sql


def tokens_of(article: Article) -> str:
    article.refresh_from_db(fields=["search_grams"])
    return article.search_grams.removesuffix(search.grams(article.title, article.body))


@pytest.mark.django_db
@postgresql_only
def test_the_tokens_follow_the_links_as_curators_change_them():
    mapo, gangseo = district("mapo").pk, district("gangseo").pk
    article = story(("mapo", Role.PRIMARY))
    assert tokens_of(article) == f"zgu{mapo} zgup{mapo} "

    link = DistrictLink.objects.create(
        article=article, district_id=gangseo, role=Role.MENTIONED, confidence=0.5
    )
    assert tokens_of(article) == search.district_tokens(
        [(mapo, "primary"), (gangseo, "mentioned")]
    )

    link.role = Role.PRIMARY
    link.save()
    assert tokens_of(article) == search.district_tokens(
        [(mapo, "primary"), (gangseo, "primary")]
    )

    article.district_links.filter(district_id=mapo).update(
        review_state=ReviewState.REJECTED
    )
    assert tokens_of(article) == f"zgu{gangseo} zgup{gangseo} "

    link.delete()
    assert tokens_of(article) == ""


@pytest.mark.django_db
@postgresql_only
def test_a_save_of_pieces_written_without_tokens_keeps_the_links_tokens():
    article = story(("mapo", Role.PRIMARY))
    stale = Article.objects.get(pk=article.pk)
    mapo = district("mapo").pk
    DistrictLink.objects.filter(article=article).update(role=Role.MENTIONED)

    # A model loaded before the change, its pieces rewritten as an admin edit does.
    stale.body = SHUTTLE_BODY + " 운행은 6월까지다."
    stale.search_grams = search.fields(stale.title, stale.body)["search_grams"]
    stale.save()

    assert tokens_of(stale) == f"zgu{mapo} "
    assert found("q=운행은&district=mapo") == {article.pk}


def statements(action) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        action()
    return [q["sql"] for q in captured.captured_queries]


@pytest.mark.django_db
@postgresql_only  # SQLite takes no row locks
def test_a_curator_changing_an_articles_districts_locks_the_article_first():
    # Retagging locks the article, then its links; a rejection whose trigger locked
    # the article after the link deadlocked with it.
    article = story(("mapo", Role.PRIMARY), ("gangseo", Role.MENTIONED))
    mapo, gangseo = article.district_links.order_by("role")
    curator = StaffFactory()

    rejecting = statements(lambda: curation.review(mapo, ReviewState.REJECTED, curator))
    confirming = statements(
        lambda: curation.review(gangseo, ReviewState.CONFIRMED, curator)
    )

    locks = [i for i, sql in enumerate(rejecting) if "FOR UPDATE" in sql]
    link_update = next(
        i
        for i, sql in enumerate(rejecting)
        if sql.startswith('UPDATE "tracker_districtlink"')
    )
    assert locks and locks[0] < link_update
    assert '"tracker_article"' in rejecting[locks[0]]
    assert not any("FOR UPDATE" in sql for sql in confirming)  # its districts stay


def ctid(article: Article) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ctid::text FROM tracker_article WHERE id = %s", [article.pk]
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db
@postgresql_only
def test_links_an_article_was_stored_with_rewrite_nothing():
    mapo = district("mapo").pk
    links = [(mapo, "primary")]
    article = ArticleFactory(
        title=SHUTTLE, body=SHUTTLE_BODY, **search.fields(SHUTTLE, SHUTTLE_BODY, links)
    )
    before = ctid(article)

    DistrictLink.objects.create(
        article=article, district_id=mapo, role=Role.PRIMARY, confidence=0.9
    )

    assert ctid(article) == before  # an update would have made a new row version
    assert tokens_of(article) == f"zgu{mapo} zgup{mapo} "


@pytest.mark.django_db
def test_an_ingested_article_is_stored_with_its_districts_tokens_on_postgresql():
    text = f"{SHUTTLE}\n입력 2026.04.02 10:00\n서울 마포구는 {SHUTTLE_BODY}\n"
    run = service.start_run(IngestRun.Origin.COMMAND, "test")
    service.process_item(service.add_file(run, "셔틀.txt", text.encode()).pk)

    article = Article.objects.get()
    expected = [(link.district_id, link.role) for link in article.district_links.all()]
    assert [
        slug for (slug,) in article.district_links.values_list("district__slug")
    ] == ["mapo"]
    tokens = (
        search.district_tokens(expected) if connection.vendor == "postgresql" else ""
    )
    assert tokens_of(article) == tokens
    assert found("q=셔틀&district=mapo&relevance=all") == {article.pk}


@pytest.mark.django_db(transaction=True)  # the migration's batches commit
@postgresql_only
def test_the_migration_gives_stored_articles_their_tokens_and_takes_them_back():
    if not District.objects.exists():  # an earlier transactional test's flush took them
        import_module("districts.migrations.0002_load_districts").load(
            django_apps, None
        )
    migrate([("tracker", "0019_search_grams")])
    try:
        article = story(("mapo", Role.PRIMARY))  # no triggers yet: no tokens
        assert tokens_of(article) == ""
        migrate([("tracker", "0020_search_districts")])
        mapo = district("mapo").pk
        assert tokens_of(article) == f"zgu{mapo} zgup{mapo} "

        migrate([("tracker", "0019_search_grams")])
        assert tokens_of(article) == ""
        DistrictLink.objects.filter(article=article).delete()  # no trigger left
        article.refresh_from_db()
        assert article.search_grams == search.grams(article.title, article.body)
    finally:
        migrate(latest())
