"""Refresh the interface translations: `make messages`.

The interface is written in Simplified Chinese (the msgids). Traditional Chinese is derived
mechanically with OpenCC's character-level `s2tw` (not the phrase-level `s2twp`, which would
swap in Taiwan vocabulary the mainland offices do not use). English is translated by hand in
luoshi/locale/en/LC_MESSAGES/django.po; this script lists what is still missing there.
Run with --check to fail when a translation is missing or a .mo file is stale (CI does).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import opencc
import polib

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "luoshi" / "locale"
MANAGE = [sys.executable, str(ROOT / "manage.py")]


def derive_traditional(po: polib.POFile) -> int:
    converter = opencc.OpenCC("s2tw")
    plural_forms = po.metadata.get("Plural-Forms", "nplurals=1;")
    nplurals = int(plural_forms.split("nplurals=")[1].split(";")[0])
    changed = 0
    for entry in po:
        if entry.msgid_plural:
            wanted = {
                i: converter.convert(entry.msgid if i == 0 else entry.msgid_plural)
                for i in range(nplurals)
            }
            if entry.msgstr_plural != wanted:
                entry.msgstr_plural, changed = wanted, changed + 1
        else:
            wanted_str = converter.convert(entry.msgid)
            if entry.msgstr != wanted_str or "fuzzy" in entry.flags:
                entry.msgstr, changed = wanted_str, changed + 1
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    return changed


def untranslated(po: polib.POFile) -> list[str]:
    return [e.msgid for e in po if not e.translated() and not e.obsolete]


def main(argv: list[str]) -> int:
    check = "--check" in argv
    if not check:
        subprocess.run(
            [
                *MANAGE,
                "makemessages",
                "-l",
                "zh_Hant",
                "-l",
                "en",
                "--no-obsolete",
                "--no-location",
                "--ignore",
                ".venv/*",
                "--ignore",
                "var/*",
                "--ignore",
                "tests/*",
                "--ignore",
                "zhtext/*",
            ],
            cwd=ROOT / "luoshi",
            check=True,
        )
    hant = polib.pofile(str(LOCALE / "zh_Hant" / "LC_MESSAGES" / "django.po"))
    changed = derive_traditional(hant)
    if changed and check:
        print(f"zh_Hant: {changed} translations are out of date; run `make messages`.")
        return 1
    hant.save()
    english = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"))
    missing = untranslated(english)
    for msgid in missing:
        print(f"en: not translated: {msgid!r}")
    if check:
        for po_path in LOCALE.glob("*/LC_MESSAGES/django.po"):
            mo_path = po_path.with_suffix(".mo")
            if (
                not mo_path.exists()
                or mo_path.read_bytes() != polib.pofile(str(po_path)).to_binary()
            ):
                print(f"{mo_path.relative_to(ROOT)} is stale; run `make messages`.")
                return 1
        return 1 if missing else 0
    for po_path in LOCALE.glob("*/LC_MESSAGES/django.po"):
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
