"""The district linker on short articles written for these tests: which districts an
article is about and in what role. The subject of the headline, a district acting in
the lead and each district of a list that acts (a subject particle, a count, a
roundup, short names joined by dots) are primary, a district named in passing only
mentioned; a menu that only enumerates districts links none of them. Also the
article's scope when no district is linked, spans and confidence, English names, and
the gazetteer loaded from the database.

Everything except the database gazetteer test runs without a database: the
`gazetteer` fixture (tests/districts/conftest.py) is built from the repo's aliases
(districts/seoul.py) plus a few dongs. What is and is not a mention (organisations,
places, other cities, dongs) is in test_gazetteer_mentions.py.
"""

import pytest

from districts.gazetteer import LinkResult, link_districts, load_gazetteer
from districts.seoul import GU
from tests.districts.linking import match, roles

# --- roles ---


def test_the_subject_of_the_headline_is_primary_and_a_complex_list_only_mentions(
    gazetteer,
):
    title = "금천구, 가산디지털단지에 AI 지원센터 연다"
    body = (
        "서울 금천구가 G밸리에 인공지능 지원센터를 세운다고 3일 밝혔다.\n\n"
        "G밸리는 1단지 구로구, 2·3단지 금천구로 나뉜다. "
        "구청장은 “G밸리는 강남에 이은 서울 2위의 기업 밀집지”라고 말했다. "
        "센터는 옛 구로세관 부지에 들어선다."
    )
    result = gazetteer.link(title, body)

    assert roles(result) == {"geumcheon": "primary", "guro": "mentioned"}
    assert result.scope == "district"
    geumcheon, guro = match(result, "geumcheon"), match(result, "guro")
    assert geumcheon.evidence.startswith("서울 금천구가 G밸리에")
    assert guro.mentions == 1
    assert guro.evidence == "G밸리는 1단지 구로구, 2·3단지 금천구로 나뉜다."
    assert geumcheon.confidence > guro.confidence


def test_spans_are_offsets_into_title_blank_line_body(gazetteer):
    title = "금천구, 독산1동에 돌봄 로봇"
    body = "한도윤 금천구청장은 가산디지털단지에서 열린 행사에서 계획을 밝혔다."
    text = f"{title}\n\n{body}"
    result = gazetteer.link(title, body)

    spans = match(result, "geumcheon").spans
    assert [text[s:e] for s, e in spans] == [
        "금천구",
        "독산1동",
        "금천구청장",
        "가산디지털단지",
    ]
    assert match(result, "geumcheon").mentions == 4


@pytest.mark.parametrize(
    "body",
    [
        "강서구는 AI 특화도시를 선언했다.",
        "강서구(구청장 박서진)는 AI 특화도시를 선언했다.",
        "강서구(구청장 박서진)가 AI 특화도시를 선언했다.",
        "박서진 강서구청장은 AI 특화도시를 선언했다.",
        "이날 행사에서 강서구청장이 AI 특화도시를 선언했다.",
        "강서구에 따르면 AI 특화도시 선언식이 열렸다.",
    ],
)
def test_the_district_acting_in_the_lead_is_primary(gazetteer, body):
    result = gazetteer.link("", body)
    assert roles(result) == {"gangseo": "primary"}
    assert match(result, "gangseo").evidence == body


def test_every_district_with_its_own_initiative_in_a_roundup_is_primary(gazetteer):
    title = "자치구마다 스마트 서비스 시범사업"
    body = (
        "서울디지털재단은 강동·양천·은평구 등 3개 자치구에서 시범사업을 한다. "
        "은평구에는 AI CCTV가, 강동구에는 스마트 보관소가 들어선다. "
        "양천구에는 스마트 횡단보도가 생긴다."
    )
    result = gazetteer.link(title, body)
    assert roles(result) == {
        "gangdong": "primary",
        "yangcheon": "primary",
        "eunpyeong": "primary",
    }
    assert all(m.mentions == 2 for m in result.matches)


def test_a_list_with_a_subject_particle_makes_every_member_primary(gazetteer):
    result = gazetteer.link("", "강동·양천·은평구는 올해 AI 돌봄 사업을 함께 시작한다.")
    assert roles(result) == dict.fromkeys(
        ["gangdong", "yangcheon", "eunpyeong"], "primary"
    )


def test_a_list_closed_by_a_count_takes_the_particle_after_the_count(gazetteer):
    body = "서울시 공모에 강남구, 서초구 등 2개 구가 선정됐다. 1단지 구로구 등 3곳."
    result = gazetteer.link("", body)
    assert roles(result) == {
        "gangnam": "primary",
        "seocho": "primary",
        "guro": "mentioned",
    }


def test_short_names_joined_by_dots_count_and_mayors_make_them_primary(gazetteer):
    body = (
        "강북·성북·도봉·노원 4개 구가 함께 축제를 연다. "
        "박 강북구청장, 김 성북구청장, 이 도봉구청장, 김 노원구청장이 참석한다."
    )
    result = gazetteer.link("", body)
    assert roles(result) == dict.fromkeys(
        ["gangbuk", "seongbuk", "dobong", "nowon"], "primary"
    )


