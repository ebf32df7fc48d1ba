"""How fast the analysts' pages are over a large PostgreSQL database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        DJANGO_SETTINGS_MODULE=config.settings DEBUG=1 \\
        .venv/bin/python benchmarks/bench_pages.py --articles 200000

    # keep the database, then time again later without re-inserting:
    ... bench_pages.py --articles 200000 --keep
    ... bench_pages.py --reuse --keep

It never touches the database DATABASE_URL names: it creates a throwaway one next
to it (tracker_pages_bench: template0, UTF8, C.UTF-8), runs the migrations, COPYs
N synthetic articles into it (Korean titles and bodies from a few templates, spread
over five years, ~90% relevant, some copies, some outside Seoul, each with one or
two district links and ~40% with an initiative link), runs ANALYZE, starts as a
gunicorn worker does (a few pages asked to compile templates, then gc.freeze()), then
requests each page with Django's test client and prints, per URL: the median time with the
cache cleared before every run (cold) and without (warm), the number of SQL
queries, and the slowest query's time; EXPLAIN ANALYZE of the slow queries
follows the table. The database is dropped at the end unless --keep (one given with --reuse never is).
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import DatabaseError, connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from districts.models import District  # noqa: E402
from tracker import search  # noqa: E402
from tracker.models import (  # noqa: E402
    Article,
    DistrictLink,
    Initiative,
    InitiativeKind,
    InitiativeLink,
    RawDocument,
    Tally,
)
from tracker.warm import warm_process  # noqa: E402

DB_NAME = "tracker_pages_bench"
BATCH = 5000

# Written for this benchmark; {gu}, {topic}, {place} and {n} vary per article.
TOPICS = [
    "AI 돌봄 로봇",
    "스마트 교차로",
    "AI 산불 감시",
    "AI 도서관",
    "생성형 AI 행정",
    "AI혁신센터",
    "디지털 튜터",
    "AI 감염병 예측",
    "자율주행 셔틀",
    "AI 민원 상담",
]
TITLES = [
    "{gu}, {topic} 도입… {place} 중심으로 확대",
    "{gu}청, {topic} 서비스 {n}일부터 시작",
    "{gu}·기업 {n}곳, '{topic}' 업무협약 체결",
    "서울시, {gu}와 {topic} 시범사업 추진",
    "{gu}의회, {topic} 지원 조례안 통과",
    "{place}에 {topic} 거점 문 연다",
]
SENTENCES = [
    "서울 {gu}는 {place} 일대에 {topic} 사업을 추진한다고 {n}일 밝혔다.",
    "구는 올해 예산 {n}억원을 들여 {topic} 관련 시설과 인력을 늘릴 계획이다.",
    "{gu}청장은 지역 기업과 대학이 함께 {topic} 생태계를 키우겠다고 말했다.",
    "협약에는 대학, 공공기관, 기업 등 {n}개 기관이 참여했다.",
    "주민 설명회는 다음 달 {n}일 {place} 주민센터에서 열린다.",
    "구는 홀몸 어르신 {n}가구에 AI 돌봄 스피커를 보급할 예정이다.",
    "스마트 교차로와 CCTV 분석 시스템은 {place} 주변 {n}곳에 설치된다.",
    "생성형 인공지능 상담 창구는 평일 오전 9시부터 오후 6시까지 운영된다.",
    "구 관계자는 개인정보 보호 대책을 함께 마련하겠다고 설명했다.",
    "사업이 끝나면 효과를 분석해 다른 동으로 넓힐 방침이다.",
]
PLACES = {
    "gangseo": ["마곡", "마곡 연구개발단지", "발산역"],
    "geumcheon": ["G밸리", "가산디지털단지", "독산동"],
}
# Heavier districts, as in the real corpus: the two the catalogue covers most.
WEIGHTS = {"gangseo": 4, "geumcheon": 4, "gangnam": 2, "mapo": 2}
PUBLISHERS = ["가람뉴스", "서울신문고", "한빛일보", "구정소식", "누리통신", "새벽경제"]


def create_database() -> None:
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}"')
        # Hangul needs a UTF-8 ctype; template0 lets us choose it.
        cursor.execute(
            f"CREATE DATABASE \"{DB_NAME}\" TEMPLATE template0 ENCODING 'UTF8' "
            "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
        )


def drop_database() -> None:
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}"')


def use_database() -> None:
    connection.close()
    connection.settings_dict["NAME"] = DB_NAME


def _copy(model, objects) -> None:
    """COPY unsaved instances (ids set) into the model's table."""
    fields = model._meta.concrete_fields
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {model._meta.db_table} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for obj in objects:
            copy.write_row(
                [
                    f.get_db_prep_save(getattr(obj, f.attname), connection)
                    for f in fields
                ]
            )


