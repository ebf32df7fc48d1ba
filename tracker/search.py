"""Korean full-text search: character bigrams in a tokenised search document.

Placeholder until the search module is written: `fields()` fills the two token
columns so stored articles are searchable from the start.
"""

import re

_WORD = re.compile(r"\w+")
_HANGUL = re.compile(r"[가-힣]")


def tokens(text: str) -> str:
    """Words as space-separated tokens; Hangul words as their character bigrams."""
    out = []
    for word in _WORD.findall(text.lower()):
        if _HANGUL.search(word) and len(word) > 2:
            out.extend(word[i : i + 2] for i in range(len(word) - 1))
        else:
            out.append(word)
    return " ".join(out)


def fields(title: str, body: str) -> dict[str, str]:
    return {"search_title": tokens(title), "search_body": tokens(body)}
