import io
from datetime import timedelta

import docx
import pytest
from django.urls import reverse
from django.utils import timezone
from odf import teletype
from odf.opendocument import load
from odf.table import TableCell
from odf.text import H

from terreau.charter import services as charter_services
from terreau.launch import services
from terreau.launch.models import Action

pytestmark = pytest.mark.django_db


def prepare(cast):
    version = charter_services.charter_save(
        community=cast.community,
        actor=cast.core_member,
        sections={"purpose": "Partager les pratiques."},
        base_number=0,
    )
    charter_services.charter_adopt(community=cast.community, number=version.number, actor=cast.core_member)
    services.activities_suggest(actor=cast.core_member, community=cast.community)
    Action.objects.create(
        community=cast.community, title="Visiter la coopérative", due_date=timezone.localdate() + timedelta(days=10)
    )


def test_the_launch_pack_gathers_the_four_deliverables(client, cast):
    prepare(cast)
    client.force_login(cast.member)
    response = client.get(reverse("launch:pack", args=[cast.community.slug]))
    assert "Partager les pratiques." in response.text
    assert "Sophie Lambert" in response.text  # holds the facilitation role
    assert "Visiter la coopérative" in response.text
    assert response.context["pack"].activity_groups


def test_the_launch_pack_downloads_as_word_and_opendocument(client, cast):
    prepare(cast)
    client.force_login(cast.member)
    word = client.get(reverse("launch:pack_download", args=[cast.community.slug, "docx"]))
    assert word["Content-Disposition"].endswith('launch-pack.docx"')
    opened = docx.Document(io.BytesIO(word.content))
    text = "\n".join(p.text for p in opened.paragraphs)
    assert "Partager les pratiques." in text
    assert any(
        "Visiter la coopérative" in cell.text for table in opened.tables for row in table.rows for cell in row.cells
    )
    odt = client.get(reverse("launch:pack_download", args=[cast.community.slug, "odt"]))
    document = load(io.BytesIO(odt.content))
    assert len([teletype.extractText(h) for h in document.getElementsByType(H)]) >= 4
    assert "Visiter la coopérative" in [teletype.extractText(c) for c in document.getElementsByType(TableCell)]


def test_an_unknown_format_is_not_found(client, cast):
    client.force_login(cast.member)
    assert client.get(reverse("launch:pack_download", args=[cast.community.slug, "pdf"])).status_code == 404
