import io
import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from districts.importer import GazetteerError, import_gazetteer, read_gazetteer
from districts.models import District, DistrictAlias
from districts.seoul import GU, base_aliases

pytestmark = pytest.mark.django_db


def test_a_fresh_database_has_the_25_districts_with_mois_codes():
    assert District.objects.count() == 25
    geumcheon = District.objects.get(code="11545")
    assert (geumcheon.name_ko, geumcheon.name_en, geumcheon.slug) == (
        "금천구",
        "Geumcheon-gu",
        "geumcheon",
    )
    gangseo = District.objects.get(code="11500")
    assert (gangseo.name_ko, gangseo.short_ko, gangseo.short_en) == (
        "강서구",
        "강서",
        "Gangseo",
    )


def test_every_district_has_its_own_tile():
    tiles = set(District.objects.values_list("tile_row", "tile_col"))
    assert len(tiles) == 25


def test_ambiguous_short_names_are_not_safe_alone():
    unsafe = set(
        DistrictAlias.objects.filter(kind="short", is_safe_alone=False).values_list(
            "text", flat=True
        )
    )
    assert {"중", "강서", "강남", "강북"} <= unsafe
    assert DistrictAlias.objects.get(kind="short", text="금천").is_safe_alone


def test_district_list_shows_all_names_and_codes_in_korean(client):
    response = client.get(reverse("districts:list"))
    html = response.content.decode()
    assert response.status_code == 200
    for district in District.objects.all():
        assert district.name_ko in html
        assert district.name_en in html
        assert district.code in html
    assert "<svg" in html and 'href="/districts/geumcheon/"' in html
    assert '<html lang="ko">' in html
    assert "서울 25개 자치구" in html


def test_district_list_switches_to_english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/districts/"})
    html = client.get(reverse("districts:list")).content.decode()
    assert '<html lang="en">' in html
    assert "Seoul's 25 districts" in html
    assert "서울 25개 자치구" not in html
    # English first on tiles: the short English name is the tile label, broken
    # between syllables when it is too long for a tile on a phone.
    assert re.search(
        r'<text class="tile-name"[^>]*><tspan[^>]*>Geum-</tspan><tspan[^>]*>cheon</tspan>',
        html,
    )


def test_district_page_shows_names_and_code(client, geumcheon):
    html = client.get(geumcheon.get_absolute_url()).content.decode()
    assert "금천구" in html and "Geumcheon-gu" in html and "11545" in html
    assert "가산디지털단지" in html


def test_unknown_district_is_404(client):
    assert client.get("/districts/atlantis/").status_code == 404


def write_gazetteer(tmp_path, entries):
    path = tmp_path / "gazetteer.json"
    path.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    return path


GAZETTEER = [
    {
        "code": "11545",
        "admin_dongs": [
            {"name_ko": "독산1동", "name_official": "독산제1동", "code": "1154551000"}
        ],
        "legal_dongs": [{"name_ko": "독산동", "code": "11545102"}],
    },
    {
        "code": "11680",
        "admin_dongs": [{"name_ko": "신사동", "code": "1168051000"}],
        "legal_dongs": [],
    },
    {
        "code": "11620",
        "admin_dongs": [{"name_ko": "신사동", "code": "1162068500"}],
        "legal_dongs": [],
    },
]


def test_import_gazetteer_adds_dongs_and_a_second_run_changes_nothing(tmp_path):
    path = write_gazetteer(tmp_path, GAZETTEER)

    first = import_gazetteer(read_gazetteer(path))
    before = list(DistrictAlias.objects.order_by("pk").values())
    second = import_gazetteer(read_gazetteer(path))

    assert (first.created, first.admin_dongs, first.legal_dongs) == (4, 3, 1)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 4)
    assert list(DistrictAlias.objects.order_by("pk").values()) == before
    dong = DistrictAlias.objects.get(text="독산1동")
    assert (dong.district.slug, dong.kind, dong.is_safe_alone) == (
        "geumcheon",
        "dong",
        True,
    )


def test_a_dong_name_in_two_districts_is_not_safe_alone(tmp_path):
    import_gazetteer(read_gazetteer(write_gazetteer(tmp_path, GAZETTEER)))
    sinsa = DistrictAlias.objects.filter(text="신사동")
    assert sorted(sinsa.values_list("district__slug", flat=True)) == [
        "gangnam",
        "gwanak",
    ]
    assert not any(sinsa.values_list("is_safe_alone", flat=True))


def test_import_gazetteer_rejects_a_code_outside_seoul(tmp_path):
    path = write_gazetteer(tmp_path, [{"code": "26440", "admin_dongs": []}])
    with pytest.raises(GazetteerError, match="26440"):
        import_gazetteer(read_gazetteer(path))


def test_import_gazetteer_command_explains_a_missing_or_broken_file(tmp_path):
    with pytest.raises(CommandError, match="No file"):
        call_command("import_gazetteer", tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="not UTF-8 JSON"):
        call_command("import_gazetteer", broken)


