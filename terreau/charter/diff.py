"""Line-by-line comparison of two charter versions, section by section.

Changed lines are paired and compared word by word, so a small edit in a long paragraph
shows as a few removed and added words rather than a whole removed and added line.
"""

import difflib
import re
from dataclasses import dataclass, field

from .models import CharterVersion, Section

WORDS = re.compile(r"^\s+|\S+\s*")  # each word with the spaces after it


@dataclass
class Row:
    kind: str  # same, removed, added, changed
    pieces: list[tuple[str, str]] = field(default_factory=list)  # (same | removed | added, text)


@dataclass
class SectionDiff:
    section: Section
    changed: bool
    rows: list[Row]


def _words(old: str, new: str) -> list[tuple[str, str]]:
    a, b = WORDS.findall(old), WORDS.findall(new)
    pieces = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("removed", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(("added", "".join(b[j1:j2])))
    return pieces


def lines(old: str, new: str) -> list[Row]:
    a, b = old.split("\n") if old else [], new.split("\n") if new else []
    rows = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            rows += [Row("same", [("same", line)]) for line in a[i1:i2] if line.strip()]
            continue
        old_lines, new_lines = a[i1:i2], b[j1:j2]
        paired = min(len(old_lines), len(new_lines)) if tag == "replace" else 0
        for old_line, new_line in zip(old_lines[:paired], new_lines[:paired], strict=True):
            rows.append(Row("changed", _words(old_line, new_line)))
        rows += [Row("removed", [("removed", line)]) for line in old_lines[paired:]]
        rows += [Row("added", [("added", line)]) for line in new_lines[paired:]]
    return rows


def compare(older: CharterVersion, newer: CharterVersion) -> list[SectionDiff]:
    diffs = []
    for section in Section:
        old, new = older.text(section), newer.text(section)
        diffs.append(SectionDiff(section, old != new, lines(old, new) if old != new else []))
    return diffs
