"""The 25 districts as we maintain them in the repository.

Codes are the MOIS 시군구 codes (행정표준코드). Tile positions lay the districts out on a
7 x 5 grid roughly as they lie on a map of Seoul (north at the top, the Han river between
rows 2 and 3), for the SVG tile map.
"""

from typing import NamedTuple


class GuRecord(NamedTuple):
    code: str
    slug: str
    name_ko: str
    name_en: str
    row: int
    col: int


GU = [
    GuRecord("11110", "jongno", "종로구", "Jongno-gu", 1, 3),
    GuRecord("11140", "jung", "중구", "Jung-gu", 2, 3),
    GuRecord("11170", "yongsan", "용산구", "Yongsan-gu", 2, 2),
    GuRecord("11200", "seongdong", "성동구", "Seongdong-gu", 2, 4),
    GuRecord("11215", "gwangjin", "광진구", "Gwangjin-gu", 2, 5),
    GuRecord("11230", "dongdaemun", "동대문구", "Dongdaemun-gu", 1, 5),
    GuRecord("11260", "jungnang", "중랑구", "Jungnang-gu", 1, 6),
    GuRecord("11290", "seongbuk", "성북구", "Seongbuk-gu", 1, 4),
    GuRecord("11305", "gangbuk", "강북구", "Gangbuk-gu", 0, 4),
    GuRecord("11320", "dobong", "도봉구", "Dobong-gu", 0, 5),
    GuRecord("11350", "nowon", "노원구", "Nowon-gu", 0, 6),
    GuRecord("11380", "eunpyeong", "은평구", "Eunpyeong-gu", 0, 2),
    GuRecord("11410", "seodaemun", "서대문구", "Seodaemun-gu", 1, 2),
    GuRecord("11440", "mapo", "마포구", "Mapo-gu", 2, 1),
    GuRecord("11470", "yangcheon", "양천구", "Yangcheon-gu", 3, 0),
    GuRecord("11500", "gangseo", "강서구", "Gangseo-gu", 2, 0),
    GuRecord("11530", "guro", "구로구", "Guro-gu", 4, 0),
    GuRecord("11545", "geumcheon", "금천구", "Geumcheon-gu", 4, 1),
    GuRecord("11560", "yeongdeungpo", "영등포구", "Yeongdeungpo-gu", 3, 1),
    GuRecord("11590", "dongjak", "동작구", "Dongjak-gu", 3, 2),
    GuRecord("11620", "gwanak", "관악구", "Gwanak-gu", 4, 2),
    GuRecord("11650", "seocho", "서초구", "Seocho-gu", 3, 3),
    GuRecord("11680", "gangnam", "강남구", "Gangnam-gu", 3, 4),
    GuRecord("11710", "songpa", "송파구", "Songpa-gu", 3, 5),
    GuRecord("11740", "gangdong", "강동구", "Gangdong-gu", 2, 6),
]

# Short forms that also name something else, so they never count alone:
# 중 is a common syllable; 강서 and 중구 exist in other cities; 강남/강북 name the river banks.
UNSAFE_SHORT = {"중", "강서", "강남", "강북", "동작", "중랑"}

# Places people write instead of the district name. Written by us; dongs come from the
# gazetteer import. G밸리 spans Guro and Geumcheon, so it is listed under both.
LANDMARKS = {
    "gangseo": ["마곡", "마곡지구", "마곡산업단지", "김포공항", "발산역"],
    "geumcheon": ["가산디지털단지", "G밸리", "지밸리", "독산역", "금천구청역"],
    "guro": ["구로디지털단지", "G밸리", "지밸리", "신도림"],
    "gangnam": ["코엑스", "테헤란로", "삼성역", "개포디지털혁신파크"],
    "seocho": ["양재", "양재R&CD", "서초구청"],
    "yeongdeungpo": ["여의도", "문래창작촌"],
    "mapo": ["상암DMC", "디지털미디어시티", "서울창업허브"],
    "songpa": ["잠실", "문정법조단지", "가든파이브"],
    "jongno": ["광화문", "세종문화회관"],
    "jung": ["명동", "서울시청", "을지로"],
    "yongsan": ["용산전자상가", "이태원"],
    "seongdong": ["성수IT산업개발진흥지구", "성수동"],
    "gangdong": ["고덕비즈밸리", "강동첨단업무단지"],
    "nowon": ["창동·상계 신경제중심지"],
    "dobong": ["창동역"],
    "eunpyeong": ["불광역"],
    "gwanak": ["서울대입구역", "낙성벤처밸리"],
    "dongjak": ["노량진"],
}
# Bare area names that can mean the Han-river banks rather than the gu: never safe alone.
UNSAFE_LANDMARKS = {"잠실", "여의도", "양재", "명동", "이태원", "신도림", "노량진"}


def short_ko(name_ko: str) -> str:
    return name_ko.removesuffix("구")


def short_en(name_en: str) -> str:
    return name_en.removesuffix("-gu")


def base_aliases(record: GuRecord) -> list[tuple[str, str, bool]]:
    """(text, kind, is_safe_alone) for the names we keep in the repo."""
    short = short_ko(record.name_ko)
    aliases = [
        # Full names are safe: the linker itself rejects 부산 강서구 or 울산 중구 by context.
        (record.name_ko, "name", True),
        (short, "short", short not in UNSAFE_SHORT),
        (record.name_en, "english", True),
        (f"{short_en(record.name_en)} District", "english", True),
        (f"{record.name_ko}청장", "title", True),
        (f"{record.name_ko}청", "title", True),
        (f"{record.name_ko}의회", "title", True),
    ]
    aliases += [
        (text, "landmark", text not in UNSAFE_LANDMARKS)
        for text in LANDMARKS.get(record.slug, [])
    ]
    return list(dict.fromkeys(aliases))
