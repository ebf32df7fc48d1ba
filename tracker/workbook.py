"""A one-sheet .xlsx workbook written as a stream, its bytes sent as rows arrive.

An .xlsx is a zip of XML parts. `zipfile` writing to a sink it cannot seek puts each
entry's sizes in a data descriptor after its data, so the zip can leave as it is
written: the fixed parts, then the sheet row by row, then the workbook part, which
names the autofilter's range once the rows are counted. Nothing waits for the last
row and nothing but one batch of rows is held, however many there are.

    fixed parts -> sheet1.xml (header, rows in batches, autofilter) -> workbook.xml

Cells are typed: numbers as numbers, dates and datetimes as Excel serial dates with
a date format, booleans as booleans, text as inline strings (no shared-string table
to keep in memory). An inline string is never a formula, so text that starts with
= + - @ stays text. Pure: no Django; the caller gives the time zone.
"""

import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, tzinfo
from decimal import Decimal
from itertools import islice

MAX_CELL_CHARACTERS = 32767  # Excel's limit; longer text is cut with a mark
MAX_SHEET_NAME = 31
ROWS_PER_WRITE = 200
# A sheet holds 1,048,576 rows, the header's included. Its XML is kept under 2 GiB,
# the most a zip entry without Zip64 may hold: Zip64 headers on an entry that does
# not need them make some Excel versions refuse the file, and a streamed entry must
# choose before its size is known. Past either limit the sheet ends with CUT_NOTE.
MAX_SHEET_ROWS = 1_048_575
MAX_SHEET_BYTES = 2_000_000_000
CUT_NOTE = "Cut here: an Excel sheet cannot hold more. The CSV export has every row."
# Deflate's fastest level: a body column makes the sheet megabytes of XML, and level
# 6 (zipfile's default) spends several times the processor for ~15 % fewer bytes.
COMPRESS_LEVEL = 1

# Characters XML 1.0 does not allow (lone surrogates cannot even be encoded).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPECIAL = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Excel reads _xHHHH_ in text as an escaped character; its own escape keeps it literal.
_EXCEL_ESCAPE = re.compile("_x(?=[0-9A-Fa-f]{4}_)")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_EPOCH = date(1899, 12, 30)  # Excel's day 0 (serials from 1 March 1900 on)

# Cell styles, by their place in styles.xml's cellXfs.
BOLD, DAY, MOMENT = 1, 2, 3

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"

