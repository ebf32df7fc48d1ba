"""Korean full-text search over a tokenised search document.

Korean has no spaces inside compounds (금천구청장) and its particles stick to
words (마곡에서), so whole-word matching misses most of what analysts type.
Every Hangul run is stored as its overlapping character bigrams instead
(금천구청장 -> 금천 천구 구청 청장), at consecutive positions, and a query word
becomes the phrase of its own bigrams (금천 -> 금천, 구청장 -> 구청 <-> 청장).
That finds two-syllable terms (마곡, 강서) and words inside compounds without a
morphological analyser. Latin letters and digits stay whole words (ai, gpt4).

A phrase is slow to find, though: the index knows which articles hold each
bigram, not where, so every article holding both is read and checked (a stored
vector is four or five pages), and a common bigram (구청, 인공) lists half of
all articles. At a million articles 구청장 or 인공지능 took 250-300 ms. So each
Hangul run's pieces of three to ten syllables are stored too, without positions
(search_grams: 금천구청장 -> 금천구 천구청 구청장 금천구청 천구청장 금천구청장), and
a query word of three to ten syllables is looked up as itself: one exact entry of
the index, nothing to re-check. Ten, not four: a longer word (연구개발단지,
스마트도시) was found by its four-syllable pieces and checked against each
candidate's vector, read from TOAST, 3-5 pages each: 520-580 ms for 1,000
candidates from disk at 1M articles. Runs that long are few (one in ten of a news
text's Hangul runs has five syllables or more, one in a thousand more than ten), so
the pieces of five to ten syllables add a fifth to a third to the pieces' bytes
(+21% on the demo articles, +32% on the corpus). A word of more than ten is found
by its ten-syllable pieces, which narrow it down, and checked as the phrase of its
bigrams.

`fields()` fills Article.search_title / search_body / search_grams when an
article is saved. On PostgreSQL, migration 0006 adds a stored generated column,
search_vector, holding the weighted tsvector of the first two (title A, body B),
and migration 0019 search_grams_vector, the tsvector of the pieces; each has a
GIN index. `search_queryset()` filters on both and ranks on search_vector, so no
row's tsvector is recomputed at query time. The model declares neither column
(SQLite has no tsvector), so Django never selects, inserts or updates them;
PostgreSQL recomputes them whenever the text columns change.
On SQLite search falls back to `icontains` on title and body.

A search within districts is one lookup too. Each article's standing district links
are stored at the start of its pieces as tokens (zgu7 for a link to district 7,
zgup7 too when it is primary), so the index intersects the word's articles with the
district's. Found the other way, by the links, every article holding the word was
read from the table before its district was checked: 셔틀 in 마포구 read 12,000
rows for 1,000 matches. No query word can reach the tokens: Latin words are looked
up among the bigrams, never among the pieces. On PostgreSQL triggers (migration
0020) keep them as links are added, changed, rejected or deleted, and put them back
whenever the pieces are rewritten; ingestion stores them with a new article, so its
links' trigger has nothing to change.
"""

import re
import unicodedata
from collections.abc import Iterable

from django.db import connections, models
from django.db.models import Case, Q, Value, When

# Runs of letters and digits; everything else (punctuation, operators, emoji,
# underscores) separates words and never reaches the database.
_WORD = re.compile(r"[^\W_]+")
# A word splits into Hangul-syllable runs and other runs: AI혁신센터 -> ai, 혁신센터.
_SCRIPT_RUN = re.compile(r"[가-힣]+|[^가-힣]+")

# The stored generated tsvectors (migrations 0006 and 0019) and their GIN indexes.
VECTOR_COLUMN = "search_vector"
INDEX_NAME = "tracker_article_search_vector_gin"
GRAMS_COLUMN = "search_grams_vector"
GRAMS_INDEX_NAME = "tracker_article_search_grams_gin"

# The declared columns search reads; pages that show no search leave them unread.
FIELDS = ("search_title", "search_body", "search_grams")

