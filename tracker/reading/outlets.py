"""Korean news outlets as data, and who published a page from the signals on it.

The table (data/outlets.csv) lists each outlet's Korean and English names, the
kind of outlet, its web domains (also its reporters' e-mail domains) and other
forms of its name seen in datelines and copyright lines (separated by "|"). Portals (다음뉴스,
네이버 뉴스) carry other outlets' articles: they are never the publisher.

A page names its publisher in several places; `choose_publisher` takes them in
the order of how surely they name this article's outlet (dateline, copyright
line, site name, e-mail domain, web domain) and returns the outlet's Korean name
when the table knows it, else the name as written.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

TABLE = Path(__file__).with_name("data") / "outlets.csv"

# Free mail providers: a reporter's private address says nothing of the outlet.
_FREE_MAIL = frozenset(
    [
        "naver.com",
        "daum.net",
        "hanmail.net",
        "gmail.com",
        "nate.com",
        "kakao.com",
        "hotmail.com",
        "outlook.com",
        "yahoo.com",
        "yahoo.co.kr",
        "empal.com",
        "korea.com",
        "chol.com",
    ]
)


@dataclass(frozen=True)
class Outlet:
    name_ko: str
    name_en: str
    kind: str
    domains: tuple[str, ...]
    aliases: tuple[str, ...]

    @property
    def is_portal(self) -> bool:
        return self.kind == "portal"

    def names(self) -> tuple[str, ...]:
        return (self.name_ko, self.name_en, *self.aliases)


def _key(name: str) -> str:
    return re.sub(r"[\s.·_-]+", "", name).casefold()


@functools.lru_cache(maxsize=1)
def outlets() -> tuple[Outlet, ...]:
    with TABLE.open(encoding="utf-8", newline="") as handle:
        return tuple(
            Outlet(
                name_ko=row["name_ko"].strip(),
                name_en=row["name_en"].strip(),
                kind=row["kind"].strip(),
                domains=tuple(row["domains"].split()),
                aliases=tuple(
                    a.strip() for a in row["aliases"].split("|") if a.strip()
                ),
            )
            for row in csv.DictReader(handle)
        )


@functools.lru_cache(maxsize=1)
def _by_key() -> dict[str, Outlet]:
    table: dict[str, Outlet] = {}
    for outlet in outlets():
        for name in outlet.names():
            table.setdefault(_key(name), outlet)
        for domain in outlet.domains:
            table.setdefault(_key(domain), outlet)
    return table


def by_name(name: str) -> Outlet | None:
    """The outlet called `name` ('뉴스핌', 'Newspim', 'NEWSIS.COM'), if known."""
    key = _key(name or "")
    if not key:
        return None
    found = _by_key().get(key)
    if found is None and key.startswith("www"):
        found = _by_key().get(key[3:])
    return found


def by_domain(host: str) -> Outlet | None:
    """The outlet owning a host name: the longest matching domain suffix wins."""
    host = (host or "").lower().strip(".")
    host = re.sub(r"^[a-z]+://", "", host).split("/")[0].split(":")[0]
    best: tuple[int, Outlet] | None = None
    for outlet in outlets():
        for domain in outlet.domains:
            if (host == domain or host.endswith("." + domain)) and (
                best is None or len(domain) > best[0]
            ):
                best = (len(domain), outlet)
    return best[1] if best else None


def by_email(email: str) -> Outlet | None:
    """The outlet whose reporters write from this address's domain."""
    domain = (email or "").rpartition("@")[2].lower()
    if not domain or domain in _FREE_MAIL:
        return None
    outlet = by_domain(domain)
    return None if outlet is None or outlet.is_portal else outlet


def is_known_outlet(name: str) -> bool:
    outlet = by_name(name)
    return outlet is not None and not outlet.is_portal


def choose_publisher(signals: list[tuple[str, str]]) -> str:
    """The publisher from (kind, value) signals, strongest first.

    Kinds: "name" (a dateline, copyright line or site name as written),
    "email" (a reporter's address) and "host" (where the page was fetched).
    Portal names are skipped; a name the table knows comes out in Korean.
    """
    for kind, value in signals:
        value = (value or "").strip()
        if not value:
            continue
        if kind == "email":
            outlet = by_email(value)
        elif kind == "host":
            outlet = by_domain(value)
            if outlet is None or outlet.is_portal:
                continue
        else:
            outlet = by_name(value) or (by_domain(value) if "." in value else None)
            if outlet is None:
                if _plausible_name(value):
                    return value
                continue
        if outlet is not None and not outlet.is_portal:
            return outlet.name_ko
    return ""


def _plausible_name(value: str) -> bool:
    return (
        2 <= len(value) <= 30
        and bool(re.search(r"[가-힣A-Za-z]", value))
        and not value.startswith(("http", "@"))
        and "." not in value
    )


@functools.lru_cache(maxsize=1)
def site_suffixes() -> tuple[str, ...]:
    """Every outlet and portal name, longest first, for cutting '| 다음뉴스'."""
    names = {n for outlet in outlets() for n in outlet.names() if len(n) >= 2}
    return tuple(sorted(names, key=len, reverse=True))
