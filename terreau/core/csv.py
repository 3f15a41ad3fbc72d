"""CSV for spreadsheets: every export of Terreau writes through here.

A BOM so that spreadsheet programs read the accents right, ';' as spreadsheets in French expect,
and no cell that a spreadsheet would run as a formula: a name such as `=HYPERLINK(…)` typed by a
member is written with a leading apostrophe, which spreadsheets show as text.
"""

import csv
from collections.abc import Iterable

from django.http import HttpResponse, StreamingHttpResponse

BOM = "\ufeff"
DELIMITER = ";"
# Spreadsheets run cells that start with these as formulas (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    """The value as text a spreadsheet shows as it is."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def uncell(text: str) -> str:
    """The value `cell` wrote, read back from an import."""
    text = text.strip()
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


class Writer:
    """`csv.writer` that makes every cell inert; rows are any iterables of values."""

    def __init__(self, out):
        self._writer = csv.writer(out, delimiter=DELIMITER)

    def writerow(self, row: Iterable) -> None:
        self._writer.writerow([cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


def writer(out) -> Writer:
    """Start a CSV in `out` (a file or an HttpResponse): the BOM, then rows through the writer."""
    out.write(BOM)
    return Writer(out)


def response(filename: str) -> HttpResponse:
    """An empty CSV download named `filename`: fill it through `writer(response)`."""
    found = HttpResponse(content_type="text/csv; charset=utf-8")
    found["Content-Disposition"] = f'attachment; filename="{filename}"'
    return found


class _Line:
    def write(self, value):
        return value


def streaming_response(filename: str, rows: Iterable[Iterable]) -> StreamingHttpResponse:
    """A CSV download written row by row as it is sent: long logs never sit whole in memory."""
    line = csv.writer(_Line(), delimiter=DELIMITER)

    def lines():
        yield BOM
        for row in rows:
            yield line.writerow([cell(value) for value in row])

    found = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    found["Content-Disposition"] = f'attachment; filename="{filename}"'
    return found