# A standing district link, and a primary one, as tokens of the pieces (migration 0020
# writes the same in SQL).
DISTRICT_TOKEN = "zgu{}"
PRIMARY_TOKEN = "zgup{}"

# Lengths of the pieces stored whole: a query word this long is one index entry.
GRAM_SIZES = tuple(range(3, 11))
# PostgreSQL refuses a tsvector whose lexemes take over 1 MB (2^20 - 1 bytes), each
# counted as its bytes padded to even, and four for its one position: 14 bytes for
# a piece of three syllables, charged 10 here (its bytes and a space), at most 1.4
# times what is charged, 980 KB. A document with more distinct pieces than this
# (some 40,000: ten times a long report) keeps its first ones: past them a word of
# three syllables or more is not found, and the article is stored, not refused.
GRAMS_MAX_BYTES = 700_000
# The same limit for the bigrams, which keep their positions: a distinct token costs
# its bytes and about four more, each further occurrence two, up to the 255 positions
# PostgreSQL keeps of a lexeme. Only a huge upload of varied text (some 100,000
# distinct bigrams) reaches it; its later words are not found. The title's tokens
# (its 500 stored characters) fit in what is left.
TOKENS_MAX_BYTES = 1_000_000
MAX_POSITIONS = 256  # PostgreSQL keeps 255: counting one more is safe


def words(text: str) -> list[str]:
    """Lower-cased runs of one script: 'AI혁신센터 (금천)' -> ['ai', '혁신센터', '금천']."""
    text = unicodedata.normalize("NFKC", text).lower()
    return [run for word in _WORD.findall(text) for run in _SCRIPT_RUN.findall(word)]


def _is_hangul(word: str) -> bool:
    return "가" <= word[0] <= "힣"


def _pieces(word: str, size: int) -> list[str]:
    """The word's runs of `size` syllables, in order: (금천구청, 3) -> 금천구, 천구청."""
    return [word[i : i + size] for i in range(len(word) - size + 1)]


def _bigrams(word: str) -> list[str]:
    if len(word) == 1:
        return [word]  # a one-syllable word (구, 시) is kept as itself
    return _pieces(word, 2)


def _checked(word: str) -> bool:
    """Is the word longer than a piece, so that its phrase must be checked?"""
    return _is_hangul(word) and len(word) > max(GRAM_SIZES)


def tokens(text: str) -> str:
    """Space-separated tokens: Hangul runs as character bigrams, other words whole;
    no more than a tsvector holds (TOKENS_MAX_BYTES)."""
    out: list[str] = []
    seen: dict[str, int] = {}
    budget = TOKENS_MAX_BYTES
    for word in words(text):
        for token in _bigrams(word) if _is_hangul(word) else [word]:
            count = seen.get(token, 0)
            if not count:
                budget -= len(token.encode()) + 5  # aligned, a count, a position
            elif count < MAX_POSITIONS:
                budget -= 2  # one more position, of those PostgreSQL keeps
            if budget < 0:
                return " ".join(out)
            seen[token] = count + 1
            out.append(token)
    return " ".join(out)


def grams(*texts: str) -> str:
    """The pieces of three to ten syllables of every Hangul run in `texts`, each
    piece once, up to GRAMS_MAX_BYTES."""
    pieces: dict[str, None] = {}
    budget = GRAMS_MAX_BYTES
    for text in texts:
        for word in filter(_is_hangul, words(text)):
            # Sliced here, not by _pieces(): a call for each word and size took twice
            # as long (0.89 against 0.41 ms for a corpus document).
            for size in GRAM_SIZES:
                for start in range(len(word) - size + 1):
                    piece = word[start : start + size]
                    if piece in pieces:
                        continue
                    budget -= 3 * size + 1  # a Hangul syllable is 3 bytes of UTF-8
                    if budget < 0:
                        return " ".join(pieces)
                    pieces[piece] = None
    return " ".join(pieces)


