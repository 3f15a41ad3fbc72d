"""The one CSV writer: a BOM, ';', and cells a spreadsheet never runs as formulas."""

import csv
import io

import pytest

from terreau.core import csv as spreadsheet


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"])
def test_a_cell_that_starts_like_a_formula_is_written_as_text_and_read_back(text):
    assert spreadsheet.cell(text) == "'" + text
    assert spreadsheet.uncell(spreadsheet.cell(text)) == text


@pytest.mark.parametrize(("value", "written"), [("Julie Martin", "Julie Martin"), (3, "3"), (None, ""), ("a=b", "a=b")])
def test_other_cells_are_left_as_they_are(value, written):
    assert spreadsheet.cell(value) == written


def test_an_apostrophe_typed_by_someone_is_kept_on_import():
    assert spreadsheet.uncell("'tis the season") == "'tis the season"


def test_the_writer_starts_with_a_bom_and_separates_with_semicolons():
    out = io.StringIO()
    writer = spreadsheet.writer(out)
    writer.writerow(["Nom", '=HYPERLINK("x")'])
    writer.writerows([["Marie; Dupont", -2]])
    text = out.getvalue()
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text[1:]), delimiter=";")) == [
        ["Nom", '\'=HYPERLINK("x")'],
        ["Marie; Dupont", "'-2"],
    ]


def test_the_response_is_a_named_csv_download():
    response = spreadsheet.response("circuits-courts-action-plan.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="circuits-courts-action-plan.csv"'
