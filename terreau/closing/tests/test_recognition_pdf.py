"""The recognition document as LibreOffice opens it: both files convert to a PDF holding its text.

Runs where LibreOffice and poppler-utils (pdftotext) are installed; one conversion of both files.
"""

import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from terreau.closing.models import Recognition

OFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.office,
    pytest.mark.skipif(OFFICE is None, reason="LibreOffice (soffice) is not installed: no PDF to look at"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed"),
]


def test_the_recognition_opens_in_libreoffice(client, cast, tmp_path):
    Recognition.objects.create(
        community=cast.community,
        title="Merci à la communauté",
        text="## Contributeurs et contributrices\n\n- **Julie Martin** : 3 fiches écrites\n\n## Décisions\n\n"
        "- [La charte](https://example.org/charte)",
        visibility="members",
        published_at=timezone.now(),
    )
    client.force_login(cast.member)
    files = []
    for extension in ("odt", "docx"):
        path = tmp_path / f"recognition-{extension}.{extension}"
        path.write_bytes(
            client.get(reverse("closing:recognition_download", args=[cast.community.slug, extension])).content
        )
        files.append(path)
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
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True).stdout.decode()
        assert "Merci à la communauté" in text and "Circuits courts" in text, source.name
        assert "Julie Martin" in text and "Contributeurs et contributrices" in text, source.name
        assert "**" not in text and "](http" not in text, source.name
