"""Every interface string has its Welsh string, and the compiled catalogue is up to date.

`makemessages` is run on a copy of the project, so a string marked for translation but
missing from `locale/cy/LC_MESSAGES/django.po` fails here, as does an untranslated or fuzzy
entry, or a `.mo` file older than its `.po`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "locale" / "cy" / "LC_MESSAGES"
IGNORE = {
    ".venv",
    "node_modules",
    "staticfiles",
    "private",
    ".git",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    "build",
    "locale",
    "bench",
}


def _catalogue(name: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / name))


def _key(entry: polib.POEntry | polib.MOEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def test_every_welsh_entry_is_translated_and_not_fuzzy():
    catalogue = _catalogue("django.po")
    untranslated = [e.msgid for e in catalogue if not e.obsolete and not e.translated()]
    fuzzy = [e.msgid for e in catalogue if "fuzzy" in e.flags]
    assert untranslated == []
    assert fuzzy == []


def test_compiled_catalogue_matches_the_po_file():
    po = _catalogue("django.po")
    mo = polib.mofile(str(LOCALE / "django.mo"))
    compiled = {_key(e): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in mo}
    source = {
        _key(e): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in po
        if e.translated() and not e.obsolete
    }
    assert compiled == source


def test_every_marked_string_is_in_the_catalogue(tmp_path):
    if shutil.which("xgettext") is None:
        if os.environ.get("CYD_REQUIRE_BROWSER") == "1":
            pytest.fail("gettext (xgettext) is not installed")
        pytest.skip("needs GNU gettext (apt-get install gettext)")
    copy = tmp_path / "project"
    shutil.copytree(ROOT, copy, ignore=lambda d, names: [n for n in names if n in IGNORE])
    (copy / "locale" / "cy" / "LC_MESSAGES").mkdir(parents=True)
    env = {
        **os.environ,
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "coop.settings",
        "PYTHONPATH": str(copy),
    }
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--locale",
            "cy",
            "--no-location",
            "--ignore",
            "tests/*",
        ],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    wanted = {_key(e) for e in polib.pofile(str(copy / "locale/cy/LC_MESSAGES/django.po"))}
    have = {_key(e) for e in _catalogue("django.po") if not e.obsolete}
    missing = sorted(msgid for _ctx, msgid in wanted - have)
    assert missing == []
