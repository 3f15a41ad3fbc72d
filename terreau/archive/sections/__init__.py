"""The archive's sections, in the order they are written and loaded (a section may name records
of the sections before it: circles before the knowledge items that belong to them).

Each module of this package defines `SECTION`, a `Section` (see base.py); `SECTIONS` lists them.
A new kind of thing the community holds gets its section here, with its export, its pages, its
Markdown and its load, and the round-trip test (tests/test_round_trip.py) checks it.
"""

from . import charter, community, knowledge
from .base import ExportContext, LoadContext, Record, Section

# The community first (its themes are named by the items), the charter, then the knowledge base.
SECTIONS: list[Section] = [community.SECTION, charter.SECTION, knowledge.SECTION]

__all__ = ["SECTIONS", "ExportContext", "LoadContext", "Record", "Section"]
