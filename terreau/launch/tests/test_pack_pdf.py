"""The charter and the launch pack as LibreOffice prints them: A4 pages, real links, French numbers.

Runs where LibreOffice and poppler-utils (pdftotext) are installed; one conversion of each file.
Set TERREAU_KEEP_PDF=/some/dir to keep the PDFs and look at them (pdftoppm -r 50 -png).
"""

import os
import re
import shutil
import subprocess
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from terreau.charter import services as charter_services
from terreau.charter.tests import helpers as charter_helpers
from terreau.communities.models import Role, RoleKind
from terreau.events.services import agenda as agenda_services
from terreau.launch import services
from terreau.launch.models import Action

OFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.office,
    pytest.mark.skipif(OFFICE is None, reason="LibreOffice (soffice) is not installed: no PDF to look at"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed"),
]

SECTIONS = {
    "purpose": "Partager les pratiques de vente directe, avec le [Collège des producteurs](https://example.org/college).",
    "decisions": "Nous décidons **par consentement**.\n\n- une proposition\n- des objections",
    "entry_exit": "| Qui | Quoi |\n|---|---|\n| Marc Dubois | accueille les nouveaux membres |",
}


def page_sizes(pdf: Path) -> set[tuple[int, int]]:
    """Every page's MediaBox, rounded to points (LibreOffice writes them uncompressed)."""
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf.read_bytes())
    return {(round(float(width)), round(float(height))) for width, height in boxes}


def test_the_charter_and_the_launch_pack_print_as_a4_documents(client, cast, tmp_path):
    version = charter_services.charter_save(
        community=cast.community, actor=cast.core_member, sections=SECTIONS, base_number=0
    )
    charter_helpers.adopt(cast, version.number)  # by the core team's consent
    services.activities_suggest(actor=cast.core_member, community=cast.community)
    Action.objects.create(
        community=cast.community, title="Visiter la coopérative", due_date=timezone.localdate() + timedelta(days=10)
    )
    Role.objects.filter(community=cast.community, kind=RoleKind.LOGISTICS).update(hours_per_month=Decimal("2.5"))
    agenda_services.launch_day_plan(actor=cast.core_member, community=cast.community)  # its agenda opens the pack
    client.force_login(cast.member)
    files = []
    for name, route in (("charter", "charter:download"), ("pack", "launch:pack_download")):
        for extension in ("odt", "docx"):
            path = tmp_path / f"{name}-{extension}.{extension}"
            path.write_bytes(client.get(reverse(route, args=[cast.community.slug, extension])).content)
            files.append(path)

    # A profile of its own, so runs side by side do not wait on each other's lock.
    subprocess.run(
        [
            OFFICE,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    for source in files:
        pdf = tmp_path / "pdf" / f"{source.stem}.pdf"
        if keep := os.environ.get("TERREAU_KEEP_PDF"):
            shutil.copy(pdf, keep)
        assert page_sizes(pdf) == {(595, 842)}, source.name  # A4, not US Letter (612 × 792)
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True).stdout.decode()
        assert "Circuits courts" in text, source.name
        assert "](http" not in text and "**" not in text and "• •" not in text, source.name
        assert "Collège des producteurs" in text, source.name
        assert "accueille les nouveaux membres" in text and "|---" not in text, source.name
        if source.stem.startswith("pack"):
            assert "Dossier de lancement" in text and "Sophie Lambert" in text, source.name
            assert "Journée de lancement" in text and "Attentes des participants" in text, source.name
            assert "09:30–10:15" in text and "7 h 15" not in text, source.name
            # pdftotext may drop the narrow space of "4 h"; what matters is the decimal comma and no ".0".
            assert re.search(r"\b2,5\s?h\b", text) and re.search(r"\b4\s?h\b", text), source.name
            assert not re.search(r"\d\.\d\s?h\b", text), source.name
