"""The district linker on short articles written for these tests: what is and is not
a mention of a Seoul district. A name inside an organisation, a place or another
word, a photo credit, a landmark alone or a place two districts share does not count;
the same-named gu of another city (Ulsan's or Incheon's Jung-gu, Busan's Gangseo-gu)
is not Seoul's; a dong links its district only in a Seoul context and when it is
safe alone.

Everything here runs without a database: the `gazetteer` fixture
(tests/districts/conftest.py) is built from the repo's aliases (districts/seoul.py)
plus a few dongs. Which role each linked district gets is in
test_gazetteer_roles.py.
"""

import pytest

from tests.districts.linking import match, roles

# --- what is not a mention ---


def test_bare_gangnam_or_gangbuk_as_an_area_is_not_a_district(gazetteer):
    body = "강남에 이은 두 번째 기업 밀집지다. 강북 지역 학원가도 늘었다."
    result = gazetteer.link("", body)
    assert result.matches == []


def test_the_ambiguous_short_name_counts_beside_the_full_name(gazetteer):
    result = gazetteer.link("강서구, AI 특화도시 선언", "구는 'AI 강서' 비전을 밝혔다.")
    assert match(result, "gangseo").mentions == 2


@pytest.mark.parametrize(
    "org",
    [
        "강서양천교육지원청",
        "강서경찰서",
        "강서소방서",
        "강서대학교",
        "한국폴리텍대학 강서캠퍼스",
        "강서구사회복지기관협회",
        "강남세브란스병원",
        "강남데이터센터",
        "구로세관",
        "구로 세관",
        "양천 경찰서",
        "마포대교",
        "도봉산",
        "영등포역",
        "강남구청역",
    ],
)
def test_a_district_name_inside_an_organisation_or_place_is_not_a_mention(
    gazetteer, org
):
    result = gazetteer.link("", f"서울시는 {org}와 협약을 맺었다.")
    assert result.matches == []


def test_organisations_do_not_add_districts_to_an_article_about_another(gazetteer):
    body = (
        "서울 강서구가 14개 기관과 AI 협약을 맺었다. 참여 기관은 강서양천교육지원청, "
        "강서경찰서, 구로세관, 마곡입주기업협의회다."
    )
    result = gazetteer.link("", body)
    assert roles(result) == {"gangseo": "primary"}
    assert match(result, "gangseo").mentions == 1


@pytest.mark.parametrize(
    "body",
    [
        "서울 25개 자치구로 사업을 넓힌다.",
        "동북4구가 함께 한다.",
        "배우 강동원이 홍보대사를 맡았다.",
        "중구난방이던 규정을 정리했다.",
    ],
)
def test_a_short_name_inside_another_word_is_not_a_mention(gazetteer, body):
    assert gazetteer.link("", body).matches == []


def test_a_photo_credit_alone_does_not_link(gazetteer):
    body = "서울시는 AI 민원 상담을 시작한다. (사진=강남구 제공)\n사진 / 송파구청"
    result = gazetteer.link("", body)
    assert result.matches == []
    assert result.scope == "citywide"


def test_a_landmark_alone_does_not_link_but_counts_beside_the_name(gazetteer):
    assert gazetteer.link("", "마곡에서 AI 박람회가 열렸다.").matches == []
    result = gazetteer.link("", "강서구는 마곡에서 AI 박람회를 열었다.")
    assert match(result, "gangseo").mentions == 2


def test_a_place_shared_by_two_districts_is_not_counted_for_either(gazetteer):
    result = gazetteer.link("", "금천구는 G밸리 지원을 늘린다. G밸리는 커지고 있다.")
    assert roles(result) == {"geumcheon": "primary"}
    assert match(result, "geumcheon").mentions == 1


# --- other cities ---


