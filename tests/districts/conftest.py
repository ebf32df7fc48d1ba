"""The district linker tests' gazetteer (test_gazetteer_roles.py and
test_gazetteer_mentions.py): built without a database from the repo's aliases
(districts/seoul.py) plus a few dongs listed here, once per module."""

import pytest

from districts.gazetteer import AliasRecord, Gazetteer
from districts.seoul import GU, base_aliases

# A handful of real dongs, as the gazetteer import would store them: names found in
# two districts (신사동, 신정동) are not safe alone.
DONGS = [
    ("geumcheon", "독산1동", "dong", True),
    ("geumcheon", "독산동", "legal_dong", True),
    ("gangbuk", "우이동", "dong", True),
    ("gangbuk", "번3동", "dong", True),
    ("gangbuk", "번동", "legal_dong", True),
    ("dobong", "방학동", "legal_dong", True),
    ("dobong", "창동", "legal_dong", True),
    ("jungnang", "상봉동", "legal_dong", True),
    ("gangseo", "화곡동", "legal_dong", True),
    ("gangseo", "가양1동", "dong", True),
    ("gangnam", "신사동", "dong", False),
    ("gwanak", "신사동", "dong", False),
    ("yangcheon", "신정동", "legal_dong", False),
    ("mapo", "신정동", "legal_dong", False),
    ("seodaemun", "합동", "legal_dong", True),
    ("jung", "정동", "legal_dong", True),
    ("jung", "명동", "dong", True),
]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    records = [
        AliasRecord(gu.slug, text, kind, safe)
        for gu in GU
        for text, kind, safe in base_aliases(gu)
    ]
    records += [AliasRecord(*dong) for dong in DONGS]
    return Gazetteer.from_records(records)