FIXED_PARTS = {
    "[Content_Types].xml": (
        f"{_XML}<Types"
        ' xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels"'
        ' ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml"'
        f' ContentType="{_CONTENT_TYPE}.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml"'
        f' ContentType="{_CONTENT_TYPE}.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml"'
        f' ContentType="{_CONTENT_TYPE}.styles+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'{_XML}<Relationships xmlns="{_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument"'
        ' Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/_rels/workbook.xml.rels": (
        f'{_XML}<Relationships xmlns="{_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet"'
        ' Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>'
        "</Relationships>"
    ),
    "xl/styles.xml": (
        f'{_XML}<styleSheet xmlns="{_MAIN}">'
        '<numFmts count="2">'
        '<numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
        '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/>'
        "</numFmts>"
        '<fonts count="2">'
        '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
        "</fonts>"
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/>'
        "</border></borders>"
        '<cellStyleXfs count="1">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="4">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0"'
        ' applyFont="1"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0"'
        ' applyNumberFormat="1"/>'
        '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0"'
        ' applyNumberFormat="1"/>'
        "</cellXfs>"
        '<cellStyles count="1">'
        '<cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    ),
}


class _Sink:
    """Where the zip is written: collects bytes until the stream takes them."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def stream(
    header: Iterable,
    rows: Iterable[Sequence],
    *,
    sheet: str = "Sheet1",
    widths: dict[int, float] | None = None,
    tz: tzinfo | None = None,
    cut_note: str = CUT_NOTE,
) -> Iterator[bytes]:
    """The bytes of a workbook of one sheet: `header` in bold, frozen, autofiltered,
    then `rows`, read ROWS_PER_WRITE at a time. `widths` maps column positions to
    widths in characters; aware datetimes are written in `tz` (naive ones as they
    are). The first bytes come before the first row is read. Rows past what a sheet
    holds (MAX_SHEET_ROWS, MAX_SHEET_BYTES) are left out and `cut_note` says so in
    the last row."""
    header = [str(name) for name in header]
    letters = [column_letter(n) for n in range(len(header))]
    last = letters[-1] if letters else "A"  # the autofilter's last column
    rows = iter(rows)
    sink = _Sink()
    try:
        with zipfile.ZipFile(
            sink, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL
        ) as archive:
            for name, text in FIXED_PARTS.items():
                archive.writestr(name, text)
            with archive.open("xl/worksheets/sheet1.xml", "w") as part:
                start = _sheet_start(header, letters, widths or {}).encode()
                part.write(start)
                yield sink.take()
                count, written = 0, len(start)
                while batch := list(islice(rows, ROWS_PER_WRITE)):
                    # A row longer than the header keeps its cells.
                    for n in range(len(letters), max(map(len, batch))):
                        letters.append(column_letter(n))
                    lines = [
                        _row(row, number, letters, tz).encode()
                        for number, row in enumerate(batch, start=count + 2)
                    ]
                    fitting = _fitting(lines, count, written)
                    xml = b"".join(lines[:fitting])
                    count += fitting
                    written += len(xml)
                    part.write(xml)
                    if fitting < len(lines):
                        # The row kept for the note takes the last one if no
                        # other follows (a list exactly as long as a sheet).
                        final = lines[fitting]
                        whole = (
                            fitting + 1 == len(lines)
                            and next(rows, None) is None
                            and written + len(final) <= MAX_SHEET_BYTES
                        )
                        if not whole:
                            final = _row([cut_note], count + 2, letters, tz).encode()
                        part.write(final)
                        count += 1
                        break
                    if data := sink.take():
                        yield data
                part.write(
                    f'</sheetData><autoFilter ref="A1:{last}{count + 1}"/>'
                    "</worksheet>".encode()
                )
            filtered = f"$A$1:${last}${count + 1}"
            archive.writestr(
                "xl/workbook.xml", _workbook(sheet_name(str(sheet)), filtered)
            )
        yield sink.take()
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()  # a reader gone: the rows' source (a query) ends now


def _fitting(lines: list[bytes], count: int, written: int) -> int:
    """How many of `lines` the sheet still holds with room for the cut note after
    them (all of them when the limits are far)."""
    room_rows = MAX_SHEET_ROWS - 1 - count  # one row kept for the note
    room_bytes = MAX_SHEET_BYTES - 1_000 - written
    if len(lines) <= room_rows and sum(map(len, lines)) <= room_bytes:
        return len(lines)
    fitting = 0
    for line in lines[:room_rows]:
        room_bytes -= len(line)
        if room_bytes < 0:
            break
        fitting += 1
    return fitting


def _sheet_start(header: list[str], letters: list[str], widths: dict) -> str:
    columns = "".join(
        f'<col min="{n + 1}" max="{n + 1}" width="{column_width(width)}"'
        ' customWidth="1"/>'
        for n, width in sorted(widths.items())
    )
    cells = "".join(
        f'<c r="{letter}1" s="{BOLD}" t="inlineStr"><is>{_t(name)}</is></c>'
        for letter, name in zip(letters, header, strict=True)
    )
    return (
        f'{_XML}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
        '<sheetViews><sheetView tabSelected="1" workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
        "</sheetView></sheetViews>"
        '<sheetFormatPr defaultRowHeight="15"/>'
        + (f"<cols>{columns}</cols>" if columns else "")
        + f'<sheetData><row r="1">{cells}</row>'
    )


def _workbook(name: str, filtered: str) -> str:
    quoted = "'" + name.replace("'", "''") + "'"
    return (
        f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
        "<bookViews><workbookView/></bookViews>"
        f'<sheets><sheet name="{_escape(name, quotes=True)}" sheetId="1"'
        ' r:id="rId1"/></sheets>'
        '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0"'
        f' hidden="1">{_escape(quoted)}!{filtered}</definedName></definedNames>'
        "</workbook>"
    )


def _row(row: Iterable, number: int, letters: list[str], tz) -> str:
    cells = []
    for letter, value in zip(letters, row, strict=False):
        kind = value.__class__
        if kind is str:
            if value:
                cells.append(
                    f'<c r="{letter}{number}" t="inlineStr"><is>{_t(value)}</is></c>'
                )
        elif kind is int or (kind is float and math.isfinite(value)):
            cells.append(f'<c r="{letter}{number}"><v>{value!r}</v></c>')
        elif value is not None:
            cells.append(_other(f"{letter}{number}", value, tz))
    return f'<row r="{number}">{"".join(cells)}</row>'


def _other(ref: str, value, tz) -> str:
    """A cell of a type rarer in exports than text and numbers."""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float | Decimal) and math.isfinite(value):
        return f'<c r="{ref}"><v>{float(value)!r}</v></c>'
    if isinstance(value, datetime):
        if value.tzinfo is not None and tz is not None:
            value = value.astimezone(tz)
        return f'<c r="{ref}" s="{MOMENT}"><v>{excel_serial(value)!r}</v></c>'
    if isinstance(value, date):
        return f'<c r="{ref}" s="{DAY}"><v>{excel_serial(value)}</v></c>'
    text = str(value)
    if not text:
        return ""
    return f'<c r="{ref}" t="inlineStr"><is>{_t(text)}</is></c>'


def _t(text: str) -> str:
    """`text` as a <t> element: legal XML, at most one Excel cell long, escaped."""
    if (
        len(text) <= MAX_CELL_CHARACTERS
        and not _SPECIAL.search(text)
        and "_x" not in text
        and not text[:1].isspace()
        and not text[-1:].isspace()
    ):
        return f"<t>{text}</t>"  # most text: one scan, no copy
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("", text)
    if len(text) > MAX_CELL_CHARACTERS:
        text = text[: MAX_CELL_CHARACTERS - 1] + "…"
    if "_x" in text:
        text = _EXCEL_ESCAPE.sub("_x005F_x", text)
    text = _escape(text)
    if text[:1].isspace() or text[-1:].isspace():
        return f'<t xml:space="preserve">{text}</t>'
    return f"<t>{text}</t>"


def _escape(text: str, *, quotes: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if quotes else text


def excel_serial(value: date) -> int | float:
    """Days since Excel's epoch; a datetime's time of day as the fraction (its
    time zone, if any, is ignored: the caller picks the local time)."""
    days = value.toordinal() - _EPOCH.toordinal()
    if not isinstance(value, datetime):
        return days
    seconds = value.hour * 3600 + value.minute * 60 + value.second
    return days + (seconds + value.microsecond / 1e6) / 86400


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_width(characters: float) -> float:
    """A width in characters as Excel stores it (Calibri 11: 7-pixel digits, 5
    pixels of padding), so the column shows that many digits."""
    if characters < 1:
        pixels = int(characters * 12 + 0.5)
    else:
        pixels = int(characters * 7 + 0.5) + 5
    return int(pixels / 7 * 256) / 256


def sheet_name(name: str) -> str:
    """`name` as Excel allows a sheet name: none of []:*?/\\, no apostrophe at
    either end, 1 to 31 characters."""
    name = _ILLEGAL.sub("", _SHEET_FORBIDDEN.sub("_", name))
    name = name[:MAX_SHEET_NAME].strip("'")
    return name or "Sheet1"
