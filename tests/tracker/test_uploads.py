import io
import zipfile

from tests.factories import GANGSEO_CARE_SPEAKERS, GEUMCHEON_AI_CENTRE, html_page
from tracker.ingest.uploads import expand

LIMIT = 10_000


def make_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_single_article_file_is_passed_through_unchanged():
    content = html_page(GEUMCHEON_AI_CENTRE).encode()

    [upload] = expand("금천.HTML", content, max_bytes=LIMIT)

    assert (upload.name, upload.content, upload.error) == ("금천.HTML", content, "")


def test_a_zip_gives_its_text_files_and_skips_pictures():
    archive = make_zip(
        {
            "기사/금천.txt": GEUMCHEON_AI_CENTRE.encode(),
            "기사/강서.txt": GANGSEO_CARE_SPEAKERS.encode(),
            "기사/사진.png": b"\x89PNG\r\n\x1a\n....",
        }
    )

    uploads = expand("묶음.zip", archive, max_bytes=LIMIT)

    assert [(u.name, u.content, u.error) for u in uploads] == [
        ("묶음.zip/기사/금천.txt", GEUMCHEON_AI_CENTRE.encode(), ""),
        ("묶음.zip/기사/강서.txt", GANGSEO_CARE_SPEAKERS.encode(), ""),
    ]


def test_a_zip_from_a_mac_does_not_turn_finder_metadata_into_articles():
    archive = make_zip(
        {
            "금천.txt": GEUMCHEON_AI_CENTRE.encode(),
            "__MACOSX/._금천.txt": b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X",
        }
    )

    uploads = expand("맥에서.zip", archive, max_bytes=LIMIT)

    assert [u.name for u in uploads] == ["맥에서.zip/금천.txt"]


def test_a_file_that_is_not_a_zip_is_refused_with_a_reason():
    [upload] = expand("묶음.zip", b"PK\x03\x04 but truncated", max_bytes=LIMIT)

    assert upload.content is None
    assert "not a valid zip archive" in upload.error


def test_an_oversized_member_is_refused_and_the_others_are_kept():
    archive = make_zip(
        {"큰 파일.txt": "가".encode() * LIMIT, "금천.txt": GEUMCHEON_AI_CENTRE.encode()}
    )

    big, good = expand("묶음.zip", archive, max_bytes=LIMIT)

    assert big.name == "묶음.zip/큰 파일.txt"
    assert big.content is None
    assert "파일이 너무 큽니다: 30,000바이트 (한도 10,000바이트)" in big.error
    assert good.content == GEUMCHEON_AI_CENTRE.encode()


def test_a_member_that_lies_about_its_size_is_refused_not_read_in_full():
    archive = bytearray(make_zip({"작은 척.txt": b"a" * (LIMIT * 5)}))
    # Rewrite the uncompressed size in the central directory to claim 10 bytes.
    central = archive.rindex(b"PK\x01\x02")
    archive[central + 24 : central + 28] = (10).to_bytes(4, "little")

    [upload] = expand("묶음.zip", bytes(archive), max_bytes=LIMIT)

    assert upload.content is None
    assert "zip 안의 파일을 읽을 수 없습니다" in upload.error


def test_a_damaged_member_gets_a_reason_instead_of_an_error():
    archive = bytearray(make_zip({"금천.txt": GEUMCHEON_AI_CENTRE.encode() * 3}))
    name = "금천.txt".encode()
    data_start = archive.index(name) + len(name)  # the first copy ends the local header
    archive[data_start + 10 : data_start + 40] = b"\xff" * 30

    [upload] = expand("망가진.zip", bytes(archive), max_bytes=LIMIT)

    assert upload.name == "망가진.zip/금천.txt"
    assert upload.content is None
    assert "zip 안의 파일을 읽을 수 없습니다" in upload.error


def test_a_zip_with_no_article_files_says_so():
    archive = make_zip({"사진.png": b"\x89PNG\r\n\x1a\n", "style.css": b"p{}"})

    [upload] = expand("사진.zip", archive, max_bytes=LIMIT)

    assert upload.content is None
    assert "no article files in the zip" in upload.error


def test_a_pdf_upload_is_refused_with_the_formats_we_take():
    [upload] = expand("보도자료.pdf", b"%PDF-1.7\n", max_bytes=LIMIT)

    assert upload.content is None
    assert "지원하지 않는 형식입니다" in upload.error
    assert ".html, .htm, .txt or .zip" in upload.error
    assert "보도자료.pdf" in upload.error


def test_a_zip_cannot_unpack_to_more_than_its_budget():
    body = "서울 금천구는 AI 센터를 연다. ".encode() * 230  # 9.4 KB each, under LIMIT
    archive = make_zip({f"기사{n}.txt": body + str(n).encode() for n in range(8)})

    parts = expand("묶음.zip", archive, max_bytes=LIMIT)

    kept = [p for p in parts if p.content is not None]
    refused = [p for p in parts if p.content is None]
    assert sum(len(p.content) for p in kept) <= LIMIT * 5
    assert len(kept) == 5 and len(refused) == 3
    assert "zip unpacks too large" in refused[0].error
