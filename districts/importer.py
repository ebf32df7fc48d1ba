"""Load the richer Seoul gazetteer (dongs) into DistrictAlias rows, idempotently."""

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from districts.models import District, DistrictAlias


class GazetteerError(ValueError):
    """The file cannot be used; the message says why."""


@dataclass
class ImportResult:
    created: int
    updated: int
    unchanged: int
    admin_dongs: int
    legal_dongs: int


def read_gazetteer(path: Path) -> list[dict]:
    try:
        entries = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GazetteerError(f"No file at {path}.") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise GazetteerError(f"{path} is not UTF-8 JSON: {error}") from None
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and "code" in e for e in entries
    ):
        raise GazetteerError(f"{path} must be a list of districts with a 'code' each.")
    return entries


def dong_aliases(entries: list[dict]) -> list[tuple[str, str, str, str]]:
    """(district code, text, kind, dong code) for every administrative and legal dong name."""
    rows = []
    for entry in entries:
        # News writes the KOSTAT form (독산1동), not the official one (독산제1동).
        for dong in entry.get("admin_dongs", []):
            rows.append(
                (
                    entry["code"],
                    dong["name_ko"],
                    DistrictAlias.Kind.DONG,
                    dong.get("code") or "",
                )
            )
        for dong in entry.get("legal_dongs", []):
            rows.append(
                (
                    entry["code"],
                    dong["name_ko"],
                    DistrictAlias.Kind.LEGAL_DONG,
                    dong.get("code") or "",
                )
            )
    return rows


@transaction.atomic
def import_gazetteer(entries: list[dict]) -> ImportResult:
    districts = {d.code: d for d in District.objects.all()}
    unknown = sorted({e["code"] for e in entries} - districts.keys())
    if unknown:
        raise GazetteerError(
            f"Codes not among Seoul's 25 districts: {', '.join(unknown)}"
        )
    rows = dong_aliases(entries)
    # A name used in more than one gu (신사동, 신정동) cannot point to a district on its own.
    gu_per_name = Counter(
        text for _, text in {(code, text) for code, text, _, _ in rows}
    )
    existing = {
        (a.district.code, a.text, a.kind): a
        for a in DistrictAlias.objects.filter(
            kind__in=[DistrictAlias.Kind.DONG, DistrictAlias.Kind.LEGAL_DONG]
        ).select_related("district")
    }
    created = updated = unchanged = 0
    seen = set()
    for code, text, kind, dong_code in rows:
        key = (code, text, kind)
        if key in seen:
            continue
        seen.add(key)
        safe = gu_per_name[text] == 1
        alias = existing.get(key)
        if alias is None:
            DistrictAlias.objects.create(
                district=districts[code],
                text=text,
                kind=kind,
                is_safe_alone=safe,
                code=dong_code,
            )
            created += 1
        elif (alias.is_safe_alone, alias.code) != (safe, dong_code):
            alias.is_safe_alone, alias.code = safe, dong_code
            alias.save(update_fields=["is_safe_alone", "code"])
            updated += 1
        else:
            unchanged += 1
    kinds = Counter(kind for _, _, kind, _ in rows)
    return ImportResult(
        created,
        updated,
        unchanged,
        kinds[DistrictAlias.Kind.DONG],
        kinds[DistrictAlias.Kind.LEGAL_DONG],
    )