def _reset_sequences(*models) -> None:
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def _fill(template: str, rng: random.Random, gu, topic: str, place: str) -> str:
    return template.format(
        gu=gu.name_ko, topic=topic, place=place, n=rng.randint(1, 99)
    )


def discovered_initiatives(rng: random.Random, districts) -> list[Initiative]:
    """Initiatives found in articles, in every district: more where more is written
    (WEIGHTS), of every kind, half still suggestions."""
    kinds = list(InitiativeKind.objects.all())
    made = []
    for district in districts:
        for k in range(12 * WEIGHTS.get(district.slug, 1)):
            kind = rng.choice(kinds)
            topic = rng.choice(TOPICS)
            made.append(
                Initiative(
                    slug=f"{district.slug}-found-{k}",
                    name_ko=f"{district.short_ko} {topic} {k + 1}호",
                    category=kind.category,
                    kind=kind,
                    stage=rng.choice(Initiative.Stage.values),
                    origin=Initiative.Origin.DISCOVERED,
                    review_state=rng.choice(["suggested", "confirmed"]),
                )
            )
    made = Initiative.objects.bulk_create(made)
    through = Initiative.districts.through
    by_slug = {d.slug: d for d in districts}
    through.objects.bulk_create(
        through(initiative=i, district=by_slug[i.slug.split("-found-")[0]])
        for i in made
    )
    return list(
        Initiative.objects.filter(pk__in=[i.pk for i in made]).prefetch_related(
            "districts"
        )
    )


def popular(rng: random.Random, initiatives: list):
    """A few very active initiatives per district, a long tail of rare ones."""
    return initiatives[min(int(rng.paretovariate(1.2)) - 1, len(initiatives) - 1)]


