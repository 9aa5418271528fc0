"""Indonesian first: every string the project shows has an Indonesian translation."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
ID_PO = BASE_DIR / "locale" / "id" / "LC_MESSAGES" / "django.po"
ID_MO = ID_PO.with_suffix(".mo")


def translations(catalog):
    return {
        (entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural.get(0, "")
        for entry in catalog
        if not getattr(entry, "obsolete", False)
    }


def test_every_indonesian_entry_is_translated():
    """No untranslated or fuzzy entry in the Indonesian catalogue."""
    po = polib.pofile(str(ID_PO))
    assert [entry.msgid for entry in po.untranslated_entries()] == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []


def test_compiled_catalogue_matches_the_source():
    """The committed .mo was compiled from the current .po."""
    assert translations(polib.mofile(str(ID_MO))) == translations(polib.pofile(str(ID_PO)))


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext is not installed")
def test_catalogue_covers_every_marked_string(tmp_path):
    """Re-extracting the strings from a copy of the code finds nothing missing."""
    copy = tmp_path / "project"
    ignore = shutil.ignore_patterns(
        ".venv", ".git", "media", "staticfiles", "node_modules", "test-artifacts"
    )
    shutil.copytree(BASE_DIR, copy, ignore=ignore)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "id", "--ignore=tests"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    extracted = polib.pofile(str(copy / "locale" / "id" / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in extracted if not e.obsolete and not e.translated()]
    assert missing == []


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="GNU gettext is not installed")
@pytest.mark.parametrize("language", ["id", "en"])
def test_catalogues_are_valid_gettext(language):
    """GNU msgfmt accepts each catalogue without errors."""
    po = BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check-format", "--check-domain", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
