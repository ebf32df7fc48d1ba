"""CSV that stands alone (file names carry the filters, rows lead back to the site,
every export linked from its page) and a Korean interface with no loose ends (admin,
ingestion labels and errors, review words apart from stages, login, line breaking)."""

import csv
import io
import re
from datetime import UTC, datetime
from unittest.mock import patch

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import reverse
from django.utils import translation

from districts.models import District
from tests.factories import ArticleFactory, StaffFactory, UserFactory
from tracker.ingest.fetch import FetchError, fetch
from tracker.models import Article, DistrictLink, IngestRun, Initiative, ReviewState

pytestmark = pytest.mark.django_db


def read(response) -> tuple[str, list[list[str]]]:
    data = b"".join(response.streaming_content)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    return response["Content-Disposition"], rows


@pytest.fixture
def story():
    article = ArticleFactory(
        title="강서구, AI 도서관 개관",
        scope="district",
        published_at=datetime(2025, 3, 2, 9, tzinfo=UTC),
    )
    for slug, role, evidence in (
        ("gangseo", "primary", "강서구가 도서관을 열었다."),
        ("yangcheon", "mentioned", "양천구 주민도 쓸 수 있다."),
    ):
        DistrictLink.objects.create(
            article=article,
            district=District.objects.get(slug=slug),
            role=role,
            confidence=0.9,
            evidence=evidence,
        )
    return article


def test_an_article_csv_names_its_filters_and_rows_lead_back_to_the_site(client, story):
    disposition, rows = read(
        client.get(
            reverse("tracker:article-export"),
            {"district": "gangseo", "role": "primary", "published_after": "2020-01-01"},
        )
    )

    assert re.fullmatch(
        r'attachment; filename="articles-gangseo-primary-2020-01-01-\d{8}\.csv"',
        disposition,
    )
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["이 사이트의 주소"] == f"http://testserver/articles/{story.pk}/"
    assert row["주요 자치구"] == "강서구" and row["언급된 자치구"] == "양천구"
    assert (
        row["근거"]
        == "강서구: 강서구가 도서관을 열었다. | 양천구: 양천구 주민도 쓸 수 있다."
    )


def test_a_korean_search_goes_into_the_file_name_readably(client, story):
    disposition, _rows = read(
        client.get(reverse("tracker:article-export"), {"q": "도서관"})
    )
    # Old clients get an ASCII name, the rest the Korean one (RFC 5987).
    assert 'filename="articles-___-' in disposition
    assert "filename*=UTF-8''articles-%EB%8F%84%EC%84%9C%EA%B4%80-" in disposition


def test_the_evidence_csv_is_linked_from_the_article_list_with_its_filters(
    client, story
):
    html = client.get(reverse("tracker:article-list"), {"district": "gangseo"}).content
    assert 'href="/evidence.csv?district=gangseo"' in html.decode()

    disposition, rows = read(client.get("/evidence.csv", {"district": "gangseo"}))
    assert "evidence-gangseo-" in disposition
    assert rows[1][:4] == [
        str(story.pk),
        "강서구, AI 도서관 개관",
        f"http://testserver/articles/{story.pk}/",
        "자치구",
    ]


def test_the_initiative_csv_names_its_filters(client):
    disposition, _rows = read(
        client.get(reverse("tracker:initiative-export"), {"kind": "ordinance"})
    )
    assert re.search(r'filename="initiatives-ordinance-\d{8}\.csv"', disposition)


def test_every_csv_is_linked_from_the_page_it_exports(client):
    pages = {
        reverse("tracker:article-list"): ["/articles/export.csv", "/evidence.csv"],
        reverse("tracker:initiative-list"): ["/initiatives/export.csv"],
        reverse("tracker:initiative-matrix"): ["/initiatives/matrix.csv"],
        reverse("districts:list"): ["/districts.csv"],
        reverse("tracker:compare") + "?districts=gangseo,mapo": ["/compare.csv"],
    }
    for page, exports in pages.items():
        html = client.get(page).content.decode()
        for export in exports:
            assert f'href="{export}' in html, (page, export)


# --- Korean first ---


def test_the_admin_is_the_trackers_in_korean():
    with translation.override("ko"):
        assert str(admin.site.site_header) == "서울 자치구 AI 정책 트래커 관리"
        assert str(Article._meta.verbose_name) == "기사"
        assert str(Initiative._meta.verbose_name_plural) == "정책"
        assert str(Article._meta.get_field("published_at").verbose_name) == "발행 시각"
        assert str(IngestRun._meta.get_field("created_at").verbose_name) == "시작 시각"
    with translation.override("en"):
        assert str(admin.site.site_header) == "Seoul district AI-policy tracker admin"


def test_the_admin_index_and_lists_speak_korean(client, story):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    html = client.get("/admin/").content.decode()
    assert "서울 자치구 AI 정책 트래커 관리" in html and "Django" not in html
    assert "기사·정책·수집" in html and "자치구 연결" in html and "변경 이력" in html
    listing = client.get("/admin/tracker/article/").content.decode()
    assert "발행 시각" in listing and "검토 상태" in listing


def test_review_states_and_stages_use_different_words():
    with translation.override("ko"):
        states = {str(label) for _value, label in ReviewState.choices}
        stages = {str(label) for _value, label in Initiative.Stage.choices}
    assert states == {"제안됨", "확인됨", "거절됨"}
    assert "계획" in stages and not states & stages


def test_a_run_of_several_urls_is_named_in_korean_with_the_english_beside(client):
    client.force_login(StaffFactory())
    with patch("tracker.ingest.queue.enqueue"):  # no fetching here
        client.post(
            reverse("tracker:add-urls"),
            {"urls": "https://news.example/a\nhttps://news.example/b"},
        )
    assert IngestRun.objects.get().label == "URL 2개 (2 URLs)"


def test_fetch_errors_say_in_korean_what_happened_with_the_english_beside():
    with pytest.raises(FetchError) as refused:
        fetch("http://10.0.0.5/page", resolver=lambda host, port: ["10.0.0.5"])
    assert refused.value.reason.startswith(
        "공개 인터넷 주소가 아니어서 가져오지 않았습니다 ("
    )
    assert "only public internet addresses are fetched.)" in refused.value.reason


def test_the_login_page_is_styled_and_korean_lines_break_between_words(client):
    html = client.get(reverse("login")).content.decode()
    assert '<div class="login-card">' in html and 'type="password"' in html
    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    assert "input[type=password]" in css
    assert "word-break: keep-all" in css
