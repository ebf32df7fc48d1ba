"""What the district linker tests read from a link result (test_gazetteer_roles.py
and test_gazetteer_mentions.py): each linked district's role, and the one match for a
district."""

from districts.gazetteer import LinkResult


def roles(result: LinkResult) -> dict[str, str]:
    return {m.slug: m.role for m in result.matches}


def match(result: LinkResult, slug: str):
    (found,) = [m for m in result.matches if m.slug == slug]
    return found
