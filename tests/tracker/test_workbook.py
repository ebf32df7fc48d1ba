"""The streamed workbook writer, read back as a spreadsheet would read it: a sound zip,
typed cells (numbers, booleans, Excel dates in the given time zone), a bold frozen
header with widths and an autofilter, text that is never a formula, cleaned of what
XML cannot hold and cut to Excel's cell size, and bytes that leave before the rows
are all read."""

import io
import random
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl

from tracker import workbook

SEOUL = ZoneInfo("Asia/Seoul")
HEADER = ["번호", "제목", "발행", "시각", "관련성", "확인", "금액"]


def xlsx(rows, header=HEADER, **options) -> bytes:
    return b"".join(workbook.stream(header, rows, **options))


def sheet(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


def sheet_xml(data: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()


def test_the_zip_is_sound_and_each_entry_carries_a_data_descriptor():
    data = xlsx([[1, "가"]] * 1000)

    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    assert archive.namelist()[0] == "[Content_Types].xml"
    assert "xl/worksheets/sheet1.xml" in archive.namelist()
    assert all(info.flag_bits & 0x08 for info in archive.infolist())


def test_no_entry_carries_zip64_headers_it_does_not_need():
    data = xlsx([[1, "가"]] * 1000)

    # Local headers: version needed 2.0, no Zip64 extra field (id 0x0001).
    for info in zipfile.ZipFile(io.BytesIO(data)).infolist():
        local = data[info.header_offset : info.header_offset + 30]
        assert local[4:6] == (20).to_bytes(2, "little"), info.filename
        extra_length = int.from_bytes(local[28:30], "little")
        name_end = info.header_offset + 30 + len(info.filename.encode())
        assert b"\x01\x00" not in data[name_end : name_end + extra_length][:2]


def test_rows_past_what_a_sheet_holds_end_in_a_note(monkeypatch):
    monkeypatch.setattr(workbook, "MAX_SHEET_ROWS", 5)

    cut = sheet(xlsx([[n, "가"] for n in range(10)], cut_note="CSV has all rows"))
    whole = sheet(xlsx([[n, "가"] for n in range(4)], cut_note="CSV has all rows"))

    assert [row[0] for row in cut.iter_rows(min_row=2, values_only=True)] == [
        0,
        1,
        2,
        3,
        "CSV has all rows",
    ]
    assert whole.max_row == 5 and whole.cell(5, 1).value == 3
    # A list exactly as long as a sheet holds is whole, without a note.
    full = sheet(xlsx([[n, "가"] for n in range(5)], cut_note="CSV has all rows"))
    assert [row[0] for row in full.iter_rows(min_row=2, values_only=True)] == [
        0,
        1,
        2,
        3,
        4,
    ]


def test_an_empty_header_name_is_an_empty_cell():
    assert sheet(xlsx([[1, 2]], header=["", "이름"])).cell(1, 2).value == "이름"


def test_a_sheet_whose_text_would_pass_two_gigabytes_is_cut_too(monkeypatch):
    monkeypatch.setattr(workbook, "MAX_SHEET_BYTES", 5_000)
    rows = [[n, "가" * 300] for n in range(50)]

    values = [row[0] for row in sheet(xlsx(rows)).iter_rows(values_only=True)]

    assert 1 < len(values) < 50
    assert values[-1] == workbook.CUT_NOTE
    assert values[1:-1] == list(range(len(values) - 2))


def test_numbers_booleans_dates_and_moments_keep_their_types():
    moment = datetime(2025, 3, 10, 14, 30, tzinfo=UTC)  # 23:30 in Seoul
    row = [7, "강서구, AI 돌봄", date(2025, 3, 10), moment, 0.9, True, Decimal("1.5")]

    cells = list(sheet(xlsx([row], tz=SEOUL))[2])

    assert [c.value for c in cells] == [
        7,
        "강서구, AI 돌봄",
        datetime(2025, 3, 10),
        datetime(2025, 3, 10, 23, 30),
        0.9,
        True,
        1.5,
    ]
    assert [c.data_type for c in cells] == ["n", "s", "d", "d", "n", "b", "n"]
    assert cells[2].number_format == "yyyy-mm-dd"
    assert cells[3].number_format == "yyyy-mm-dd hh:mm"


def test_a_number_excel_cannot_hold_is_written_as_text():
    ws = sheet(xlsx([[float("nan"), Decimal("Infinity")]], header=["a", "b"]))

    assert [(c.value, c.data_type) for c in ws[2]] == [("nan", "s"), ("Infinity", "s")]


def test_a_naive_moment_is_written_as_it_is_and_blanks_stay_blank():
    rows = [[None, "", None, datetime(2025, 1, 2, 3, 4)]]

    cells = list(sheet(xlsx(rows, header=["a", "b", "c", "d"]))[2])

    assert [c.value for c in cells] == [None, None, None, datetime(2025, 1, 2, 3, 4)]


def test_the_header_is_bold_frozen_filtered_and_the_columns_have_their_widths():
    rows = [[n, f"기사 {n}"] for n in range(3)]

    ws = sheet(xlsx(rows, header=["번호", "제목"], sheet="기사", widths={1: 60}))

    assert ws.title == "기사"
    assert [c.value for c in ws[1]] == ["번호", "제목"]
    assert all(c.font.b for c in ws[1]) and not ws["A2"].font.b
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:B4"
    assert round(ws.column_dimensions["B"].width) == 61  # 60 digits and the padding
    assert ws.max_row == 4


def test_the_workbook_names_the_filtered_range():
    data = xlsx([[1, 2]] * 5, header=["a", "b"], sheet="It's")

    names = zipfile.ZipFile(io.BytesIO(data)).read("xl/workbook.xml").decode()
    assert "'It''s'!$A$1:$B$6</definedName>" in names


def test_text_that_looks_like_a_formula_stays_text():
    dangerous = [
        '=HYPERLINK("http://x.example","클릭")',
        "+82 2 120",
        "-1+2",
        "@SUM(A1)",
    ]

    data = xlsx([dangerous], header=["a", "b", "c", "d"])

    cells = list(sheet(data)[2])
    assert [c.value for c in cells] == dangerous
    assert {c.data_type for c in cells} == {"s"}
    assert "<f>" not in sheet_xml(data)


def test_characters_xml_cannot_hold_are_removed_and_markup_is_escaped():
    text = "가\x00나\x1f다\x0b<b>&amp;\ud800\t줄\n바꿈"

    assert sheet(xlsx([[text]], header=["본문"]))["A2"].value == (
        "가나다<b>&amp;\t줄\n바꿈"
    )


def test_spaces_at_either_end_are_kept():
    assert sheet(xlsx([["  들여 쓴 줄 "]], header=["a"]))["A2"].value == (
        "  들여 쓴 줄 "
    )


def test_text_that_reads_as_an_excel_escape_stays_literal():
    data = xlsx([["a_x0041_b"]], header=["a"])

    # Excel turns _x0041_ into "A"; its escaped underscore keeps the text as it was.
    assert "<t>a_x005F_x0041_b</t>" in sheet_xml(data)


def test_text_longer_than_a_cell_is_cut_with_a_mark():
    value = sheet(xlsx([["가" * 40000]], header=["본문"]))["A2"].value

    assert len(value) == workbook.MAX_CELL_CHARACTERS
    assert value == "가" * (workbook.MAX_CELL_CHARACTERS - 1) + "…"


def test_the_sheet_name_is_one_excel_allows():
    assert workbook.sheet_name("a/b:c[d]?*\\e") == "a_b_c_d____e"
    assert workbook.sheet_name("'인용'") == "인용"
    assert workbook.sheet_name("가" * 40) == "가" * 31
    assert workbook.sheet_name("") == "Sheet1"
    assert sheet(xlsx([[1]], header=["a"], sheet="기사 [2025]")).title == "기사 _2025_"


def test_a_row_longer_than_the_header_keeps_its_cells():
    ws = sheet(xlsx([[1, 2, 3]], header=["a"]))

    assert [c.value for c in ws[2]] == [1, 2, 3]
    assert ws.auto_filter.ref == "A1:A2"


def test_the_first_bytes_leave_before_the_rows_are_read():
    total = 5 * workbook.ROWS_PER_WRITE
    pulled = []
    words = random.Random(0)

    def rows():
        for n in range(total):
            pulled.append(n)
            yield [n, "".join(words.choices("가나다라마바사 아자차카타파하", k=2000))]

    chunks = workbook.stream(["번호", "본문"], rows())
    first = next(chunks)
    assert first.startswith(b"PK") and pulled == []  # the fixed parts, at once
    second = next(chunks)
    assert second and len(pulled) < total  # rows leave while later ones wait
    rest = b"".join(chunks)
    assert len(pulled) == total
    assert sheet(first + second + rest).max_row == total + 1


def test_a_reader_that_goes_away_closes_the_rows():
    closed = []

    def rows():
        try:
            while True:
                yield [1]
        finally:
            closed.append(True)

    chunks = workbook.stream(["a"], rows())
    next(chunks)
    next(chunks)
    chunks.close()

    assert closed == [True]


def test_excel_serials_and_column_letters():
    assert workbook.excel_serial(date(1900, 3, 1)) == 61
    assert workbook.excel_serial(datetime(2025, 1, 1, 12)) == 45658.5
    assert [workbook.column_letter(n) for n in (0, 25, 26, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "ZZ",
        "AAA",
    ]
