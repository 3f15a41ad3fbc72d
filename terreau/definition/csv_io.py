"""The stakeholder map as CSV: written for spreadsheets, read back from them.

Reading is all or nothing: every row is checked first, and the person sees every
bad row with its line number and the reason, so that they can fix the file once.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from terreau.communities.models import Community
from terreau.core import csv as spreadsheet
from terreau.core.models import Visibility
from terreau.core.text import fold

from .models import Stakeholder, StakeholderKind

MAX_BYTES = 1024 * 1024
MAX_ROWS = 5000
EXTENSIONS = (".csv", ".txt")

# field → its header in the export (translated).
COLUMNS = {
    "name": gettext_lazy("Name"),
    "organisation": gettext_lazy("Organisation"),
    "kind": gettext_lazy("Kind"),
    "contact": gettext_lazy("Contact"),
    "interest": gettext_lazy("Interest (1-5)"),
    "influence": gettext_lazy("Influence (1-5)"),
    "involve": gettext_lazy("Involve"),
    "notes": gettext_lazy("Notes"),
    "visibility": gettext_lazy("Visibility"),
}
REQUIRED = ("name", "interest", "influence")

# Other headers people write, in English and French (compared without accents or case).
HEADER_ALIASES = {
    "name": ["name", "nom", "nom de la partie prenante", "partie prenante", "stakeholder"],
    "organisation": ["organisation", "organization", "organisme", "structure"],
    "kind": ["kind", "type", "category", "categorie", "type de partie prenante"],
    "contact": ["contact", "email", "e-mail", "courriel", "phone", "telephone"],
    "interest": ["interest", "interet"],
    "influence": ["influence", "pouvoir", "power"],
    "involve": ["involve", "involve them", "impliquer", "a impliquer", "les impliquer"],
    "notes": ["notes", "note", "remarques", "comments", "commentaires"],
    "visibility": ["visibility", "visibilite"],
}
KIND_ALIASES = {
    StakeholderKind.LAG: ["gal", "lag", "groupe d'action locale"],
    StakeholderKind.MUNICIPALITY: ["commune", "municipalite", "ville"],
    StakeholderKind.PRODUCER: ["agriculteur", "producteur", "agriculteur ou producteur", "farmer", "producer"],
    StakeholderKind.ASSOCIATION: ["association", "asbl"],
    StakeholderKind.PUBLIC_BODY: ["organisme public", "administration", "pouvoir public"],
    StakeholderKind.BUSINESS: ["entreprise", "company", "societe"],
    StakeholderKind.NETWORK: ["reseau"],
    StakeholderKind.EXPERT: ["experte", "expert·e"],
    StakeholderKind.OTHER: ["autre"],
}
VISIBILITY_ALIASES = {
    Visibility.PUBLIC: ["public", "publique"],
    Visibility.MEMBERS: ["members", "membres"],
    Visibility.CORE_TEAM: ["core team", "noyau dur", "noyau dur uniquement"],
}
YES = {"yes", "y", "oui", "o", "true", "vrai", "1", "x"}
NO = {"no", "n", "non", "false", "faux", "0", ""}
SCALE = re.compile(r"^([1-5])(?:[.,]0+)?(?:\s*[-–—:].*)?$")


def normalise(text: str) -> str:
    """Lower case, no accents, no punctuation around: how headers and values are compared."""
    text = fold(text.replace("\ufeff", ""))
    return re.sub(r"[\s_]+", " ", re.sub(r"\([^)]*\)", " ", text)).strip(" :*.")


def _in_every_language(label) -> list[str]:
    names = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.append(str(label))
    return names


def _lookup(choices: dict) -> dict[str, str]:
    """normalised spelling → value, from each value, its label in every language, and the aliases."""
    table = {}
    for value, aliases in choices.items():
        for spelling in [value, *aliases]:
            table[normalise(spelling)] = value
    return table


def _header_table() -> dict[str, str]:
    return _lookup({name: [*HEADER_ALIASES[name], *_in_every_language(label)] for name, label in COLUMNS.items()})


def _kind_table() -> dict[str, str]:
    return _lookup({kind: [*KIND_ALIASES[kind], *_in_every_language(kind.label)] for kind in StakeholderKind})


def _visibility_table() -> dict[str, str]:
    return _lookup({value: [*VISIBILITY_ALIASES[value], *_in_every_language(value.label)] for value in Visibility})


# Writing ------------------------------------------------------------------------------


def write(out, stakeholders) -> None:
    """Write the map to `out` (a file or an HttpResponse): BOM, ';', a header row, inert cells."""
    writer = spreadsheet.writer(out)
    writer.writerow([str(label) for label in COLUMNS.values()])
    for stakeholder in stakeholders:
        writer.writerow(
            [
                stakeholder.name,
                stakeholder.organisation,
                stakeholder.get_kind_display(),
                stakeholder.contact,
                stakeholder.interest,
                stakeholder.influence,
                _("yes") if stakeholder.involve else _("no"),
                stakeholder.notes,
                stakeholder.get_visibility_display(),
            ]
        )


# Reading ------------------------------------------------------------------------------


@dataclass
class Parsed:
    rows: list[dict] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)
    ignored_columns: list[str] = field(default_factory=list)


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")  # what spreadsheets call "Unicode text"
        except UnicodeDecodeError as error:  # cut short (an odd number of bytes) or a broken pair
            raise ValidationError(_unreadable()) from error
    elif b"\x00" in data:
        raise ValidationError(_not_csv())
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")  # spreadsheets on Windows save CSV so
    if "\x00" in text:  # no text column can hold it (PostgreSQL refuses it)
        raise ValidationError(_not_csv())
    return text


def _not_csv() -> str:
    return _(
        "This file is not a CSV file. In your spreadsheet, choose “Save as” and the format "
        "“CSV (semicolon separated)” or “CSV UTF-8”, then import that file."
    )


def _unreadable() -> str:
    return _(
        "The characters of this file cannot be read: it may be damaged or cut short. In your "
        "spreadsheet, choose “Save as” and the format “CSV UTF-8”, then import that file."
    )


def check_upload(upload) -> None:
    """Refuse before reading: too large, or not named like a CSV file."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("The file weighs %(size)s; the limit is 1 MB. Split it into several files.")
            % {"size": f"{upload.size / (1024 * 1024):.1f} MB"}
        )
    if not upload.name.lower().endswith(EXTENSIONS):
        raise ValidationError(_not_csv())


