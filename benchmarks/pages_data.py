"""A throwaway PostgreSQL database of N articles shaped like real data, for the page
and export benchmarks (bench_pages.py, bench_export.py, load.py).

Korean titles and bodies from a few templates, spread over five years, ~90% relevant,
some copies, some outside Seoul, each with one or two district links (skewed towards
a few districts) and ~40% with an initiative link (a few very active initiatives,
discovered ones in every district), written with COPY. Call it after django.setup().
"""

from __future__ import annotations

import hashlib
import random
import time
from datetime import timedelta

from django.core.management.color import no_style
from django.db import connection
from django.utils import timezone

from districts.models import District
from tracker import search
from tracker.models import (
    Article,
    DistrictLink,
    Initiative,
    InitiativeKind,
    InitiativeLink,
    RawDocument,
)

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
                published = articles[-1].published_at
                ilinks.append(
                    InitiativeLink(
                        id=ilink_id,
                        article_id=i,
                        initiative=initiative,
                        # As the triggers keep them (off during the load).
                        timeline_date=timezone.localdate(published)
                        if published
                        else None,
                        article_published_at=published,
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