# --- the gazetteer shipped in districts/data/ ---


def test_the_shipped_gazetteer_loads_every_dong_and_every_boundary():
    call_command("import_gazetteer", stdout=io.StringIO())

    assert DistrictAlias.objects.dongs().count() == 426
    assert DistrictAlias.objects.legal_dongs().count() == 467
    assert District.objects.exclude(boundary=None).count() == 25
    geumcheon = District.objects.get(slug="geumcheon")
    assert set(geumcheon.aliases.dongs().values_list("text", flat=True)) == {
        "가산동",
        "독산1동",
        "독산2동",
        "독산3동",
        "독산4동",
        "시흥1동",
        "시흥2동",
        "시흥3동",
        "시흥4동",
        "시흥5동",
    }
    assert geumcheon.boundary["type"] == "Polygon"
    ring = geumcheon.boundary["coordinates"][0]
    assert ring[0] == ring[-1] and len(ring) > 20
    # lon, lat: Geumcheon lies south-west of Seoul City Hall (126.978, 37.566).
    assert all(126.8 < lon < 126.978 and 37.4 < lat < 37.566 for lon, lat in ring)


def test_a_second_import_of_the_shipped_files_reports_everything_unchanged():
    call_command("import_gazetteer", stdout=io.StringIO())
    before = (
        list(DistrictAlias.objects.order_by("pk").values()),
        list(District.objects.order_by("pk").values()),
    )
    out = io.StringIO()

    call_command("import_gazetteer", stdout=out)

    repo_names = sum(len(base_aliases(gu)) for gu in GU)
    assert out.getvalue().splitlines() == [
        f"Names and landmarks kept in the repo: 0 created, 0 updated, "
        f"{repo_names} unchanged.",
        "Read 426 administrative and 467 legal dongs. "
        "Aliases: 0 created, 0 updated, 893 unchanged.",
        "Read 25 gu boundaries. Boundaries: 0 stored, 25 unchanged.",
    ]
    after = (
        list(DistrictAlias.objects.order_by("pk").values()),
        list(District.objects.order_by("pk").values()),
    )
    assert after == before


def test_the_import_brings_back_a_landmark_kept_in_the_repo(geumcheon):
    geumcheon.aliases.filter(text="가산디지털단지").delete()
    out = io.StringIO()

    call_command("import_gazetteer", stdout=out)

    assert "Names and landmarks kept in the repo: 1 created" in out.getvalue()
    assert geumcheon.aliases.get(text="가산디지털단지").kind == "landmark"


def test_a_newer_file_and_boundaries_can_be_given(tmp_path):
    square = [[126.9, 37.45], [126.91, 37.45], [126.91, 37.46], [126.9, 37.45]]
    geojson = tmp_path / "gu.geojson"
    geojson.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"code": "11545"},
                        "geometry": {"type": "Polygon", "coordinates": [square]},
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    out = io.StringIO()

    call_command(
        "import_gazetteer",
        write_gazetteer(tmp_path, GAZETTEER),
        boundaries=geojson,
        stdout=out,
    )

    assert "Read 3 administrative and 1 legal dongs." in out.getvalue()
    assert "Read 1 gu boundaries. Boundaries: 1 stored, 0 unchanged." in out.getvalue()
    assert District.objects.get(code="11545").boundary == {
        "type": "Polygon",
        "coordinates": [square],
    }
    assert District.objects.exclude(boundary=None).count() == 1


def test_boundaries_outside_seoul_or_without_codes_are_refused(tmp_path):
    def geojson(properties):
        path = tmp_path / "gu.geojson"
        feature = {
            "type": "Feature",
            "properties": properties,
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[0, 0], [1, 0], [0, 1], [0, 0]]],
            },
        }
        path.write_text(
            json.dumps({"type": "FeatureCollection", "features": [feature]})
        )
        return path

    with pytest.raises(CommandError, match="26440"):
        call_command("import_gazetteer", boundaries=geojson({"code": "26440"}))
    with pytest.raises(CommandError, match="needs a 'code' property"):
        call_command("import_gazetteer", boundaries=geojson({"name": "금천구"}))
    assert not District.objects.exclude(boundary=None).exists()
    assert not DistrictAlias.objects.dongs().exists()


def test_a_district_page_lists_its_dongs_from_the_shipped_gazetteer(client, geumcheon):
    call_command("import_gazetteer", stdout=io.StringIO())

    html = client.get(geumcheon.get_absolute_url()).content.decode()

    dongs = html[html.index('id="dongs"') :]
    assert '<a href="#dongs">10</a>' in html
    assert "<li>가산동</li>" in dongs and "<li>독산1동</li>" in dongs
    assert "<li>시흥5동</li>" in dongs
    # Legal dongs too, and none of another district's.
    assert "<li>독산동</li>" in dongs and "<li>시흥동</li>" in dongs
    assert "화곡" not in dongs
