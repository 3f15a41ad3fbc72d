"""The archive's sections, in the order they are written and loaded (a section may name records
of the sections before it: circles before the knowledge items that belong to them).

Each module of this package defines `SECTION`, a `Section` (see base.py); `SECTIONS` lists them.
A new kind of thing the community holds gets its section here, with its export, its pages, its
Markdown and its load, and the round-trip test (tests/test_round_trip.py) checks it.
"""

from . import (
    charter,
    circles,
    community,
    decisions,
    events,
    exchanges,
    knowledge,
    recognition,
    retrospectives,
    roles,
    stats,
    transfer,
)
from .base import ExportContext, LoadContext, Record, Section

SECTIONS: list[Section] = [
    community.SECTION,  # its themes are named by the items
    circles.SECTION,  # before the things that belong to a circle (an item's activity names one)
    charter.SECTION,
    knowledge.SECTION,
    decisions.SECTION,
    events.SECTION,  # names its minutes, items of the knowledge section
    exchanges.SECTION,
    transfer.SECTION,
    roles.SECTION,  # with the elections' outcome: names circles
    stats.SECTION,
    retrospectives.SECTION,
    recognition.SECTION,
]

__all__ = ["SECTIONS", "ExportContext", "LoadContext", "Record", "Section"]
