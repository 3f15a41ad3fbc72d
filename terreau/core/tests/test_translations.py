"""The French catalogue is complete: a missing or fuzzy entry shows English to a French user."""

import re
import subprocess
from pathlib import Path

from django.conf import settings

CATALOGUES = [Path(p) / lang / "LC_MESSAGES" / "django.po" for p in settings.LOCALE_PATHS for lang in ("fr",)]


def test_the_french_catalogue_exists():
    assert all(po.exists() for po in CATALOGUES)


def test_no_french_message_is_fuzzy_or_missing():
    for po in CATALOGUES:
        text = po.read_text(encoding="utf-8")
        assert not re.findall(r"^#,.*\bfuzzy\b", text, re.M), f"{po}: fuzzy entries"
        # An empty msgstr not continued on the next line is a missing translation (the header continues).
        empty = re.findall(r'^(msgstr(?:\[\d\])? "")\n(?!")', text, re.M)
        assert not empty, f"{po}: {len(empty)} untranslated entries"


def test_the_catalogue_is_in_step_with_the_source(tmp_path):
    """Every translatable string of the code is in the catalogue (makemessages was run).

    makemessages writes into a copy, so tests running beside this one read the real catalogue whole.
    """
    from django.core.management import call_command
    from django.test import override_settings

    po = CATALOGUES[0]
    before = set(re.findall(r'^msgid "(.+)"$', po.read_text(encoding="utf-8"), re.M))
    copy = tmp_path / "locale"
    subprocess.run(["cp", "-r", str(po.parents[2]), str(copy)], check=True)
    with override_settings(LOCALE_PATHS=[str(copy)]):
        call_command(
            "makemessages",
            locale=["fr"],
            verbosity=0,
            ignore_patterns=[".venv/*", "bench/*", "tests/*", "conftest.py", "terreau/locale/*"],
            no_obsolete=True,
        )
    after = set(re.findall(r'^msgid "(.+)"$', (copy / "fr" / "LC_MESSAGES" / "django.po").read_text("utf-8"), re.M))
    assert after <= before, f"strings missing from the catalogue, run makemessages: {sorted(after - before)[:10]}"


def test_msgfmt_accepts_the_catalogue():
    for po in CATALOGUES:
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], check=True)
