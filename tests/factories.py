"""factory_boy factories with readable Korean defaults, for any test that needs rows."""

import hashlib

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from tracker import search
from tracker.models import (
    Article,
    IngestItem,
    IngestRun,
    Initiative,
    InitiativeKind,
    InitiativeLink,
    RawDocument,
    Source,
)
from tracker.reading import dedupe

SAMPLE_TEXT = (
    "서울 금천구는 가산디지털단지에 인공지능(AI) 실증 센터를 열었다고 3일 밝혔다.\n\n"
    "입주 기업은 1년 동안 연산 장비를 무료로 쓸 수 있다."
)


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"analyst{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("비밀번호-1234")

    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True


class StaffFactory(UserFactory):
    """Staff who may run ingestion (tracker.add_ingestrun), not a superuser."""

    username = factory.Sequence(lambda n: f"curator{n}")
    is_staff = True

    @factory.post_generation
    def can_ingest(user, create, extracted, **kwargs):
        if create and extracted is not False:
            user.user_permissions.add(
                Permission.objects.get(
                    content_type__app_label="tracker", codename="add_ingestrun"
                )
            )


class SourceFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"서울 구정 소식 {n}")
    url = factory.Sequence(lambda n: f"https://news{n}.example/rss.xml")

    class Meta:
        model = Source


class RawDocumentFactory(factory.django.DjangoModelFactory):
    content = factory.LazyAttribute(lambda raw: SAMPLE_TEXT.encode())
    sha256 = factory.LazyAttribute(lambda raw: hashlib.sha256(raw.content).hexdigest())
    size = factory.LazyAttribute(lambda raw: len(raw.content))
    content_type = "text/plain; charset=utf-8"
    file_name = factory.Sequence(lambda n: f"기사-{n}.txt")

    class Meta:
        model = RawDocument
        django_get_or_create = ["sha256"]


class ArticleFactory(factory.django.DjangoModelFactory):
    """An article whose body is unique per instance unless `body` is given."""

    raw = factory.SubFactory(
        RawDocumentFactory,
        content=factory.LazyAttribute(lambda raw: raw.factory_parent.body.encode()),
    )
    title = "서울시, 생성형 AI 행정 지침 발표"
    body = factory.Sequence(
        lambda n: (
            f"서울시는 생성형 인공지능(AI) 행정 지침 {n}호를 발표했다고 밝혔다.\n\n"
            "지침은 공무원이 AI를 쓸 때 지켜야 할 개인정보 보호 원칙을 담았다."
        )
    )
    publisher = "가람뉴스"
    body_hash = factory.LazyAttribute(lambda article: dedupe.body_hash(article.body))
    # As the ingestion service stores them, so search works on factory articles too.
    search_title = factory.LazyAttribute(lambda article: search.tokens(article.title))
    search_body = factory.LazyAttribute(lambda article: search.tokens(article.body))
    search_grams = factory.LazyAttribute(
        lambda article: search.grams(article.title, article.body)
    )
    sketch = factory.LazyAttribute(lambda article: dedupe.sketch(article.body))
    is_relevant = True
    relevance = 0.9

    class Meta:
        model = Article


class IngestRunFactory(factory.django.DjangoModelFactory):
    origin = IngestRun.Origin.UPLOAD
    label = "기사 묶음.zip"

    class Meta:
        model = IngestRun


class IngestItemFactory(factory.django.DjangoModelFactory):
    run = factory.SubFactory(IngestRunFactory)
    kind = IngestItem.Kind.FILE
    locator = factory.Sequence(lambda n: f"기사-{n}.txt")

    class Meta:
        model = IngestItem