def insert_articles(rng: random.Random, n: int) -> float:
    start = time.perf_counter()
    districts = list(District.objects.all())
    weights = [WEIGHTS.get(d.slug, 1) for d in districts]
    initiatives = discovered_initiatives(rng, districts) + list(
        Initiative.objects.prefetch_related("districts")
    )
    by_district: dict[int, list] = {}
    for initiative in initiatives:
        for district in initiative.districts.all():
            by_district.setdefault(district.pk, []).append(initiative)
    now = timezone.now()
    span = 5 * 365 * 24 * 3600
    link_id = ilink_id = 0
    # A bulk load recounts once at the end, as `manage.py tally --rebuild` does.
    with connection.cursor() as cursor:
        for table in ("article", "districtlink", "initiativelink"):
            cursor.execute(f"ALTER TABLE tracker_{table} DISABLE TRIGGER USER")
    for first in range(0, n, BATCH):
        raws, articles, dlinks, ilinks = [], [], [], []
        for i in range(first + 1, min(first + BATCH, n) + 1):
            gu = rng.choices(districts, weights)[0]
            topic = rng.choice(TOPICS)
            place = rng.choice(PLACES.get(gu.slug, [f"{gu.short_ko} 구청", "주민센터"]))
            title = _fill(rng.choice(TITLES), rng, gu, topic, place)
            body = "\n\n".join(
                _fill(rng.choice(SENTENCES), rng, gu, topic, place)
                for _ in range(rng.randint(6, 12))
            )
            digest = hashlib.sha256(f"{i}:{body}".encode()).hexdigest()
            raws.append(RawDocument(id=i, sha256=digest, content=b"", size=len(body)))
            scope = rng.choices(
                ["district", "citywide", "out", "unknown"], [80, 10, 3, 7]
            )[0]
            published = now - timedelta(seconds=rng.randrange(span))
            articles.append(
                Article(
                    id=i,
                    raw_id=i,
                    url=f"https://news.example.kr/{i}",
                    title=title,
                    body=body,
                    published_at=published if rng.random() > 0.01 else None,
                    date_source=Article.DateSource.META,
                    publisher=rng.choice(PUBLISHERS),
                    body_hash=digest,
                    # About one in twenty is a copy of an earlier story.
                    duplicate_of_id=rng.randint(1, i - 1)
                    if i > 1 and rng.random() < 0.05
                    else None,
                    status=rng.choices(
                        ["pending", "approved", "rejected"], [70, 28, 2]
                    )[0],
                    scope=scope,
                    is_relevant=rng.random() < 0.9,
                    relevance=round(rng.random(), 3),
                    created_at=published,
                )
            )
            linked = [gu]
            if rng.random() < 0.5:
                other = rng.choices(districts, weights)[0]
                if other != gu:
                    linked.append(other)
            for k, district in enumerate(linked):
                link_id += 1
                dlinks.append(
                    DistrictLink(
                        id=link_id,
                        article_id=i,
                        district=district,
                        role="primary" if k == 0 else "mentioned",
                        mentions=rng.randint(1, 4),
                        confidence=0.9 if k == 0 else 0.6,
                        evidence=title,
                        review_state=rng.choices(
                            ["suggested", "confirmed", "rejected"], [80, 18, 2]
                        )[0],
                    )
                )
            # The search pieces with the standing links' tokens, as ingestion stores
            # them (the triggers that keep them are off during the load).
            standing = [
                (link.district_id, link.role)
                for link in dlinks[-len(linked) :]
                if link.review_state != "rejected"
            ]
            for name, value in search.fields(title, body, standing).items():
                setattr(articles[-1], name, value)
            if rng.random() < 0.4:
                ilink_id += 1
                initiative = popular(rng, by_district.get(gu.pk) or initiatives)
                ilinks.append(
                    InitiativeLink(
                        id=ilink_id,
                        article_id=i,
                        initiative=initiative,
                        confidence=0.7,
                        evidence=title,
                        event=rng.choice(["announced", "agreement", "funded", ""]),
                        review_state=rng.choices(
                            ["suggested", "confirmed", "rejected"], [80, 18, 2]
                        )[0],
                    )
                )
        _copy(RawDocument, raws)
        _copy(Article, articles)
        _copy(DistrictLink, dlinks)
        _copy(InitiativeLink, ilinks)
    _reset_sequences(RawDocument, Article, DistrictLink, InitiativeLink)
    with connection.cursor() as cursor:
        for table in ("article", "districtlink", "initiativelink"):
            cursor.execute(f"ALTER TABLE tracker_{table} ENABLE TRIGGER USER")
    mark_seen()
    return time.perf_counter() - start


def mark_seen() -> None:
    """First and last report of every initiative, as ingestion keeps them."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE tracker_initiative i SET first_seen = s.first, last_seen = s.last
            FROM (
                SELECT l.initiative_id,
                       min(a.published_at AT TIME ZONE 'Asia/Seoul')::date AS first,
                       max(a.published_at AT TIME ZONE 'Asia/Seoul')::date AS last
                FROM tracker_initiativelink l
                JOIN tracker_article a ON a.id = l.article_id
                GROUP BY l.initiative_id
            ) s
            WHERE s.initiative_id = i.id
            """
        )


def analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def urls() -> list[tuple[str, str]]:
    """(name, URL) of every page the issue times, with real slugs and ids."""
    initiative = (
        InitiativeLink.objects.values_list("initiative__slug", flat=True)
        .order_by()
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    kind = InitiativeKind.objects.order_by("order").values_list("slug", flat=True)[0]
    article = (
        Article.objects.visible()
        .filter(initiative_links__isnull=False)
        .values_list("pk", flat=True)
        .first()
    )
    year = timezone.localdate().year - 1
    return [
        ("overview, last 30 days", "/?period=30d"),
        ("overview, last 90 days", "/?period=90d"),
        ("overview, last 12 months", "/"),
        ("overview, all time", "/?period=all"),
        (f"overview, {year}", f"/?period={year}"),
        ("list", "/articles/"),
        ("list by district", "/articles/?district=gangseo"),
        (
            "list by district, primary, dates",
            "/articles/?district=gangseo&role=primary&published_after=2024-01-01",
        ),
        ("list by initiative", f"/articles/?initiative={initiative}"),
        ("list by kind", f"/articles/?kind={kind}"),
        ("list by category", "/articles/?category=economy"),
        ("list by stage", "/articles/?stage=launched"),
        ("list by publisher", "/articles/?publisher=가람뉴스"),
        ("list by review state", "/articles/?review=approved"),
        ("search, broad", "/articles/?q=마곡"),
        ("search, selective", "/articles/?q=감염병 예측"),
        ("search, broad, district", "/articles/?q=금천&district=geumcheon"),
        ("search, selective, district", "/articles/?q=셔틀&district=mapo"),
        # Words of three to ten syllables are one piece each (a title's 연구개발단지에);
        # a longer one is found by its pieces and checked as a phrase.
        ("search, three syllables", "/articles/?q=구청장"),
        ("search, four syllables", "/articles/?q=인공지능"),
        ("search, six syllables", "/articles/?q=연구개발단지"),
        ("search, seven syllables", "/articles/?q=연구개발단지에"),
        ("deep page", "/articles/?page=150"),
        ("article", f"/articles/{article}/"),
        ("district", "/districts/gangseo/"),
        ("district, all time", "/districts/gangseo/?period=all"),
        ("districts table", "/districts/?period=all&sort=-latest"),
        ("initiatives list", "/initiatives/"),
        ("initiative page", f"/initiatives/{initiative}/"),
        ("matrix", "/initiatives/matrix/"),
        ("compare", "/compare/?districts=geumcheon,gangseo"),
        ("compare, all time", "/compare/?districts=geumcheon,gangseo,mapo&period=all"),
        ("compare, print", "/compare/print/?districts=geumcheon,gangseo&period=all"),
        ("API list", "/api/articles/"),
        ("API list by district", "/api/articles/?district=gangseo"),
        ("districts CSV", "/districts.csv?period=all"),
        ("compare CSV", "/compare.csv?districts=geumcheon,gangseo&period=all"),
        ("CSV, first byte", "/articles/export.csv?district=gangseo"),
        ("xlsx, first byte", f"/articles/export.xlsx?district=mapo&period={year}"),
    ]


def request(client: Client, url: str) -> tuple[float, float | None, list[dict]]:
    """Seconds to the response (to its first byte, if streamed), seconds to the first
    rows of a stream, and the queries run."""
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        first_rows = None
        if response.streaming:
            chunks = iter(response.streaming_content)
            next(chunks)  # BOM and header
            elapsed = time.perf_counter() - start
            next(chunks, None)  # the first ROWS_PER_WRITE rows
            first_rows = time.perf_counter() - start
            response.close()
        else:
            elapsed = time.perf_counter() - start
    return elapsed, first_rows, list(captured.captured_queries)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(client: Client, name: str, url: str, runs: int) -> dict:
    cold, warm, warm_rows = [], [], []
    cold_queries = warm_queries = []
    for _ in range(runs):
        cache.clear()
        seconds, _rows, cold_queries = request(client, url)
        cold.append(seconds * 1000)
    for _ in range(runs):
        seconds, rows, warm_queries = request(client, url)
        warm.append(seconds * 1000)
        warm_rows.append(rows)
    slowest = max(cold_queries, key=lambda q: float(q["time"]), default=None)
    return {
        "name": name,
        "url": url,
        "warm_p50_ms": round(statistics.median(warm), 1),
        "warm_p95_ms": round(percentile(warm, 0.95), 1),
        "cold_p50_ms": round(statistics.median(cold), 1),
        "cold_p95_ms": round(percentile(cold, 0.95), 1),
        "queries": len(warm_queries),
        "cold_queries": len(cold_queries),
        "rows": statistics.median(warm_rows) * 1000 if warm_rows[0] else None,
        "slowest": float(slowest["time"]) * 1000 if slowest else 0.0,
        "slowest_sql": slowest["sql"] if slowest else "",
    }


def explain(sql: str) -> str:
    if not sql.lstrip().upper().startswith("SELECT"):
        return "(not a SELECT)"
    # The logged SQL has its values quoted in, except where psycopg left a
    # placeholder: such a query is reported, not explained.
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            return "\n".join(row[0] for row in cursor.fetchall())
    except DatabaseError as error:
        return f"(could not explain: {str(error).splitlines()[0]})"


def report(results: list[dict], explain_ms: float, plan_lines: int) -> None:
    width = max((len(r["name"]) for r in results), default=4)
    print(
        f"{'page':<{width}} {'warm p50':>8} {'p95':>7} {'cold p50':>8} {'p95':>7}"
        f" {'queries':>9} {'slowest':>8}"
    )
    for r in results:
        queries = f"{r['cold_queries']}/{r['queries']}"
        print(
            f"{r['name']:<{width}} {r['warm_p50_ms']:>8.1f} {r['warm_p95_ms']:>7.1f}"
            f" {r['cold_p50_ms']:>8.1f} {r['cold_p95_ms']:>7.1f} {queries:>9}"
            f" {r['slowest']:>8.1f}"
        )
        if r["rows"] is not None:
            print(f"{'  streamed: first rows after (warm)':<{width}} {r['rows']:>8.1f}")
    print("ms; cold: cache cleared before each run; queries: cold/warm.")
    for r in results:
        if r["slowest"] < explain_ms:
            continue
        plan = explain(r["slowest_sql"]).splitlines()
        print(f"\n--- {r['name']} ({r['url']}): slowest query {r['slowest']:.1f} ms")
        print("  " + r["slowest_sql"][:600])
        print("  " + "\n  ".join(plan[:plan_lines]))
        if len(plan) > plan_lines:
            print(f"  ... {len(plan) - plan_lines} more lines")


def as_json(articles: int, results: list[dict]) -> str:
    keys = ("name", "url", "warm_p50_ms", "warm_p95_ms", "cold_p50_ms")
    keys += ("cold_p95_ms", "queries")
    pages = [{key: r[key] for key in keys} for r in results]
    return json.dumps({"articles": articles, "pages": pages}, ensure_ascii=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument(
        "--json", action="store_true", help="only the JSON line, no table or plans"
    )
    parser.add_argument("--keep", action="store_true", help="do not drop the database")
    parser.add_argument(
        "--reuse", action="store_true", help="time a database kept by --keep"
    )
    parser.add_argument("--explain-ms", type=float, default=50.0)
    parser.add_argument("--plan-lines", type=int, default=30)
    parser.add_argument("--only", help="time only URLs containing this text")
    parser.add_argument(
        "--database", default="tracker_pages_bench", help="throwaway database name"
    )
    args = parser.parse_args()
    global DB_NAME  # noqa: PLW0603
    DB_NAME = args.database
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL server: this measures PostgreSQL.")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    if not args.reuse:
        create_database()
    use_database()
    try:
        call_command("migrate", verbosity=0)
        if not args.reuse:
            seconds = insert_articles(random.Random(0), args.articles)
            print(f"inserted {args.articles:,} articles in {seconds:.0f} s")
            start = time.perf_counter()
            Tally.objects.rebuild()
            print(
                f"counted them in {time.perf_counter() - start:.0f} s (tally --rebuild)"
            )
        analyze()
        print(
            f"{Article.objects.count():,} articles, "
            f"{DistrictLink.objects.count():,} district links, "
            f"{InitiativeLink.objects.count():,} initiative links"
        )
        # Start as a gunicorn worker does (gunicorn.conf.py, post_worker_init): pages
        # asked once so their templates are compiled, then what start-up made kept out
        # of the collector's passes. Without the freeze, a full pass now and then put
        # 80-140 ms into a warm request whose median is 5-30 ms.
        warm_process()
        gc.freeze()
        client = Client()
        results = [
            measure(client, name, url, args.runs)
            for name, url in urls()
            if not args.only or args.only in url or args.only in name
        ]
        if not args.json:
            report(results, args.explain_ms, args.plan_lines)
        print(as_json(Article.objects.count(), results))
    finally:
        # A database given with --reuse was built by another run: never dropped here.
        if not (args.keep or args.reuse):
            drop_database()


if __name__ == "__main__":
    main()
