#!/usr/bin/env python3
"""Fill or correct French translations in locale/fr/LC_MESSAGES/django.po.

Usage: scripts/set_translations.py translations.json   (a JSON object: English msgid -> French)
Sets each msgstr, clears its fuzzy flag and previous-msgid comments. Used after `makemessages`.
"""

import json
import sys
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def po_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def parse_string(lines: list[str]) -> str:
    return "".join(
        bytes(line.strip()[1:-1], "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8") for line in lines
    )


def update_entry(block: str, translations: dict[str, str]) -> str:
    lines = block.split("\n")
    msgid_start = next((i for i, line in enumerate(lines) if line.startswith("msgid ")), None)
    msgstr_start = next((i for i, line in enumerate(lines) if line.startswith("msgstr ")), None)
    if msgid_start is None or msgstr_start is None:
        return block
    msgid = parse_string([lines[msgid_start][6:], *lines[msgid_start + 1 : msgstr_start]])
    if msgid not in translations:
        return block
    comments = [line for line in lines[:msgid_start] if not line.startswith("#|")]
    comments = [line.replace("#, fuzzy, ", "#, ").replace(", fuzzy", "") for line in comments if line != "#, fuzzy"]
    return "\n".join([*comments, *lines[msgid_start:msgstr_start], f"msgstr {po_quote(translations[msgid])}"])


def main() -> None:
    translations = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    blocks = CATALOGUE.read_text(encoding="utf-8").split("\n\n")
    CATALOGUE.write_text("\n\n".join(update_entry(block, translations) for block in blocks), encoding="utf-8")


if __name__ == "__main__":
    main()
