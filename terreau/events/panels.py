"""Sections of an event's page, each kept by its own module of this app: the page draws them in order.

`register(Panel(...))` at import of the module that owns the section (views/<module>.py); the
event page (views/events.py) calls each panel's `context(request, community, event)` and includes
its template with what it returns. A context returning None hides the panel.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    order: int  # registration 10, agenda 20, attendance 30, minutes 40, calendar links 50
    context: Callable[..., dict[str, Any] | None]


PANELS: dict[str, Panel] = {}


def register(panel: Panel) -> Panel:
    PANELS[panel.key] = panel
    return panel


def ordered() -> list[Panel]:
    return sorted(PANELS.values(), key=lambda panel: panel.order)
