"""How fast Korean search is: tokenising speed, and query time over N articles.

    DJANGO_SETTINGS_MODULE=config.settings DEBUG=1 .venv/bin/python benchmarks/bench_search.py

    # on PostgreSQL, to see the GIN index on the stored search_vector at work:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench \\
        DJANGO_SETTINGS_MODULE=config.settings DEBUG=1 \\
        .venv/bin/python benchmarks/bench_search.py --articles 10000

It never touches the database DATABASE_URL names: like the test runner it creates
a throwaway database next to it (test_bench_search, or in-memory SQLite), runs the
migrations, inserts synthetic articles, and drops it at the end. Prints figures;
asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from tracker import search  # noqa: E402
from tracker.models import Article, RawDocument  # noqa: E402

# Sentences written for this benchmark; {gu} and {n} vary per article.
SENTENCES = [
    "서울 {gu}는 구청 민원실에 생성형 인공지능 상담 창구를 {n}곳 열었다고 밝혔다.",
    "구는 AI 돌봄 스피커를 홀몸 어르신 {n}가구에 보급할 계획이다.",
    "{gu}청장은 지역 기업과 함께 AI혁신센터를 키우겠다고 말했다.",
    "올해 예산 {n}억원을 들여 스마트 교차로와 CCTV 분석 시스템을 늘린다.",
    "주민 설명회는 다음 달 {n}일 구청 대강당에서 열린다.",
    "협약에는 대학, 공공기관, 기업 등 {n}개 기관이 참여했다.",
]
DISTRICTS = ["금천구", "강서구", "노원구", "구로구", "성동구", "마포구", "관악구"]
# Rare: one article in a hundred mentions 마곡; most mention 구청장.
RARE = "마곡 연구단지의 로봇 실증도 이어진다."
QUERIES = ["마곡", "금천", "구청장", "AI 돌봄", "AI혁신센터", "구", "없는낱말"]


def synthetic_text(rng: random.Random, sentences: int) -> str:
    gu = rng.choice(DISTRICTS)
    return " ".join(
        rng.choice(SENTENCES).format(gu=gu, n=rng.randint(1, 99))
        for _ in range(sentences)
    )


def bench_tokens(rng: random.Random) -> None:
    text = synthetic_text(rng, 4000)
    kb = len(text.encode()) / 1024
    rounds = 5
    for name, function in (("tokens", search.tokens), ("grams", search.grams)):
        start = time.perf_counter()
        for _ in range(rounds):
            function(text)
        seconds = (time.perf_counter() - start) / rounds
        print(
            f"{name}(): {kb:.0f} KB in {seconds * 1000:.1f} ms"
            f" = {kb / seconds:,.0f} KB/s"
        )


def insert_articles(rng: random.Random, n: int) -> float:
    start = time.perf_counter()
    for first in range(0, n, 1000):
        raws, articles = [], []
        for i in range(first, min(first + 1000, n)):
            title = synthetic_text(rng, 1)
            body = synthetic_text(rng, 20) + (f" {RARE}" if i % 100 == 0 else "")
            digest = hashlib.sha256(f"{i}:{body}".encode()).hexdigest()
            raw = RawDocument(sha256=digest, content=b"", size=0)
            raws.append(raw)
            articles.append(
                Article(
                    raw=raw,
                    title=title,
                    body=body,
                    body_hash=digest,
                    is_relevant=True,
                    **search.fields(title, body),
                )
            )
        RawDocument.objects.bulk_create(raws)
        Article.objects.bulk_create(articles)
    return time.perf_counter() - start


def bench_queries(rounds: int) -> None:
    print(f"{'query':<12} {'hits':>7} {'top 20 (ms)':>12} {'count (ms)':>11}")
    for query in QUERIES:
        found = Article.objects.search(query)
        top, counts, hits = [], [], 0
        for _ in range(rounds):
            start = time.perf_counter()
            list(found.order_by("-search_rank", "-pk").only("pk")[:20])
            top.append(time.perf_counter() - start)
            start = time.perf_counter()
            hits = found.count()
            counts.append(time.perf_counter() - start)
        print(
            f"{query:<12} {hits:>7} {statistics.median(top) * 1000:>12.1f}"
            f" {statistics.median(counts) * 1000:>11.1f}"
        )
    if connection.vendor == "postgresql":
        plan = Article.objects.search("마곡").explain(analyze=True)
        uses_index = search.INDEX_NAME in plan
        print(f"PostgreSQL plan for 마곡 uses {search.INDEX_NAME}: {uses_index}")
        print("  " + plan.replace("\n", "\n  "))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(0)

    bench_tokens(rng)

    if connection.vendor == "postgresql":
        # Hangul needs a UTF-8 ctype; template0 takes the server's (C.UTF-8 here).
        connection.settings_dict["TEST"].update(
            {
                "NAME": "test_bench_search",
                "TEMPLATE": "template0",
                "CHARSET": "UTF8",
            }
        )
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        seconds = insert_articles(rng, args.articles)
        print(
            f"{connection.vendor}: inserted {args.articles:,} articles "
            f"in {seconds:.1f} s (tokenising included)"
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE tracker_article")
        bench_queries(args.rounds)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
