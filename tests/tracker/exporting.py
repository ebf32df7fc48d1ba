"""Reading back a CSV export, for the export tests (test_exports.py and
test_export_cells.py): the bytes a streamed response sends, and their rows."""

import csv
import io


def content(response) -> bytes:
    return b"".join(response.streaming_content)


def parse(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
