"""Turn uploaded files (and .zip archives of them) into (name, bytes) pairs, safely."""

import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath

SUFFIXES = {".html", ".htm", ".txt"}
MAX_MEMBERS = 2000
# A zip may be this many times INGEST_MAX_BYTES, compressed and unpacked: bounds the
# memory one upload can take, whatever its members claim to be.
MAX_ZIP_FACTOR = 5
EMPTY = "빈 파일입니다 (empty input: the file is empty)."


@dataclass
class Upload:
    name: str
    content: bytes | None
    error: str = ""


def expand(name: str, content: bytes, *, max_bytes: int) -> list[Upload]:
    """One upload, or the article files inside a zip; anything unusable gets a reason."""
    if problem := format_problem(name):
        return [Upload(name, None, problem)]
    if PurePosixPath(name).suffix.lower() == ".zip":
        return expand_zip(name, content, max_bytes=max_bytes)
    return [Upload(name, content)]


def format_problem(name: str) -> str:
    """Why a file of this name is not taken at all, or ""."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".zip" or suffix in SUFFIXES:
        return ""
    return (
        f"지원하지 않는 형식입니다: {PurePosixPath(name).name} (unsupported file "
        "type; use .html, .htm, .txt or .zip)."
    )


def size_problem(name: str, size: int, max_bytes: int) -> str:
    """Why a file of `size` bytes is refused unread, or "" (a zip may be larger:
    it holds several articles)."""
    if size == 0:
        return EMPTY
    zipped = PurePosixPath(name).suffix.lower() == ".zip"
    limit = max_bytes * (MAX_ZIP_FACTOR if zipped else 1)
    if size > limit:
        return too_large(size, limit)
    return ""


def expand_zip(name: str, content: bytes, *, max_bytes: int) -> list[Upload]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        return [
            Upload(name, None, "zip 파일을 열 수 없습니다 (not a valid zip archive).")
        ]
    members = [m for m in archive.infolist() if not m.is_dir()]
    if len(members) > MAX_MEMBERS:
        return [
            Upload(
                name,
                None,
                f"zip 안의 파일이 너무 많습니다 ({len(members)} > {MAX_MEMBERS}).",
            )
        ]
    uploads = []
    budget = max_bytes * MAX_ZIP_FACTOR  # unpacked bytes this archive may yield in all
    for member in members:
        inner = f"{name}/{member.filename}"
        if PurePosixPath(member.filename).suffix.lower() not in SUFFIXES:
            continue  # images and styles that came along with saved pages
        if is_mac_metadata(member.filename):
            continue  # macOS Finder adds __MACOSX/._name copies of every file
        # The declared size can lie; read one byte past the limit to know for sure.
        if member.file_size > max_bytes:
            uploads.append(Upload(inner, None, too_large(member.file_size, max_bytes)))
            continue
        try:
            with archive.open(member) as handle:
                data = handle.read(max_bytes + 1)
        except (
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            RuntimeError,
            NotImplementedError,
        ) as error:
            # A damaged, encrypted or oddly compressed member: report it, keep the rest.
            uploads.append(
                Upload(inner, None, f"zip 안의 파일을 읽을 수 없습니다: {error}")
            )
            continue
        if not data:
            uploads.append(Upload(inner, None, EMPTY))
        elif len(data) > max_bytes:
            uploads.append(Upload(inner, None, too_large(len(data), max_bytes)))
        elif len(data) > budget:
            uploads.append(
                Upload(
                    inner,
                    None,
                    "zip을 풀면 너무 큽니다: 나누어 올려 주세요 (zip unpacks too large; split it).",
                )
            )
        else:
            budget -= len(data)
            uploads.append(Upload(inner, data))
    if not uploads:
        return [
            Upload(
                name,
                None,
                "zip 안에 .html, .htm, .txt 파일이 없습니다 (no article files in the zip).",
            )
        ]
    return uploads


def base_name(path: str) -> str:
    """A file's name without its folders (Windows or POSIX, or a zip's members)."""
    return PurePosixPath(path.replace("\\", "/")).name


def is_mac_metadata(member_name: str) -> bool:
    path = PurePosixPath(member_name)
    return path.parts[0] == "__MACOSX" or path.name.startswith("._")


def too_large(size: int, limit: int) -> str:
    return (
        f"파일이 너무 큽니다: {size:,}바이트 (한도 {limit:,}바이트) "
        f"(File too large: {size:,} bytes, limit {limit:,}; raise INGEST_MAX_BYTES)."
    )
