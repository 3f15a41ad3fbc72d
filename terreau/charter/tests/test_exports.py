"""The downloads open in real readers: python-docx for Word, odfpy for OpenDocument."""

import io

import docx
import pytest
from django.urls import reverse
from odf import teletype
from odf.opendocument import load
from odf.text import H, P

from terreau.core.documents import DOCX_TYPE, ODT_TYPE

from .helpers import adopt, write

pytestmark = pytest.mark.django_db

SECTIONS = {
    "decisions": "Nous décidons **par consentement**.\n\n- une proposition\n- des objections",
    "entry_exit": "On entre sur invitation.",
}


def download(client, cast, extension, query=""):
    response = client.get(reverse("charter:download", args=[cast.community.slug, extension]) + query)
    assert response.status_code == 200
    return response


def test_the_word_document_has_the_titles_and_the_text(client, cast):
    write(cast, "Partager les pratiques de vente directe.", **SECTIONS)
    adopt(cast, 1)
    client.force_login(cast.member)
    response = download(client, cast, "docx")
    assert response["Content-Type"] == DOCX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="charter-circuits-courts.docx"'
    document = docx.Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["Purpose", "Decision modes", "Entry and exit rules"]
    # The title page: the community, the document, its status.
    assert [p.text for p in document.paragraphs[:2]] == ["Circuits courts", "Charter"]
    assert document.paragraphs[2].text.startswith("Adopted on")
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Partager les pratiques de vente directe." in text
    assert "Nous décidons par consentement." in text  # bold kept as a run, not as asterisks
    assert "des objections" in text and "Adopted on" in text
    bold = [run.text for p in document.paragraphs for run in p.runs if run.bold]
    assert "par consentement" in bold


def test_the_opendocument_text_has_the_titles_and_the_text(client, cast):
    write(cast, "Partager les pratiques de vente directe.", **SECTIONS)
    adopt(cast, 1)
    client.force_login(cast.member)
    response = download(client, cast, "odt")
    assert response["Content-Type"] == ODT_TYPE
    document = load(io.BytesIO(response.content))
    headings = [teletype.extractText(h) for h in document.getElementsByType(H)]
    assert headings == ["Purpose", "Decision modes", "Entry and exit rules"]
    paragraphs = [teletype.extractText(p) for p in document.text.getElementsByType(P)]
    assert paragraphs[:2] == ["Circuits courts", "Charter"]
    text = "\n".join(paragraphs)
    assert "Nous décidons par consentement." in text and "On entre sur invitation." in text


def test_a_draft_downloaded_by_the_core_team_says_it_is_not_adopted(client, cast):
    write(cast, "Un.", "Deux.")
    adopt(cast, 1)
    client.force_login(cast.core_member)
    document = docx.Document(io.BytesIO(download(client, cast, "docx", "?version=2").content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Deux." in text and "Draft: version 2" in text
    # Without a version the core team gets the adopted one, like everybody.
    document = docx.Document(io.BytesIO(download(client, cast, "docx").content))
    assert "Un." in "\n".join(p.text for p in document.paragraphs)
