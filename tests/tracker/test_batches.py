"""A backfill stores a batch of documents at a time (tracker/ingest/batches.py): what
it stores is what storing them one by one, in order, would.

Conflicts with other processes and workers, and the lookahead, are in
test_batch_conflicts_and_lookahead.py.
"""

import re

import pytest
from django.db import connection, transaction
from django.db.models import F

from districts.models import District
from tests.factories import html_page
from tests.tracker.archive import (
    ROBOTS,
    Status,
    added,
    assert_each_document_stored_once,
    by_name,
)
from tracker import search
from tracker.ingest import backfill, batches, leases, service
from tracker.models import (
    Article,
    DedupeKey,
    DistrictLink,
    IngestRun,
    Initiative,
    InitiativeLink,
    RawDocument,
    ReviewState,
)

pytestmark = pytest.mark.django_db


def test_a_batch_stores_its_documents_as_one_by_one_would(archive):
    run = added(archive)
    items = leases.take_next_items(run.pk, "backfill-t-", 25)
    assert [item.pk for item in items] == sorted(item.pk for item in items)
    assert {item.task_id for item in items} == {f"backfill-t-{i.pk}" for i in items}

    assert batches.work_on(items) == []

    assert_each_document_stored_once(run)
    done = by_name(run)
    geumcheon = done["01 금천.txt"].article
    # The same bytes, the same story in another layout, and a syndicated copy, each
    # of a document earlier in the same batch.
    assert (done["08 금천 사본.txt"].status, done["08 금천 사본.txt"].error) == (
        Status.DUPLICATE,
        service.SAME_BYTES,
    )
    assert done["08 금천 사본.txt"].article == geumcheon
    gangseo = done["02 강서.txt"].article
    assert done["09 강서.html"].article == gangseo
    assert done["09 강서.html"].error == service.same_as(gangseo.pk)
    copy = done["10 금천 전재.txt"]
    assert copy.status == Status.DUPLICATE
    assert copy.article.duplicate_of == geumcheon
    assert copy.error == service.near_copy_of(geumcheon.pk)
    assert all(item.lease_until is None for item in done.values())
    assert set(RawDocument.objects.values_list("extraction_error", flat=True)) == {""}
    assert RawDocument.objects.get(pk=gangseo.raw_id).encoding == "utf-8"
    if connection.vendor == "postgresql":
        # Stored with their districts' search tokens, as the links' trigger keeps them.
        for article in Article.objects.all():
            links = article.district_links.values_list("district_id", "role")
            assert article.search_grams.startswith(search.district_tokens(links))
            assert article.search_grams.count("zgu") == len(
                search.district_tokens(links).split()
            )


DOBONG_ROBOTS = """도봉구, 경로당 12곳에 AI 말벗 로봇 배치
입력 2026.03.04 10:00
[서울=가람뉴스] 최하린 기자 = 서울 도봉구는 경로당 12곳에 인공지능(AI) 말벗 로봇을 배치한다고 4일 밝혔다.
로봇은 어르신의 안부를 묻고 복약 시간을 알려 준다.
구는 6월까지 이용 기록을 모아 도봉구 전역으로 넓힐지 정한다.
"""
DOBONG_ROBOTS_LATER = """도봉구 AI 말벗 로봇, 어르신 호응에 30곳으로 늘린다
입력 2026.05.20 09:30
[서울=누리일보] 김도윤 기자 = 도봉구가 경로당에 둔 인공지능 말벗 로봇이 어르신들의 호응을 얻자 설치 장소를 30곳으로 늘리기로 했다.
구 관계자는 "AI 말벗 로봇이 외로움을 덜어 준다는 평가가 많다"며 "하반기에는 복지관에도 들이겠다"고 말했다.
도봉구는 올해 예산 2억원을 들여 로봇 운영을 이어 간다.
"""


def test_two_reports_of_a_new_initiative_in_one_batch_give_one_suggestion(tmp_path):
    folder = tmp_path / "robots"
    folder.mkdir()
    (folder / "1.txt").write_text(DOBONG_ROBOTS, encoding="utf-8")
    (folder / "2.txt").write_text(DOBONG_ROBOTS_LATER, encoding="utf-8")
    run = added(folder)

    assert batches.work_on(leases.take_next_items(run.pk, "backfill-t-", 25)) == []

    found = Initiative.objects.get(origin=Initiative.Origin.DISCOVERED)
    assert list(found.districts.values_list("slug", flat=True)) == ["dobong"]
    assert found.known_names == ["AI 말벗 로봇 배치", "인공지능 말벗 로봇"]
    assert (str(found.first_seen), str(found.last_seen)) == ("2026-03-04", "2026-05-20")
    assert found.stage == Initiative.Stage.EXPANDED  # what the later report says
    links = InitiativeLink.objects.filter(initiative=found).order_by("article_id")
    assert [link.name_as_reported for link in links] == [
        "AI 말벗 로봇 배치",
        "인공지능 말벗 로봇",
    ]


# --- The same folder one at a time and a batch at a time ------------------------------

DOBONG_FLOOD_AGREEMENT = """도봉구, 가온데이터와 AI 하천 범람 예측 협약
입력 2026.04.14 10:00
서울 도봉구는 가온데이터㈜와 'AI 하천 범람 예측 서비스' 구축 업무협약을 체결하고 사업비 1억 5천만 원을 들인다고 14일 밝혔다.
구는 하천 수위 자료를 모아 주민에게 미리 알릴 계획이다.
"""
DOBONG_FLOOD_UNDATED = """도봉구 AI 하천 범람 예측 서비스, 한빛대학교와 고도화
서울 도봉구는 한빛대학교와 'AI 하천 범람 예측 서비스' 고도화 업무협약을 맺었다.
구는 내년부터 서비스를 도봉구 전역으로 넓힌다.
"""
SEOUL_CHATBOT = """서울시, 모든 자치구 민원에 'AI 상담 챗봇' 도입
입력 2026.02.03 09:00
서울시는 25개 자치구 민원 창구에 'AI 상담 챗봇'을 도입한다고 3일 밝혔다.
시는 상반기 시범 운영을 거쳐 하반기 전면 도입한다.
"""


