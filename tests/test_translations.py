"""The Korean translations: every message translated, none left fuzzy, and the
compiled catalogue (.mo, what Django reads) saying what the .po says."""

import gettext
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "ko" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def entries() -> list[dict]:
    """The .po's entries as {flags, msgctxt, msgid, msgid_plural, msgstr...}."""
    found = []
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        entry, key = {"flags": ""}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] += line
            elif line.startswith("#"):
                continue
            elif match := re.match(r'^(msg\w+(?:\[\d\])?) "(.*)"$', line):
                key = match.group(1)
                entry[key] = match.group(2)
            elif line.startswith('"') and key:
                entry[key] += line[1:-1]
        if entry.get("msgid"):
            found.append(entry)
    return found


def unescape(text: str) -> str:
    return text.encode("raw_unicode_escape").decode("unicode_escape")


def test_every_message_is_translated_and_none_is_fuzzy():
    untranslated = [
        e["msgid"]
        for e in entries()
        if not any(v for k, v in e.items() if k.startswith("msgstr"))
    ]
    fuzzy = [e["msgid"] for e in entries() if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


def test_the_compiled_catalogue_matches_the_po():
    catalogue = gettext.GNUTranslations(MO.open("rb"))
    stale = []
    for entry in entries():
        if "msgid_plural" in entry:
            continue
        msgid = unescape(entry["msgid"])
        if "msgctxt" in entry:
            got = catalogue.pgettext(unescape(entry["msgctxt"]), msgid)
        else:
            got = catalogue.gettext(msgid)
        if got != unescape(entry["msgstr"]):
            stale.append(msgid)
    assert stale == [], "run `make messages` (compilemessages)"
