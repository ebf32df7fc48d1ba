"""The Excel export: opens in openpyxl, Korean headers and text intact, dates as
dates and numbers as numbers, no formula anywhere, the CSV's rows and columns plus
the body, and the same filters as the list; it streams in the request's language and
a client that leaves ends its query. (The workbook's cells: test_workbook.py.)"""

import csv
import io
import random
import zipfile
from datetime import date, datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.utils import translation

from tests.factories import ArticleFactory
from tracker import exports, xlsx
from tracker import workbook as writer
from tracker.models import Article, DistrictLink

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")
DANGEROUS = ['=HYPERLINK("http://x.example","클릭")', "+82 2 120", "-1+2", "@SUM(A1)"]


def workbook(response):
    data = b"".join(response.streaming_content)
    return openpyxl.load_workbook(io.BytesIO(data))


@pytest.fixture
def articles(gangseo, geumcheon):
    made = []
    for district, title, day in [
        (
            gangseo,
            "강서구, AI 돌봄 스피커 보급",
            datetime(2025, 3, 10, 23, 30, tzinfo=SEOUL),
        ),
        (geumcheon, DANGEROUS[0], datetime(2025, 4, 1, 8, tzinfo=SEOUL)),
    ]:
        article = ArticleFactory(
            title=title, published_at=day, author=DANGEROUS[1], publisher=DANGEROUS[3]
        )
        DistrictLink.objects.create(
            article=article, district=district, role="primary", confidence=0.9
        )
        made.append(article)
    return made


def test_the_workbook_opens_with_korean_headers_and_text(client, articles):
    response = client.get("/articles/export.xlsx")

    assert response["Content-Type"] == xlsx.CONTENT_TYPE
    assert response["Content-Disposition"].startswith('attachment; filename="articles-')
    sheet = workbook(response).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("번호", "제목", "발행")
    assert rows[0][-1] == "본문"
    titles = {row[1] for row in rows[1:]}
    assert "강서구, AI 돌봄 스피커 보급" in titles
    assert {row[-1] for row in rows[1:]} == {a.body for a in articles}


def test_no_cell_is_a_formula_and_text_that_looks_like_one_stays_text(client, articles):
    sheet = workbook(client.get("/articles/export.xlsx")).active

    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    texts = {cell.value for cell in cells if cell.data_type == "s"}
    assert {DANGEROUS[0], DANGEROUS[1], DANGEROUS[3]} <= texts


def test_dates_are_dates_and_numbers_are_numbers(client, articles):
    sheet = workbook(client.get("/articles/export.xlsx?sort=oldest")).active

    first = list(sheet[2])
    assert first[0].value == articles[0].pk and first[0].data_type == "n"
    # 23:30 in Seoul is still 10 March there, whatever UTC says.
    assert first[2].is_date and first[2].value.date() == date(2025, 3, 10)
    assert first[2].number_format == "yyyy-mm-dd"
    with translation.override("en"):
        relevance = [str(h) for h in exports.ARTICLE_HEADER].index("Relevance")
    assert first[relevance].value == pytest.approx(0.9)
    assert first[relevance].data_type == "n"


def test_the_workbook_has_the_csvs_rows_and_columns_plus_the_body(client, articles):
    query = "district=gangseo"
    csv_rows = list(
        csv.reader(
            io.StringIO(
                b"".join(
                    client.get(f"/articles/export.csv?{query}").streaming_content
                ).decode("utf-8-sig"),
                newline="",
            )
        )
    )
    sheet = workbook(client.get(f"/articles/export.xlsx?{query}")).active
    rows = list(sheet.iter_rows(values_only=True))

    assert list(rows[0][:-1]) == csv_rows[0]
    assert [row[0] for row in rows[1:]] == [int(r[0]) for r in csv_rows[1:]]
    assert [row[0] for row in rows[1:]] == [articles[0].pk]


def test_the_list_page_links_excel_next_to_csv(client, articles):
    html = client.get("/articles/?district=gangseo").content.decode()

    csv_at = html.index("/articles/export.csv?district=gangseo")
    xlsx_at = html.index("/articles/export.xlsx?district=gangseo")
    assert 0 < xlsx_at - csv_at < 400


def test_the_workbook_streams_before_its_rows_are_read_in_the_requests_language():
    pulled = []

    def rows():
        for n in range(1000):
            pulled.append(n)
            yield [n, f"기사 {n}", date(2025, 1, 1)]

    with translation.override("en"):
        response = xlsx.xlsx_response(
            "a.xlsx",
            xlsx.ARTICLE_HEADER[:3],
            rows(),
            sheet=translation.gettext_lazy("Articles"),
        )
    chunks = iter(response.streaming_content)
    first = next(chunks)

    assert isinstance(response, StreamingHttpResponse)
    assert pulled == []
    data = first + b"".join(chunks)
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet.title == "Articles"
    assert [c.value for c in sheet[1]] == ["ID", "Title", "Published"]
    assert sheet.max_row == 1001 and sheet["B1001"].value == "기사 999"


def test_the_view_answers_in_the_language_asked_for(client, articles):
    response = client.get("/articles/export.xlsx", HTTP_ACCEPT_LANGUAGE="en")

    sheet = workbook(response).active
    assert sheet.title == "Articles"
    assert [c.value for c in sheet[1]][:3] == ["ID", "Title", "Published"]
    assert sheet.cell(1, sheet.max_column).value == "Body text"


@pytest.mark.django_db(transaction=True)  # autocommit, as when a response streams
def test_a_client_that_goes_away_ends_the_query_and_its_transaction(monkeypatch):
    monkeypatch.setattr(writer, "ROWS_PER_WRITE", 1)
    words = random.Random(0)
    for _ in range(3):  # text deflate cannot squeeze: each row leaves at once
        ArticleFactory(
            body="".join(words.choices("가나다라마바사아자차카타파하 ", k=30000))
        )
    response = xlsx.articles_response("a.xlsx", Article.objects.all())
    chunks = iter(response.streaming_content)

    next(chunks)  # the fixed parts
    next(chunks)  # the first row: the query is still running, in its transaction
    assert connection.in_atomic_block
    response.close()

    assert not connection.in_atomic_block
    assert Article.objects.count() == 3  # the connection answers again
