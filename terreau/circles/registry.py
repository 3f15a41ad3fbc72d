"""What the feature apps add to a circle's page; each registers at its AppConfig.ready().

Circles sits below the features, so it names none of them: knowledge adds the group's items,
exchanges its questions, events its meetings, each as a panel here. A panel's `context(user,
community, circle)` returns what its template shows, or None to show nothing; it must make the
same few queries however much the circle holds (the page's query count stays flat).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string


@dataclass(frozen=True)
class CirclePanel:
    key: str
    template: str
    context: Callable[..., Mapping[str, Any] | None]
    order: int = 50


_panels: dict[str, CirclePanel] = {}


def panel_register(panel: CirclePanel) -> None:
    _panels[panel.key] = panel


def panels() -> list[CirclePanel]:
    return sorted(_panels.values(), key=lambda panel: (panel.order, panel.key))


def render_panels(request, community, circle) -> list[str]:
    """Each panel drawn with its own context (and the community and circle), in order."""
    shown = []
    for panel in panels():
        context = panel.context(request.user, community, circle)
        if context is not None:
            shown.append(
                render_to_string(panel.template, {"community": community, "circle": circle, **context}, request=request)
            )
    return shown