def district_tokens(links: Iterable[tuple[int, str]]) -> str:
    """The tokens of an article's standing district links, (district id, role) each,
    sorted and each followed by a space: 'zgu3 zgu7 zgup7 '."""
    found = set()
    for district, role in links:
        found.add(DISTRICT_TOKEN.format(district))
        if role == "primary":
            found.add(PRIMARY_TOKEN.format(district))
    return "".join(token + " " for token in sorted(found))


def fields(
    title: str, body: str, districts: Iterable[tuple[int, str]] = ()
) -> dict[str, str]:
    """Values for Article.search_title, search_body and search_grams; `districts`
    are the article's standing links (district id, role), if it has any yet."""
    return {
        "search_title": tokens(title),
        "search_body": tokens(body),
        "search_grams": district_tokens(districts) + grams(title, body),
    }


def in_districts(district_ids: Iterable[int], *, primary_only: bool = False) -> str:
    """The tsquery of the pieces for articles in any of the districts."""
    token = PRIMARY_TOKEN if primary_only else DISTRICT_TOKEN
    return "(" + " | ".join(token.format(int(i)) for i in district_ids) + ")"


def tsquery(query: str, weight: str = "") -> str:
    """A to_tsquery('simple', ...) string built only from our own word tokens: what
    ranks an article, and finds the words lookups() leaves to the bigrams.

    Each Hangul word becomes the phrase of its bigrams; words are ANDed. No
    character of the user's operators (& | ! ( ) : * ' <->) can pass `words()`,
    so any input gives a valid query. A one-syllable word matches as a prefix
    (구 finds 구청), but not at the end of a compound (the 구 in 금천구).
    `weight` ("A") labels every lexeme, so the query matches only title tokens.
    """
    label = f":{weight}" if weight else ""
    terms = []
    for word in dict.fromkeys(words(query)):
        if not _is_hangul(word):
            terms.append(word + label)
        elif len(word) == 1:
            terms.append(f"{word}:*{weight}")
        elif len(word) == 2:
            terms.append(word + label)
        else:
            terms.append("(" + " <-> ".join(b + label for b in _bigrams(word)) + ")")
    return " & ".join(terms)


def lookups(query: str) -> tuple[str, str]:
    """The filter as two tsquery strings: one on the pieces, one on the bigrams.

    A word of three to ten syllables is its own piece. A longer one needs all its
    ten-syllable pieces, and the phrase of its bigrams to say that they follow one
    another. Other words are looked up as tsquery() looks them up. Either string
    may be empty. Only a phrase makes PostgreSQL re-read an article's vector.
    """
    pieces, bigrams = [], []
    for word in dict.fromkeys(words(query)):
        if not _is_hangul(word) or len(word) < min(GRAM_SIZES):
            bigrams.append(tsquery(word))
            continue
        pieces.extend(_pieces(word, min(len(word), max(GRAM_SIZES))))
        if _checked(word):
            bigrams.append(tsquery(word))
    return " & ".join(dict.fromkeys(pieces)), " & ".join(bigrams)


def checks_each(query: str) -> bool:
    """Does finding `query` read each candidate's stored vector (a phrase to check)?"""
    return any(map(_checked, words(query)))


class _Vector(models.Func):
    """A generated column (`name`) of the row that `column` (a declared field) is on.

    The model does not declare the generated columns, so there is no F() for them.
    The declared column resolves to a Col carrying the table alias Django uses
    ("tracker_article", or U0 once the queryset is a subquery and relabelled); the
    generated one is qualified with that same alias, the way Col.as_sql does.
    """

    arity = 1
    output_field = models.TextField()  # a tsvector; Django has no field for it

    def __init__(self, column, name: str = VECTOR_COLUMN):
        super().__init__(column)
        self.name = name

    def as_sql(self, compiler, connection, **extra_context):
        (column,) = self.get_source_expressions()
        alias = getattr(column, "alias", None)
        identifiers = (alias, self.name) if alias else (self.name,)
        return ".".join(map(compiler.quote_name_unless_alias, identifiers)), ()


