"""A charter's two versions compared section by section (terreau.core.diff does the lines)."""

from dataclasses import dataclass

from terreau.core.diff import Row, lines

from .models import CharterVersion, Section


@dataclass
class SectionDiff:
    section: Section
    changed: bool
    rows: list[Row]


def compare(older: CharterVersion, newer: CharterVersion) -> list[SectionDiff]:
    diffs = []
    for section in Section:
        old, new = older.text(section), newer.text(section)
        diffs.append(SectionDiff(section, old != new, lines(old, new) if old != new else []))
    return diffs