class InitiativeFactory(factory.django.DjangoModelFactory):
    """A discovered suggestion, as the discovery step creates them; pass `districts`
    as a list of District rows (none: Seoul city-wide) and `kind` as a slug or a row."""

    slug = factory.Sequence(lambda n: f"test-initiative-{n}")
    name_ko = factory.Sequence(lambda n: f"AI 시범사업 {n}호")
    name_en = factory.Sequence(lambda n: f"AI pilot no. {n}")
    category = Initiative.Category.ADMINISTRATION
    origin = Initiative.Origin.DISCOVERED
    review_state = "suggested"
    stage = Initiative.Stage.ANNOUNCED

    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if isinstance(kwargs.get("kind"), str):
            kwargs["kind"] = InitiativeKind.objects.get(slug=kwargs["kind"])
        return super()._create(model_class, *args, **kwargs)

    @factory.post_generation
    def districts(initiative, create, extracted, **kwargs):
        if create and extracted:
            initiative.districts.set(extracted)


class InitiativeLinkFactory(factory.django.DjangoModelFactory):
    article = factory.SubFactory(ArticleFactory)
    initiative = factory.SubFactory(InitiativeFactory)
    confidence = 0.8
    evidence = "구는 인공지능(AI) 시범사업을 시작한다고 밝혔다."

    class Meta:
        model = InitiativeLink


# --- Short Korean news texts written for tests, as a reporter would file them ---

GEUMCHEON_AI_CENTRE = """금천구, G밸리에 인공지능 실증 센터 연다
[서울=가람뉴스] 김하늘 기자 = 서울 금천구는 가산디지털단지에 인공지능(AI) 실증 센터를 열고 중소기업의 AI 서비스 시험을 돕는다고 3일 밝혔다.
센터에는 고성능 연산 장비와 데이터 분석 공간이 마련되며, 입주 기업은 1년 동안 무료로 장비를 쓸 수 있다.
구는 올해 안에 기업 서른 곳을 선정해 전문가 상담과 투자 설명회를 함께 지원할 계획이다.
금천구청장은 "G밸리 기업들이 AI로 새 시장을 여는 출발점이 되길 바란다"고 말했다.
김하늘 기자 sky@garam.example
ⓒ 가람뉴스 무단전재 및 재배포 금지
"""

# The same story from another agency: its own headline, dateline, byline and quote.
GEUMCHEON_AI_CENTRE_SYNDICATED = """금천구, 가산단지에 AI 실증 센터 개소
(서울=누리통신) 박서준 기자 = 서울 금천구는 가산디지털단지에 인공지능(AI) 실증 센터를 열고 중소기업의 AI 서비스 시험을 돕는다고 3일 밝혔다.
센터에는 고성능 연산 장비와 데이터 분석 공간이 마련되며, 입주 기업은 1년 동안 무료로 장비를 쓸 수 있다.
구는 올해 안에 기업 서른 곳을 선정해 전문가 상담과 투자 설명회를 함께 지원할 계획이다.
구청 관계자는 "지역 기업의 기술 실험을 적극 돕겠다"고 전했다.
박서준 기자 seojun@nuri.example
"""

GANGSEO_CARE_SPEAKERS = """강서구, 홀몸 어르신 집에 AI 돌봄 스피커 보급
[서울=가람뉴스] 이도윤 기자 = 서울 강서구는 홀몸 어르신 500가구에 인공지능(AI) 돌봄 스피커를 보급한다고 10일 밝혔다.
스피커는 어르신과 대화를 나누고, 위급한 말이 들리면 보건소와 보호자에게 바로 알린다.
구는 내년까지 보급 대상을 1천 가구로 늘릴 계획이다.
이도윤 기자 doyun@garam.example
"""

NOWON_CIVIL_SERVICE_AI = """노원구, 구청 민원 상담에 생성형 AI 도입
[서울=누리통신] 정하린 기자 = 서울 노원구는 구청 민원 상담 창구에 생성형 인공지능(AI) 상담원을 도입했다고 5일 밝혔다.
AI 상담원은 주민등록과 복지 신청처럼 자주 묻는 질문에 24시간 답한다.
구는 상담 기록을 분석해 답변의 정확도를 계속 높일 예정이다.
"""


def html_page(text: str) -> str:
    """A plain news page around a text above: headline in <h1>, one <p> per line."""
    title, *lines = text.strip().splitlines()
    paragraphs = "".join(f"<p>{line}</p>" for line in lines)
    return (
        '<!doctype html><html lang="ko"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body><article><h1>{title}</h1>"
        f"{paragraphs}</article></body></html>"
    )
