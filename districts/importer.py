"""Load the Seoul gazetteer into the database, idempotently: dongs as DistrictAlias
rows, and gu boundaries, simplified, into District.boundary.

The files ship with the project (districts/data/, sources and credits in its README);
a newer file of the same shape can be given instead.
"""

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from districts.models import District, DistrictAlias
from districts.seoul import GU, base_aliases
from districts.simplify import simplify_geometries

DATA = Path(__file__).resolve().parent / "data"
GAZETTEER_FILE = DATA / "seoul_districts.json"
BOUNDARIES_FILE = DATA / "seoul_gu.geojson"


class GazetteerError(ValueError):
    """The file cannot be used; the message says why."""


@dataclass
class ImportResult:
    created: int
    updated: int
    unchanged: int
    admin_dongs: int
    legal_dongs: int


@dataclass
class BoundaryResult:
    read: int
    updated: int
    unchanged: int


def _read_json(path: Path):
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GazetteerError(f"No file at {path}.") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise GazetteerError(f"{path} is not UTF-8 JSON: {error}") from None


def read_gazetteer(path: Path = GAZETTEER_FILE) -> list[dict]:
    entries = _read_json(path)
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


def read_boundaries(path: Path = BOUNDARIES_FILE) -> dict[str, dict]:
    """Geometries by MOIS code from a GeoJSON FeatureCollection whose features carry
    a `code` property and a Polygon or MultiPolygon in lon/lat."""
    collection = _read_json(path)
    features = (
        collection.get("features") if isinstance(collection, dict) else None
    ) or []
    geometries = {}
    for feature in features:
        code = (feature.get("properties") or {}).get("code")
        geometry = feature.get("geometry") or {}
        if not code or geometry.get("type") not in {"Polygon", "MultiPolygon"}:
            raise GazetteerError(
                f"{path}: every feature needs a 'code' property and a Polygon or "
                "MultiPolygon geometry."
            )
        geometries[str(code)] = geometry
    if not geometries:
        raise GazetteerError(f"{path} is not a GeoJSON FeatureCollection of gu.")
    return geometries


@transaction.atomic
def import_boundaries(geometries: dict[str, dict]) -> BoundaryResult:
    """Store each gu's boundary, simplified together with its neighbours so that
    shared borders still meet (see districts/simplify.py)."""
    districts = {d.code: d for d in District.objects.all()}
    unknown = sorted(geometries.keys() - districts.keys())
    if unknown:
        raise GazetteerError(
            f"Codes not among Seoul's 25 districts: {', '.join(unknown)}"
        )
    updated = unchanged = 0
    for code, boundary in simplify_geometries(geometries).items():
        district = districts[code]
        if district.boundary == boundary:
            unchanged += 1
            continue
        district.boundary = boundary
        district.save(update_fields=["boundary"])
        updated += 1
    return BoundaryResult(len(geometries), updated, unchanged)


@transaction.atomic
def sync_repo_aliases() -> tuple[int, int, int]:
    """(created, updated, unchanged) for the names and landmarks of districts/seoul.py.

    Migration 0002 loaded them into every database; this brings an older database up
    to date after LANDMARKS changed. Aliases no longer listed are left in place: a
    curator may have added them in the admin.
    """
    districts = {d.code: d for d in District.objects.all()}
    existing = {
        (a.district_id, a.text, a.kind): a
        for a in DistrictAlias.objects.exclude(
            kind__in=[DistrictAlias.Kind.DONG, DistrictAlias.Kind.LEGAL_DONG]
        )
    }
    created = updated = unchanged = 0
    for record in GU:
        district = districts[record.code]
        for text, kind, safe in base_aliases(record):
            alias = existing.get((district.pk, text, kind))
            if alias is None:
                DistrictAlias.objects.create(
                    district=district, text=text, kind=kind, is_safe_alone=safe
                )
                created += 1
            elif alias.is_safe_alone != safe:
                alias.is_safe_alone = safe
                alias.save(update_fields=["is_safe_alone"])
                updated += 1
            else:
                unchanged += 1
    return created, updated, unchanged
