import io
from datetime import timedelta
from decimal import Decimal

import docx
import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from odf import teletype
from odf.opendocument import load
from odf.table import TableCell
from odf.text import H

from terreau.charter import services as charter_services
from terreau.charter.tests import helpers as charter_helpers
from terreau.communities.models import Role, RoleKind
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
    charter_helpers.adopt(cast, version.number)  # by the core team's consent
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
    assert word["Content-Disposition"] == 'attachment; filename="dossier-de-lancement-circuits-courts.docx"'
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


def table_rows(opened) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for table in opened.tables for row in table.rows]


def test_the_launch_pack_writes_hours_and_dates_as_a_french_reader_does(client, cast):
    prepare(cast)
    Role.objects.filter(community=cast.community, kind=RoleKind.LOGISTICS).update(hours_per_month=Decimal("2.5"))
    client.force_login(cast.member)
    opened = docx.Document(
        io.BytesIO(client.get(reverse("launch:pack_download", args=[cast.community.slug, "docx"])).content)
    )
    rows = table_rows(opened)
    # One row a role, its hours and who holds it, the names whole.
    assert ["Animation", "4\N{NO-BREAK SPACE}h", "Sophie Lambert"] in rows
    assert ["Logistique", "2,5\N{NO-BREAK SPACE}h", "le noyau dur (personne ne l'assure encore)"] in rows
    text = "\n".join(p.text for p in opened.paragraphs) + str(rows)
    assert ".0 h" not in text and "2.5" not in text
    with translation.override("fr"):
        today = date_format(timezone.localdate(), "DATE_FORMAT")
    assert [p.text for p in opened.paragraphs[:3]] == ["Circuits courts", "Dossier de lancement", today]


def test_the_file_names_follow_the_language_of_the_interface(client, cast):
    prepare(cast)
    client.force_login(cast.member)
    names = {
        name: client.get(reverse(name, args=[cast.community.slug, "odt"]))["Content-Disposition"]
        for name in ("launch:pack_download", "charter:download")
    }
    assert names == {
        "launch:pack_download": 'attachment; filename="dossier-de-lancement-circuits-courts.odt"',
        "charter:download": 'attachment; filename="charte-circuits-courts.odt"',
    }
    csv = client.get(reverse("launch:actions_csv", args=[cast.community.slug]))
    assert csv["Content-Disposition"] == 'attachment; filename="plan-d-action-circuits-courts.csv"'
    cast.member.language = "en"
    cast.member.save(update_fields=["language"])
    assert client.get(reverse("launch:pack_download", args=[cast.community.slug, "odt"]))["Content-Disposition"] == (
        'attachment; filename="launch-pack-circuits-courts.odt"'
    )
    assert client.get(reverse("charter:download", args=[cast.community.slug, "odt"]))["Content-Disposition"] == (
        'attachment; filename="charter-circuits-courts.odt"'
    )


def test_the_launch_pack_opens_with_the_launch_days_agenda(client, cast):
    from terreau.events.models import AgendaItem
    from terreau.events.services import agenda as agenda_services

    prepare(cast)
    client.force_login(cast.member)
    with translation.override("en"):
        html = client.get(reverse("launch:pack", args=[cast.community.slug]), HTTP_ACCEPT_LANGUAGE="en").text
    assert "The launch day is not planned yet." in html or "pas encore" in html
    event = agenda_services.launch_day_plan(actor=cast.core_member, community=cast.community)
    item = AgendaItem.objects.get(event=event, guide_key="roles")
    item.lead = cast.membership(cast.facilitator)
    item.title = "Qui fait quoi ?"
    item.save()
    html = client.get(reverse("launch:pack", args=[cast.community.slug])).text
    assert "Qui fait quoi ?" in html and "09:30" in html
    assert reverse("events:detail", args=[cast.community.slug, event.pk]) in html
    opened = docx.Document(
        io.BytesIO(client.get(reverse("launch:pack_download", args=[cast.community.slug, "docx"])).content)
    )
    rows = table_rows(opened)
    assert any(row[1] == "Qui fait quoi ?" and row[3] == "Sophie Lambert" for row in rows)
    assert any(row[0] == "09:30–10:15" for row in rows)
    odt = load(io.BytesIO(client.get(reverse("launch:pack_download", args=[cast.community.slug, "odt"])).content))
    assert "Qui fait quoi ?" in [teletype.extractText(c) for c in odt.getElementsByType(TableCell)]
