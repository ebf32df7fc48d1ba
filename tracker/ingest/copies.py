"""Which stored article a new one repeats: the same text or address (an exact copy,
not stored again) or nearly the same text (a syndicated copy, stored and marked).

Near copies are looked up by the article's dedupe keys (tracker/reading/dedupe.py).
Some keys are common to thousands of articles: the shingle of a stock phrase
('...다고 밝혔다') may be among any article's smallest hashes. Scanning everything such
a key finds grows with the archive, and the first fifty articles it finds are seldom
the copy's original. So each key contributes at most KEY_POSTINGS articles (an index
range scan on (key, article)), and candidates are ranked by how many of the new
article's keys they share: a copy's original shares most of them, including its rare
ones, which list every article that has them.
"""

import json
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q

from tracker.models import Article, DedupeKey
from tracker.reading import dedupe
from tracker.reading.pipeline import Analysis

KEY_POSTINGS = 500
CANDIDATES = 50


def exact_copy(analysis: Analysis) -> Article | None:
    same = Q(body_hash=analysis.body_hash)
    for url in urls(analysis):
        same |= Q(url=url) | Q(canonical_url=url)
    return Article.objects.filter(same).order_by("pk").first()


@dataclass(frozen=True)
class Copies:
    exact: int | None  # the first stored article with the same text or address
    near: int | None  # the first stored original whose text this one nearly repeats


def find(analysis: Analysis) -> Copies:
    """The article's exact copy and near copy's original, by id, in one query."""
    addresses = sorted(urls(analysis))
    same = " OR ".join(
        ["body_hash = %s"]
        + [f"{column} = %s" for column in ("url", "canonical_url") for _ in addresses]
    )
    exact = (
        f"SELECT id, NULL AS sketch, 1 AS exact FROM (SELECT id FROM "
        f"{Article._meta.db_table} WHERE {same} ORDER BY id LIMIT 1) AS e"
    )
    params = [analysis.body_hash, *addresses, *addresses]
    keys = dedupe.lookup_keys(analysis.sketch)
    sql = exact
    if keys:
        near, near_params = candidates(keys, analysis.sketch)
        sql += f" UNION ALL SELECT id, sketch, 0 FROM ({near}) AS n"
        params += near_params
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    copy = next((pk for pk, _, is_exact in rows if is_exact), None)
    return Copies(exact=copy, near=_nearest(analysis.sketch, rows))


def urls(analysis: Analysis) -> set[str]:
    """The addresses an article is known by: where it was read, and its canonical."""
    return {analysis.url, analysis.extracted.canonical_url} - {""}


def _nearest(sketch: list[int], rows) -> int | None:
    # Plain rows, not fifty model instances: most candidates are not copies.
    similar = [
        pk
        for pk, other, is_exact in rows
        if not is_exact and dedupe.is_near(sketch, _loaded(other))
    ]
    return min(similar, default=None)


def _loaded(sketch) -> list[int]:
    """A sketch as the driver returns it: JSON text, or already a list."""
    return json.loads(sketch) if isinstance(sketch, str | bytes) else sketch or []


def candidates(keys: list[str], sketch: list[int]) -> tuple[str, list]:
    """SQL and parameters for the originals sharing the most of `keys`, with their
    sketches, in one query: one capped scan per key, joined laterally on PostgreSQL
    (planned in a fraction of the time a twelve-way UNION takes), a UNION on SQLite,
    which has no LATERAL. Both give the same rows; PostgreSQL leaves out the sketches
    that cannot be near `sketch` (_MAY_BE_NEAR)."""
    if connection.vendor == "postgresql":
        postings = (
            f"unnest(%s::varchar[]) AS k(key) CROSS JOIN LATERAL "
            f"(SELECT article_id FROM {DedupeKey._meta.db_table} AS d "
            f"WHERE d.key = k.key ORDER BY article_id LIMIT {KEY_POSTINGS}) AS hits"
        )
        mine = [str(h) for h in sketch]
        size = min(dedupe.SKETCH_SIZE, len(sketch))
        return _ranked(postings, _MAY_BE_NEAR), [mine, size, keys]
    return _ranked(f"({_union(len(keys))}) AS hits"), keys


# The candidate's sketch where it shares enough hashes with the new article's to be
# near it (dedupe.is_near's first test, a little looser so that rounding never drops
# one it would keep), else NULL. Most candidates share a few keys and no more: decoding
# their fifty sketches and intersecting them in Python took the lookahead thread about
# 0.6 ms a document, time the reading thread waited for the interpreter; PostgreSQL
# does it on its own core, and sends 65 KB less a document.
_MAY_BE_NEAR = (
    "CASE WHEN (SELECT count(*) FROM jsonb_array_elements_text(a.sketch) AS h "
    "WHERE h = ANY(%s::text[])) >= "
    f"{dedupe.NEAR_DUPLICATE} * LEAST(%s, jsonb_array_length(a.sketch)) - 0.001 "
    "THEN a.sketch END AS sketch"
)


def _union(key_count: int) -> str:
    # A subquery around each scan, as SQLite wants for a LIMIT inside UNION ALL.
    return " UNION ALL ".join(
        f"SELECT article_id FROM (SELECT article_id FROM {DedupeKey._meta.db_table} "
        f"WHERE key = %s ORDER BY article_id LIMIT {KEY_POSTINGS}) AS k{n}"
        for n in range(key_count)
    )


def _ranked(postings: str, sketch: str = "a.sketch") -> str:
    return (
        f"SELECT a.id, {sketch} FROM (SELECT article_id, COUNT(*) AS shared "
        f"FROM {postings} GROUP BY article_id "
        f"ORDER BY shared DESC, article_id LIMIT {CANDIDATES * 2}) AS ranked "
        f"JOIN {Article._meta.db_table} AS a ON a.id = ranked.article_id "
        f"WHERE a.duplicate_of_id IS NULL "
        f"ORDER BY ranked.shared DESC, a.id LIMIT {CANDIDATES}"
    )
