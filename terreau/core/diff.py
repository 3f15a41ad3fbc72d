"""Line-by-line comparison of two texts, for the pages that show what changed between versions.

Changed lines are paired and, when asked, compared word by word, so a small edit in a long
paragraph shows as a few removed and added words rather than a whole removed and added line.
"""

import difflib
import re
from dataclasses import dataclass, field

WORDS = re.compile(r"^\s+|\S+\s*")  # each word with the spaces after it


@dataclass
class Row:
    kind: str  # same, removed, added, changed
    pieces: list[tuple[str, str]] = field(default_factory=list)  # (same | removed | added, text)

    @property
    def text(self) -> str:
        """The whole line: as it reads after the change, or as it read before for a removed line."""
        dropped = "added" if self.kind == "removed" else "removed"
        return "".join(text for kind, text in self.pieces if kind != dropped)


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


def lines(old: str, new: str, *, words: bool = True, blank_lines: bool = False) -> list[Row]:
    """The rows that turn `old` into `new`.

    `words`: a changed line is one "changed" row of word pieces; without it, its removed row
    then its added row. `blank_lines`: keep the unchanged blank lines (they space out a text).
    """
    a, b = old.splitlines(), new.splitlines()
    rows = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            rows += [Row("same", [("same", line)]) for line in a[i1:i2] if blank_lines or line.strip()]
            continue
        old_lines, new_lines = a[i1:i2], b[j1:j2]
        paired = min(len(old_lines), len(new_lines)) if tag == "replace" else 0
        for old_line, new_line in zip(old_lines[:paired], new_lines[:paired], strict=True):
            if words:
                rows.append(Row("changed", _words(old_line, new_line)))
            else:
                rows += [Row("removed", [("removed", old_line)]), Row("added", [("added", new_line)])]
        rows += [Row("removed", [("removed", line)]) for line in old_lines[paired:]]
        rows += [Row("added", [("added", line)]) for line in new_lines[paired:]]
    return rows
