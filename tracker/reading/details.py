"""Details a sentence gives about an initiative: money and the partners of an agreement."""

from __future__ import annotations

import re

_BIG = {"조": 10**12, "억": 10**8, "만": 10**4}
_SMALL = {"천": 1000, "백": 100, "십": 10}
# 2억원, 2억 8천만 원, 1천200만원, 12억 원, 3,000만 원
_AMOUNT = re.compile(
    r"(?P<amount>(?:\d[\d,]*(?:\.\d+)?\s?(?:조|억|천|백|십|만)*\s?)+|\d[\d,]{3,})\s?원"
)
_TOKEN = re.compile(r"(\d[\d,]*(?:\.\d+)?)|(조|억|만)|(천|백|십)")


def parse_won(text: str) -> int | None:
    """`2억 8천만` -> 280000000, `1천200만` -> 12000000; None when not an amount.

    Korean counts in groups of four digits: 천, 백, 십 multiply within a group, and
    만, 억, 조 close the group.
    """
    total, group, number = 0.0, 0.0, None
    for digits, big, small in _TOKEN.findall(text):
        if digits:
            if number is not None:
                group += number
            number = float(digits.replace(",", ""))
        elif small:
            group += (1 if number is None else number) * _SMALL[small]
            number = None
        else:
            group += number or 0
            total += (group or 1) * _BIG[big]
            group, number = 0.0, None
    total += group + (number or 0)
    return int(total) or None


def amount_near(sentence: str, position: int) -> int | None:
    """The amount of money named closest to `position` in the sentence, in won."""
    best = None
    for match in _AMOUNT.finditer(sentence):
        distance = abs(match.start() - position)
        won = parse_won(match.group("amount"))
        if won and (best is None or distance < best[0]):
            best = (distance, won)
    return best[1] if best else None


# `A와 B, C가 업무협약을`: names before 와/과/및 or listed with commas.
_PARTNER = re.compile(
    r"(?P<name>[가-힣A-Za-z0-9()㈜·\- ]{2,40}?)\s?(?:와|과|및|,)\s?"
    r"(?=[^.]*?(?:업무\s?협약|협약|MOU|맞손))"
)
_ORG = re.compile(
    r"(?:기업|대학교|대학|재단|공사|공단|협회|협의회|경찰서|소방서|센터|은행|㈜|주식회사|"
    r"진흥원|연구원|캠퍼스|병원|텔레콤|청|원|부|\([A-Za-z]+\))$"
)


_DESCRIBED = re.compile(r"(?:기업|업체|회사|스타트업|전문기업|기관|단체)\s+")
_PARTICLE_END = re.compile(r"(?:는|은|가|를|을|에서|에게|에|의|도|로|으로|와|과)$")


def partners(sentence: str) -> tuple[str, ...]:
    """Organisations the sentence names as parties to an agreement."""
    found = []
    for match in _PARTNER.finditer(sentence):
        name = re.split(r"[‘’'\"“”]", match.group("name"))[-1].strip(" ,·")
        # The organisation is what follows the last word that ends in a particle.
        words = name.split()
        for i in range(len(words) - 1, -1, -1):
            if _PARTICLE_END.search(words[i]):
                words = words[i + 1 :]
                break
        name = " ".join(words)
        # `데이터 분석·AI 기술 기업 가온데이터(GD)`: the company is what follows what
        # it is described as.
        name = _DESCRIBED.split(name)[-1].strip()
        if _ORG.search(name) and 2 <= len(name) <= 40 and name not in found:
            found.append(name)
    return tuple(found)