def test_ulsan_jung_gu_is_not_seoul_even_when_later_sentences_drop_the_city(gazetteer):
    title = "중구, AI로 행정혁신"
    body = (
        "울산 중구가 AI 행정 기본계획을 세웠다.\n\n"
        "중구는 추진단을 꾸린다. 김 중구청장은 “변화를 만들겠다”고 말했다."
    )
    result = gazetteer.link(title, body)
    assert result.matches == []
    assert result.scope == "out"


def test_busan_gangseo_gu_is_not_seoul_even_without_the_city_before_it(gazetteer):
    body = (
        "부산시는 국토교통부와 함께 강서구 명지동 스마트빌리지 입주를 축하했다. "
        "부산 스마트시티 시범도시에는 56세대가 산다."
    )
    result = gazetteer.link("스마트빌리지 첫 입주", body)
    assert result.matches == []
    assert result.scope == "out"


def test_a_dong_the_seoul_district_does_not_have_marks_another_city(gazetteer):
    result = gazetteer.link("", "강서구 명지동에 스마트 주택단지가 들어선다.")
    assert result.matches == []
    result = gazetteer.link("", "강서구 화곡동에 스마트 쉼터가 들어선다.")
    assert roles(result) == {"gangseo": "mentioned"}


def test_a_dong_of_seoul_jung_gu_keeps_it_in_seoul_even_if_ambiguous_alone(gazetteer):
    body = "부산과 인천에 이어 중구 정동과 중구 명동에서도 AI 안내를 시작한다."
    assert roles(gazetteer.link("", body)) == {"jung": "mentioned"}
    body = "부산시는 AI 안내를 시작했다. 부산 시민들도 반겼다. 중구 광복동이 첫째다."
    assert gazetteer.link("", body).matches == []


def test_boilerplate_city_names_elsewhere_do_not_unlink_seoul_jung_gu(gazetteer):
    body = "중구(구청장 김길성)는 AI 안내 로봇을 도입한다. 서울 중구청은 명동에 둔다."
    result = gazetteer.link("", body)
    assert roles(result) == {"jung": "primary"}


def test_seoul_prefix_wins_over_another_city_for_the_same_name(gazetteer):
    body = "인천 중구와 달리 서울 중구는 AI 민원 안내를 시작했다."
    result = gazetteer.link("", body)
    assert roles(result) == {"jung": "primary"}
    # Offsets count in "" + "\n\n" + body: the same for every article, titled or not.
    at = body.index("서울 중구") + 3 + 2
    assert match(result, "jung").spans == [(at, at + 2)]


# --- dongs ---


def test_a_dong_written_as_a_dong_links_its_district_with_low_confidence(gazetteer):
    result = gazetteer.link("", "서울 우이동 주민들이 가을 음악회를 연다.")
    assert roles(result) == {"gangbuk": "mentioned"}
    assert match(result, "gangbuk").confidence < 0.4


def test_dongs_add_mentions_to_their_district(gazetteer):
    body = "강북구는 동네 잔치를 연다. 번3동과 우이동에서 열린다."
    assert match(gazetteer.link("", body), "gangbuk").mentions == 3


@pytest.mark.parametrize("body", ["서울 방학역 인근 굴다리", "서울 상봉역 주변 카메라"])
def test_a_dong_inside_a_station_name_is_not_counted(gazetteer, body):
    assert gazetteer.link("", body).matches == []


@pytest.mark.parametrize("body", ["서울 신사동 가로수길", "서울 신정동 주민"])
def test_a_dong_name_of_two_districts_is_not_safe_alone(gazetteer, body):
    assert gazetteer.link("", body).matches == []


def test_a_dong_that_is_also_an_ordinary_word_is_ignored(gazetteer):
    assert gazetteer.link("", "서울시와 구가 합동 점검에 나섰다.").matches == []


def test_a_dong_alone_outside_any_seoul_context_is_not_linked(gazetteer):
    assert gazetteer.link("", "우이동 주민들이 모였다.").matches == []
