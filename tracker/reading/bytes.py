"""Page bytes to text: size and binary checks, then the encoding.

Korean pages still come in EUC-KR, usually labelled as such but really CP949
(browsers treat every Korean legacy label that way), sometimes mislabelled as
Latin-1. We try the BOM, the declared label, UTF-8 and CP949 before guessing.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from tracker.reading.errors import ExtractionError


def _words(text: str) -> list[str]:
    return text.split()


_MAGIC = [
    (b"%PDF", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG 이미지"),
    (b"\xff\xd8\xff", "JPEG 이미지"),
    (b"GIF87a", "GIF 이미지"),
    (b"GIF89a", "GIF 이미지"),
    (b"PK\x03\x04", "ZIP 압축 파일(docx/hwpx 포함)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "HWP/MS 오피스 문서"),
    (b"\x1f\x8b", "gzip 압축 파일"),
    (b"\x7fELF", "실행 파일"),
]

# Unicode's control characters (category Cc: C0, DEL and C1). Tabs and line breaks
# are text; form and line feeds count as text but read as spaces.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_BLANKED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]

# Python's euc_kr lacks the extended Hangul of UHC (똠, 뷁 ...); every Korean
# legacy label is really cp949 on the web, as browsers also treat it.
_KOREAN_LABELS = frozenset(
    _words(
        "euc-kr euckr euc_kr cseuckr ks_c_5601-1987 ks_c_5601 ksc5601 ksc_5601 korean "
        "cp949 ms949 uhc windows-949 x-windows-949"
    )
)
# Western single-byte labels decode any bytes without error, so a wrong label
# (common on old Korean sites) would give mojibake; we try UTF-8/CP949 first.
_WESTERN = {"iso8859-1", "cp1252", "ascii", "iso8859-15"}

_CHARSET_RE = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENC_RE = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)


def _codec_name(label: str) -> str:
    """Python codec for a declared label, or "" when unknown."""
    label = label.strip().strip("\"'").lower()
    if not label:
        return ""
    if label in _KOREAN_LABELS:
        return "cp949"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return ""
    if name in ("euc_kr", "cp949"):
        return "cp949"
    return name


def _public_name(codec: str) -> str:
    return {"utf_8": "utf-8", "utf-8": "utf-8"}.get(codec, codec.replace("_", "-"))


def _try(raw: bytes, codec: str) -> str | None:
    try:
        return raw.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode(raw: bytes, declared: str = "") -> tuple[str, str]:
    """Decode page bytes; return (text, encoding used).

    Order: BOM, the declared charset (HTTP header; a bare label or a whole
    Content-Type value), <meta charset>, UTF-8, CP949, then charset-normalizer.
    """
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            text = _try(raw[len(bom) :], codec)
            if text is not None:
                return text, codec
    labels = []
    if declared:
        m = _CHARSET_RE.search(declared.encode("ascii", "ignore"))
        labels.append(m.group(1).decode() if m else declared)
    head = raw[:4096]
    for rx in (_XML_ENC_RE, _CHARSET_RE):
        m = rx.search(head)
        if m:
            labels.append(m.group(1).decode("ascii", "ignore"))
    tried = set()
    late = []
    for label in labels:
        codec = _codec_name(label)
        if not codec or codec in tried:
            continue
        if codec in _WESTERN:
            late.append(codec)
            continue
        tried.add(codec)
        text = _try(raw, codec)
        if text is not None:
            return text, _public_name(codec)
    for codec in ("utf-8", "cp949"):
        text = _try(raw, codec)
        if text is not None:
            return text, codec
    for codec in late:
        text = _try(raw, codec)
        if text is not None and not _looks_mojibake(text):
            return text, _public_name(codec)
    # A few broken bytes in an otherwise clean page: keep the page, mark the bytes.
    best = min(
        ((raw.decode(c, errors="replace"), c) for c in ("utf-8", "cp949")),
        key=lambda pair: pair[0].count("\ufffd"),
    )
    if best[0].count("\ufffd") <= max(2, len(best[0]) // 500):
        return best
    guess = from_bytes(raw).best()
    if guess is not None and guess.encoding:
        text = str(guess)
        if not _looks_mojibake(text):
            return text, _public_name(guess.encoding)
    raise ExtractionError(
        "인코딩을 알 수 없습니다: UTF-8도 EUC-KR/CP949도 아닙니다 "
        "(unknown text encoding; save the page as UTF-8)"
    )


def _looks_mojibake(text: str) -> bool:
    # CP949 or UTF-8 bytes read as Latin-1 show up as runs of accented letters.
    latin = sum(1 for c in text if "\u00c0" <= c <= "\u00ff")
    return latin > max(3, len(text) // 50)


def check_bytes(raw: bytes, max_bytes: int, name: str) -> None:
    where = f"{name}: " if name else ""
    if len(raw) > max_bytes:
        raise ExtractionError(
            f"{where}파일이 너무 큽니다 ({len(raw):,}바이트, 최대 {max_bytes:,}바이트) "
            "(input larger than the size limit)"
        )
    if not raw.strip():
        raise ExtractionError(f"{where}내용이 비어 있습니다 (empty input)")
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            raise ExtractionError(
                f"{where}파일이 {kind}입니다 (binary file, not an article)"
            )
    if raw[4:8] in (b"ftyp",) or (raw.startswith(b"RIFF") and raw[8:12] == b"WEBP"):
        raise ExtractionError(
            f"{where}파일이 이미지/동영상입니다 (binary file, not an article)"
        )
    has_wide_bom = raw.startswith(
        (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)
    )
    if b"\x00" in raw and not has_wide_bom:
        raise ExtractionError(
            f"{where}텍스트가 아닌 바이너리 파일입니다: NUL 바이트 포함 "
            "(binary file, not an article)"
        )


def check_text(text: str, name: str) -> str:
    controls = len(_CONTROLS.findall(text))
    if controls >= 3 and controls > len(text) * 0.01:
        where = f"{name}: " if name else ""
        raise ExtractionError(
            f"{where}제어 문자가 많아 텍스트가 아닙니다 (binary file, not an article)"
        )
    return _BLANKED.sub(" ", text)