def test_in_a_list_of_short_names_only_the_ambiguous_gangnam_is_left_out(gazetteer):
    body = "서초구는 AI 센터를 연다. 강남·마포 등 수도권 기업의 신청이 이어졌다."
    result = gazetteer.link("", body)
    assert roles(result) == {"seocho": "primary", "mapo": "mentioned"}


def test_an_ambiguous_short_name_counts_in_a_list_closed_by_a_full_name(gazetteer):
    result = gazetteer.link("", "강서·양천·구로구는 AI 교육을 함께 연다.")
    assert roles(result) == dict.fromkeys(["gangseo", "yangcheon", "guro"], "primary")


# --- scope ---


def test_a_seoul_city_policy_without_a_district_is_citywide(gazetteer):
    body = "서울시가 AI 행정 계획을 발표했다. 시는 3년간 2000억원을 들인다."
    result = gazetteer.link("서울시, AI 행정 확대", body)
    assert result.matches == []
    assert result.scope == "citywide"


def test_no_place_at_all_is_unknown(gazetteer):
    result = gazetteer.link("", "연구팀은 음성 분석 AI 의료기기를 개발한다.")
    assert result == LinkResult(matches=[], scope="unknown")


# --- confidence, english ---


def test_confidence_is_highest_for_a_headline_subject_with_many_mentions(gazetteer):
    strong = gazetteer.link(
        "금천구, AI 센터", "금천구는 센터를 연다. 금천구청장은 말했다."
    )
    weak = gazetteer.link("", "행사는 서울 독산1동에서 열렸다.")
    assert match(strong, "geumcheon").confidence > 0.9
    assert match(weak, "geumcheon").confidence < 0.4
    assert all(0 <= m.confidence <= 1 for m in strong.matches + weak.matches)


def test_english_names_link(gazetteer):
    result = gazetteer.link(
        "", "Geumcheon-gu opened an AI centre; Gangseo District joined."
    )
    assert set(roles(result)) == {"geumcheon", "gangseo"}


def test_link_districts_uses_the_gazetteer_given(gazetteer):
    result = link_districts("금천구, AI 센터", "", gazetteer=gazetteer)
    assert roles(result) == {"geumcheon": "primary"}


# --- the database gazetteer ---


@pytest.mark.django_db
def test_load_gazetteer_reads_the_aliases_and_forgets_them_when_they_change():
    from districts.models import District, DistrictAlias

    load_gazetteer.cache_clear()
    gazetteer = load_gazetteer()
    assert load_gazetteer() is gazetteer
    assert roles(link_districts("금천구, AI 센터", "")) == {"geumcheon": "primary"}

    DistrictAlias.objects.create(
        district=District.objects.get(slug="geumcheon"),
        text="시흥대로 AI거리",
        kind=DistrictAlias.Kind.DONG,
        is_safe_alone=True,
    )
    assert load_gazetteer() is not gazetteer
    result = link_districts("", "서울 시흥대로 AI거리에 로봇이 다닌다.")
    assert roles(result) == {"geumcheon": "mentioned"}
    load_gazetteer.cache_clear()


# --- navigation and roundups ---

MENU = "자치구 소식: " + " ".join(gu.name_ko for gu in GU)


def test_a_line_that_only_enumerates_districts_links_none_of_them(gazetteer):
    result = gazetteer.link("", f"{MENU}\n서울 금천구는 AI 실증 센터를 연다고 밝혔다.")
    assert roles(result) == {"geumcheon": "primary"}
    assert match(result, "geumcheon").mentions == 1


def test_a_menu_taken_for_a_headline_makes_no_district_primary(gazetteer):
    result = gazetteer.link(MENU, "서울시는 AI 행정 계획을 발표했다.")
    assert result.matches == []
    pipes = "종로구 | 중구 | 용산구 | 성동구 | 광진구 | 동대문구"
    assert gazetteer.link(pipes, "행사가 열렸다.").matches == []


def test_a_sentence_that_lists_districts_with_a_predicate_still_links_them(gazetteer):
    body = "강남구, 서초구, 송파구, 강동구 등 동남권 4개 구는 AI 센터를 함께 연다."
    result = gazetteer.link("", body)
    assert roles(result) == dict.fromkeys(
        ["gangnam", "seocho", "songpa", "gangdong"], "primary"
    )


def test_in_a_roundup_districts_listed_before_deung_i_are_all_primary(gazetteer):
    body = (
        "14일 서울 자치구에 따르면 관악구, 종로구 등이 AI 돌봄 로봇 보급을 늘리고 있다. "
        "관악구는 반려로봇 100대를 추가로 보급한다."
    )
    assert roles(gazetteer.link("", body)) == {"gwanak": "primary", "jongno": "primary"}


def test_a_district_named_in_the_deck_under_the_headline_is_primary(gazetteer):
    title = "말벗 로봇부터 안내 로봇까지…AI 로봇 각양각색"
    body = "자치구마다 로봇 활용이 늘고 있다. 서초구 사례도 있다."
    result = gazetteer.link(title, body, deck="강남구 민원안내 로봇 배치")
    assert roles(result) == {"gangnam": "primary", "seocho": "mentioned"}
    # The deck is read after the body: offsets into headline + body stay put.
    text = f"{title}\n\n{body}"
    (seocho,) = match(result, "seocho").spans
    assert text[seocho[0] : seocho[1]] == "서초구"
