"""The stakeholder map to and from CSV, read back with the csv module."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from terreau.definition import csv_io
from terreau.definition.models import Stakeholder

pytestmark = pytest.mark.django_db


def upload(text: str, name="parties-prenantes.csv", encoding="utf-8-sig"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def import_file(client, cast, file):
    client.force_login(cast.core_member)
    return client.post(reverse("definition:stakeholders_import", args=[cast.community.slug]), {"file": file})


GOOD_FRENCH = """Nom;Organisation;Type;Contact;Intérêt;Influence;À impliquer;Notes;Visibilité
Marie Dupont;Commune de Gesves;Commune;marie@gesves.be;4;5;oui;Échevine de l'agriculture;Membres
Ferme du Bois;;Agriculteur ou producteur;+32 81 00 00 00;5;2;oui;"Vend en direct,
deux marchés par semaine";
Chambre d'agriculture;;Organisme public;;2;4;non;;noyau dur
"""


def test_a_good_file_with_french_headers_is_imported(client, cast):
    response = import_file(client, cast, upload(GOOD_FRENCH))
    assert response.status_code == 302
    assert Stakeholder.objects.filter(community=cast.community).count() == 3
    marie = Stakeholder.objects.get(name="Marie Dupont")
    assert (marie.kind, marie.interest, marie.influence, marie.involve, marie.visibility) == (
        "municipality",
        4,
        5,
        True,
        "members",
    )
    farm = Stakeholder.objects.get(name="Ferme du Bois")
    assert farm.kind == "producer" and farm.notes.startswith("Vend en direct,\ndeux")
    assert farm.visibility == "core_team"  # empty: kept to the core team
    assert Stakeholder.objects.get(name="Chambre d'agriculture").kind == "public_body"


def test_a_file_with_two_bad_rows_imports_nothing_and_names_both_lines(client, cast):
    text = (
        "name,organisation,kind,interest,influence,involve\n"
        "Marie Dupont,Commune de Gesves,municipality,4,5,yes\n"
        ",Sans nom,other,3,3,no\n"  # line 3: no name
        "Ferme du Bois,,producer,3,3,no\n"
        "Office du tourisme,,business,9,2,maybe\n"  # line 5: interest 9, involve maybe
    )
    response = import_file(client, cast, upload(text))
    assert response.status_code == 200
    assert not Stakeholder.objects.exists()
    errors = response.context["row_errors"]
    assert [line for line, _reason in errors] == [3, 5]
    assert "Line 3:" in response.text and "Line 5:" in response.text
    assert "maybe" in dict(errors)[5] and "9" in dict(errors)[5]


def test_line_numbers_count_the_lines_a_quoted_cell_spans(cast):
    text = 'Name;Interest;Influence;Notes\nA;3;3;"one\ntwo\nthree"\n;3;3;\n'
    parsed = csv_io.parse(text, community=cast.community)
    assert parsed.errors[0][0] == 5


def test_a_row_repeating_another_is_reported(cast):
    parsed = csv_io.parse("Name;Interest;Influence\nA;3;3\na;2;2\n", community=cast.community)
    assert parsed.errors == [(3, parsed.errors[0][1])] and "line 2" in parsed.errors[0][1]


def test_export_then_import_gives_back_the_same_map(client, cast):
    rows = [
        Stakeholder(
            community=cast.community,
            name="Marie Dupont",
            organisation="Commune de Gesves",
            kind="municipality",
            contact="+32 81 00 00 00",
            interest=4,
            influence=5,
            involve=True,
            notes="=SUM(A1) n'est pas une formule\nDeuxième ligne; avec point-virgule",
            visibility="members",
        ),
        Stakeholder(community=cast.community, name="Ferme du Bois", kind="producer", interest=5, influence=1),
    ]
    Stakeholder.objects.bulk_create(rows)
    client.force_login(cast.core_member)
    response = client.get(reverse("definition:stakeholders_csv", args=[cast.community.slug]))
    content = response.content
    assert content.startswith("\ufeff".encode())
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert len(table) == 3 and len(table[0]) == 9
    marie = next(row for row in table if row[0] == "Marie Dupont")
    assert marie[3].startswith("'+32") and marie[7].startswith("'=")  # not run as formulas

    fields = ["name", "organisation", "kind", "contact", "interest", "influence", "involve", "notes", "visibility"]
    before = list(Stakeholder.objects.order_by("name").values(*fields))
    Stakeholder.objects.all().delete()
    response = import_file(client, cast, SimpleUploadedFile("export.csv", content))
    assert response.status_code == 302, response.context and response.context["row_errors"]
    assert list(Stakeholder.objects.order_by("name").values(*fields)) == before

    # Imported again: the same stakeholders are updated, not doubled.
    import_file(client, cast, SimpleUploadedFile("export.csv", content))
    assert Stakeholder.objects.count() == 2


def test_the_export_in_french_is_read_back_too(client, cast):
    Stakeholder.objects.create(community=cast.community, name="GAL Condroz", kind="lag", interest=5, influence=4)
    client.force_login(cast.core_member)
    client.post(reverse("language_set"), {"language": "fr", "next": "/"})
    content = client.get(reverse("definition:stakeholders_csv", args=[cast.community.slug])).content
    Stakeholder.objects.all().delete()
    assert import_file(client, cast, SimpleUploadedFile("export.csv", content)).status_code == 302
    assert Stakeholder.objects.get().kind == "lag"


def test_an_oversize_file_is_refused_before_it_is_read(client, cast):
    big = SimpleUploadedFile("big.csv", b"Name;Interest;Influence\n" + b"A;3;3\n" * 200_000)
    assert big.size > csv_io.MAX_BYTES
    response = import_file(client, cast, big)
    assert response.status_code == 200
    assert "1 MB" in response.text or "1 Mo" in response.text
    assert not Stakeholder.objects.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("map.xlsx", b"PK\x03\x04 binary"),
        ("map.csv", b"PK\x03\x04 an xlsx renamed"),
        ("map.csv", b"Name\x00;Interest"),
        ("photo.png", b"\x89PNG"),
    ],
)
def test_a_file_that_is_not_csv_is_refused_with_a_clear_message(client, cast, name, data):
    response = import_file(client, cast, SimpleUploadedFile(name, data))
    assert response.status_code == 200
    assert "CSV" in response.context["form"].errors["file"][0]
    assert not Stakeholder.objects.exists()


def test_a_file_without_the_required_columns_says_which_are_missing(client, cast):
    response = import_file(client, cast, upload("Nom;Organisation\nA;B\n"))
    message = response.context["form"].errors["file"][0]
    assert "Interest" in message or "Intérêt" in message


def test_a_windows_spreadsheet_file_is_read(cast):
    text = "Nom;Intérêt;Influence;Type\nMénage rural;3;3;Réseau\n"
    parsed = csv_io.read(upload(text, encoding="cp1252"), community=cast.community)
    assert parsed.rows[0]["name"] == "Ménage rural" and parsed.rows[0]["kind"] == "network"


def test_a_member_cannot_import(client, cast):
    client.force_login(cast.member)
    response = client.post(
        reverse("definition:stakeholders_import", args=[cast.community.slug]), {"file": upload(GOOD_FRENCH)}
    )
    assert response.status_code == 403
    assert not Stakeholder.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf\xef\xbb\xbf",  # two UTF-8 byte-order marks and nothing else
        b"\xff\xfe\xff\xfe",  # two UTF-16 ones
        b"\xef\xbb\xbf\xef\xbb\xbf\r\n \r\n",
    ],
)
def test_a_file_of_byte_order_marks_is_empty(client, cast, data):
    response = import_file(client, cast, SimpleUploadedFile("map.csv", data))
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["The file is empty."]
    assert not Stakeholder.objects.exists()


def test_a_csv_after_two_byte_order_marks_is_read(cast):
    text = "\ufeff\ufeffName;Interest;Influence\nCommune de Gesves;4;5\n"
    parsed = csv_io.read(SimpleUploadedFile("map.csv", text.encode()), community=cast.community)
    assert [row["name"] for row in parsed.rows] == ["Commune de Gesves"]


@pytest.mark.parametrize(
    "data",
    [
        "Name;Interest;Influence\nA;3;3\n".encode("utf-16")[:-1],  # an odd number of bytes: cut short
        b"\xff\xfe" + b"\x00\xd8" + "A;3;3".encode("utf-16-le"),  # half of a surrogate pair
    ],
)
def test_a_damaged_utf16_file_is_refused_with_a_clear_message(client, cast, data):
    response = import_file(client, cast, SimpleUploadedFile("map.csv", data))
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [csv_io._unreadable()]
    assert not Stakeholder.objects.exists()


def test_a_utf16_file_hiding_a_nul_character_is_not_csv(client, cast):
    data = "Name;Interest;Influence\nA\x00B;3;3\n".encode("utf-16")
    response = import_file(client, cast, SimpleUploadedFile("map.csv", data))
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [csv_io._not_csv()]
    assert not Stakeholder.objects.exists()