class _Matches(models.Func):
    """`search_vector @@ to_tsquery('simple', query)`: the filter the GIN index serves."""

    output_field = models.BooleanField()

    def __init__(self, vector, query: str):
        super().__init__(vector, models.Value(query))

    def as_sql(self, compiler, connection, **extra_context):
        (vector, v_params), (query, q_params) = (
            compiler.compile(e) for e in self.get_source_expressions()
        )
        sql = f"{vector} @@ to_tsquery('simple'::regconfig, {query})"
        return sql, (*v_params, *q_params)


class _Rank(models.Func):
    """1 for a title hit, plus ts_rank of the whole document scaled into [0, 1).

    ts_rank alone weights the title (A) above the body (B), but a body that
    repeats a phrase can still outscore one title mention; the title term makes
    "title above body" hold for every pair. A title hit is the same query with
    every lexeme labelled :A, checked against the stored vector: title tokens
    are its only A positions, so no tsvector is built per row.
    """

    output_field = models.FloatField()

    def __init__(self, vector, query: str, title_query: str):
        super().__init__(vector, models.Value(query), models.Value(title_query))

    def as_sql(self, compiler, connection, **extra_context):
        (vector, v_params), (query, q_params), (title_query, t_params) = (
            compiler.compile(e) for e in self.get_source_expressions()
        )
        sql = (
            f"((CASE WHEN {vector} @@ to_tsquery('simple'::regconfig, {title_query})"
            f" THEN 1 ELSE 0 END)"
            f" + ts_rank({vector}, to_tsquery('simple'::regconfig, {query}), 32))"
        )
        return sql, (*v_params, *t_params, *v_params, *q_params)


def finds_districts(queryset, query: str) -> bool:
    """Does search_queryset() look `query` up within districts itself (PostgreSQL,
    and a query with words), so that the caller need not filter by links?"""
    return connections[queryset.db].vendor == "postgresql" and bool(words(query))


def search_queryset(queryset, query: str, districts: str = ""):
    """Articles matching every word of `query`, annotated with `search_rank`.

    Higher `search_rank` is better and title hits rank above body-only hits;
    ordering is left to the caller. A blank query returns `queryset` unchanged;
    a query with no letters or digits (only punctuation or emoji) matches nothing.
    `districts` (in_districts()) narrows it where finds_districts() says so.
    """
    if not query or not query.strip():
        return queryset
    found = words(query)
    if not found:
        return queryset.annotate(search_rank=Value(0.0)).none()
    if connections[queryset.db].vendor == "postgresql":
        return _postgres(queryset, query, districts)
    return _fallback(queryset, list(dict.fromkeys(found)))


def _postgres(queryset, query: str, districts: str):
    vector = _Vector(models.F("search_title"))
    pieces, bigrams = lookups(query)
    pieces = " & ".join(filter(None, (districts, pieces)))
    if pieces:
        queryset = queryset.filter(
            _Matches(_Vector(models.F("search_grams"), GRAMS_COLUMN), pieces)
        )
    if bigrams:
        queryset = queryset.filter(_Matches(vector, bigrams))
    tsq = tsquery(query)
    return queryset.annotate(search_rank=_Rank(vector, tsq, tsquery(query, weight="A")))


def _fallback(queryset, found: list[str]):
    """Every word in the title or body; the share of words in the title ranks."""
    for word in found:
        queryset = queryset.filter(Q(title__icontains=word) | Q(body__icontains=word))
    in_title = [
        Case(When(title__icontains=word, then=Value(1.0)), default=Value(0.0))
        for word in found
    ]
    return queryset.annotate(
        search_rank=sum(in_title[1:], in_title[0]) / Value(float(len(found)))
    )