def page(text: str, canonical: str) -> str:
    """html_page with a canonical address."""
    head = f'<link rel="canonical" href="{canonical}"></head>'
    return html_page(text).replace("</head>", head, 1)


def mixed_folder(archive):
    """The archive, and (in one batch) a page whose address is one earlier page's and
    whose text is another's; bytes that cannot be read; partners; an undated report; a city-wide
    initiative; a report naming an initiative a curator rejected."""
    jungnang = ROBOTS.format(gu="중랑구", n=5, day=2, month=4)
    seongbuk = ROBOTS.format(gu="성북구", n=7, day=3, month=5)
    (archive / "11 주소.html").write_text(
        page(jungnang, "https://n.example/a"), "utf-8"
    )
    (archive / "12 본문.html").write_text(
        page(seongbuk, "https://n.example/b"), "utf-8"
    )
    (archive / "13 둘 다.html").write_text(
        page(seongbuk, "https://n.example/a"), "utf-8"
    )
    (archive / "14 깨짐.html").write_bytes(b"\x00\x01\x02" * 50)
    (archive / "15 협약.txt").write_text(DOBONG_FLOOD_AGREEMENT, "utf-8")
    (archive / "16 날짜 없음.txt").write_text(DOBONG_FLOOD_UNDATED, "utf-8")
    (archive / "17 서울.txt").write_text(SEOUL_CHATBOT, "utf-8")
    (archive / "18 거절.txt").write_text(
        ROBOTS.format(gu="강북구", n=9, day=8, month=9), "utf-8"
    )
    Initiative.objects.create(
        slug="gangbuk-rejected-robots",
        name_ko="AI 말벗 로봇 배치",
        known_names=["AI 말벗 로봇 배치"],
        origin=Initiative.Origin.DISCOVERED,
        review_state=ReviewState.REJECTED,
    ).districts.set([District.objects.get(slug="gangbuk")])
    return archive


def stored_rows(run: IngestRun) -> dict:
    """Everything a run stored, with ids as stable names (texts' hashes, slugs)."""
    text = dict(Article.objects.values_list("pk", "body_hash"))

    def named(value: str) -> str:
        return re.sub(r"#(\d+)", lambda m: "#" + text[int(m[1])][:12], value)

    def rows(queryset, *fields) -> list:
        return sorted(
            [
                text.get(value, value) if name.endswith("article") else value
                for name, value in zip(fields, row, strict=True)
            ]
            for row in queryset.values_list(*fields)
        )

    initiatives = Initiative.objects.order_by("slug")
    return {
        "items": rows(
            run.items.annotate(hash=F("article__body_hash")),
            "locator",
            "status",
            "hash",
        )
        + [
            named(error)
            for error in run.items.order_by("locator").values_list("error", flat=True)
        ],
        "articles": rows(
            Article.objects.annotate(original=F("duplicate_of__body_hash")),
            "body_hash",
            "url",
            "canonical_url",
            "title",
            "published_at",
            "scope",
            "is_relevant",
            "relevance",
            "original",
            "raw__sha256",
        ),
        "keys": rows(DedupeKey.objects, "article", "key"),
        "districts": rows(
            DistrictLink.objects,
            "article",
            "district__slug",
            "role",
            "mentions",
            "confidence",
            "evidence",
        ),
        "tags": rows(
            InitiativeLink.objects,
            "article",
            "initiative__slug",
            "confidence",
            "evidence",
            "event",
            "event_date",
            "name_as_reported",
            "partners",
            "amount_won",
        ),
        "initiatives": [
            [
                i.slug,
                i.name_ko,
                i.known_names,
                i.first_seen,
                i.last_seen,
                i.stage,
                i.review_state,
                sorted(i.partners.values_list("name_ko", flat=True)),
                sorted(i.districts.values_list("slug", flat=True)),
            ]
            for i in initiatives
        ],
        "raws": rows(RawDocument.objects, "sha256", "extraction_error", "encoding"),
    }


def test_a_folder_stored_a_batch_at_a_time_gives_the_rows_one_at_a_time_gives(
    archive,
):
    folder = mixed_folder(archive)
    with transaction.atomic():
        run = added(folder)
        while (pk := leases.take_next(run.pk, "backfill-one-")) is not None:
            backfill.work_on(pk)
        one_at_a_time = stored_rows(run)
        transaction.set_rollback(True)  # as before either

    run = added(folder)
    backfill.drain(run.pk)

    assert stored_rows(run) == one_at_a_time
    done = by_name(run)
    # What the folder was made to hold, so that the comparison covers it.
    assert done["13 둘 다.html"].article == done["11 주소.html"].article
    assert done["14 깨짐.html"].status == Status.FAILED
    assert done["18 거절.txt"].article.initiative_links.count() == 0
    assert Initiative.objects.get(name_ko__contains="하천").partners.exists()
    assert done["16 날짜 없음.txt"].article.published_at is None
    assert InitiativeLink.objects.filter(
        article=done["17 서울.txt"].article, initiative__districts__isnull=True
    ).exists()