def read(upload, *, community: Community) -> Parsed:
    """Check every row of an uploaded CSV file; raise ValidationError for a file that cannot be read at all."""
    check_upload(upload)
    data = upload.read(MAX_BYTES + 1)
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF")):  # xlsx / ods, xls, pdf
        raise ValidationError(_not_csv())
    return parse(_decode(data), community=community)


def parse(text: str, *, community: Community) -> Parsed:
    text = text.lstrip("\ufeff")  # a byte-order mark, sometimes written twice by a careless converter
    if not text.strip():
        raise ValidationError(_("The file is empty."))
    first_line = text.splitlines()[0]
    delimiter = max([";", ",", "\t"], key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
        columns = _columns(header)
        parsed = Parsed(
            ignored_columns=[name for name, column in zip(header, columns, strict=True) if column is None and name]
        )
        tables = {"kinds": _kind_table(), "visibilities": _visibility_table(), **_yes_no()}
        seen: dict[tuple[str, str], int] = {}
        line_end = reader.line_num
        for cells in reader:
            line, line_end = line_end + 1, reader.line_num  # where the row starts: a cell may span lines
            if not any(cell.strip() for cell in cells):
                continue
            if len(parsed.rows) + len(parsed.errors) >= MAX_ROWS:
                raise ValidationError(
                    _("The file has more than %(max)s rows. Split it into several files.") % {"max": MAX_ROWS}
                )
            values = {column: cell for column, cell in zip(columns, cells, strict=False) if column}
            row, problems = _row(values, community=community, **tables)
            if not problems:
                key = (row["name"].casefold(), row["organisation"].casefold())
                if key in seen:
                    problems.append(_("the same name and organisation as line %(line)s.") % {"line": seen[key]})
                seen.setdefault(key, line)
            if problems:
                parsed.errors.append((line, " ".join(problems)))
            else:
                parsed.rows.append(row)
    except csv.Error as error:
        raise ValidationError(
            _("The file cannot be read as CSV near line %(line)s (%(error)s).")
            % {"line": reader.line_num, "error": error}
        ) from error
    if not parsed.rows and not parsed.errors:
        raise ValidationError(_("The file has no stakeholders under its header row."))
    return parsed


def _columns(header: list[str]) -> list[str | None]:
    table = _header_table()
    columns = [table.get(normalise(name)) for name in header]
    doubled = {column for column in columns if column and columns.count(column) > 1}
    if doubled:
        raise ValidationError(
            _("The header row names the same column twice: %(columns)s.")
            % {"columns": ", ".join(str(COLUMNS[column]) for column in sorted(doubled))}
        )
    missing = [column for column in REQUIRED if column not in columns]
    if missing:
        raise ValidationError(
            _(
                "The first row must name the columns. Missing: %(missing)s. Download the export "
                "to see the expected columns."
            )
            % {"missing": ", ".join(str(COLUMNS[column]) for column in missing)}
        )
    return columns


def _yes_no() -> dict[str, set[str]]:
    return {
        "yes": YES | {normalise(word) for word in _in_every_language(gettext_lazy("yes"))},
        "no": NO | {normalise(word) for word in _in_every_language(gettext_lazy("no"))},
    }


def _row(values: dict, *, kinds, visibilities, yes, no, community) -> tuple[dict, list[str]]:
    values = {column: spreadsheet.uncell(cell) for column, cell in values.items()}
    problems = []
    row = {
        "name": values.get("name", ""),
        "organisation": values.get("organisation", ""),
        "contact": values.get("contact", ""),
        "notes": values.get("notes", ""),
    }
    if not row["name"]:
        problems.append(_("The name is missing."))
    for column in ("interest", "influence"):
        match = SCALE.match(values.get(column, ""))
        if match:
            row[column] = int(match.group(1))
        else:
            problems.append(
                _("%(column)s must be a number from 1 to 5, not “%(value)s”.")
                % {"column": COLUMNS[column], "value": values.get(column, "")}
            )
    kind = values.get("kind", "")
    row["kind"] = kinds.get(normalise(kind)) if kind else StakeholderKind.OTHER
    if row["kind"] is None:
        problems.append(
            _("Unknown kind “%(value)s” (use one of: %(choices)s).")
            % {"value": kind, "choices": ", ".join(str(label) for label in StakeholderKind.labels)}
        )
    involve = normalise(values.get("involve", ""))
    if involve in yes or involve in no:
        row["involve"] = involve in yes
    else:
        problems.append(_("Involve must be yes or no, not “%(value)s”.") % {"value": values["involve"]})
    visibility = values.get("visibility", "")
    row["visibility"] = visibilities.get(normalise(visibility)) if visibility else Visibility.CORE_TEAM
    if row["visibility"] is None:
        problems.append(
            _("Unknown visibility “%(value)s” (use: public, members or core team).") % {"value": visibility}
        )
    if not problems:
        # The model's own rules (lengths, the contact's size): the same as the form's.
        try:
            Stakeholder(community=community, **row).full_clean(exclude=["community"], validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                label = COLUMNS.get(name, name)
                problems.extend(f"{label}: {message}" for message in messages)
    return row, problems
