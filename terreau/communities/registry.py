"""What the apps built on communities add to its pages; each registers at its AppConfig.ready().

Communities is the base the feature apps build on, so it names none of them: a feature adds its
tab to a community's navigation, or a panel to a member's page, here.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Tab:
    """A link of the community's navigation, to `url_name` with the community's slug."""

    key: str  # the `tab` a page passes to mark its own link as the current one
    label: Any  # lazily translated
    url_name: str
    # Members' most used pages first (exchanges 10, knowledge base 20, members 30), then the
    # community's own (overview 50, workspace 60), the core team's management last (70 and on).
    order: int
    # The flag of the page context (see context.py) that must be true for the person to see it.
    needs: str | None = None
    # Other pages' `tab` this link is the current one on (a visitor's tab for a members' page).
    current_on: frozenset[str] = frozenset()
    # "manage": folded with the core team's other management pages under one "Management" entry,
    # so that the row of tabs stays one or two lines on a laptop.
    group: str = ""


@dataclass(frozen=True)
class MemberPanel:
    """A section of a member's page: its template and what it shows, given reader, community, membership."""

    key: str
    template: str
    context: Callable[..., Mapping[str, Any]]


@dataclass(frozen=True)
class RolesLink:
    """A link of the who-does-what page to another way of filling roles (an election, a call)."""

    key: str
    label: Any
    url_name: str
    needs: str | None = None


_tabs: dict[str, Tab] = {}
_roles_links: dict[str, RolesLink] = {}
_member_panels: dict[str, MemberPanel] = {}


def tab_register(tab: Tab) -> None:
    _tabs[tab.key] = tab


def member_panel_register(panel: MemberPanel) -> None:
    _member_panels[panel.key] = panel


def roles_link_register(link: RolesLink) -> None:
    _roles_links[link.key] = link


def roles_links(page: Mapping[str, Any]) -> list[dict[str, Any]]:
    community = page["community"]
    return [
        {"label": link.label, "url": reverse(link.url_name, args=[community.slug])}
        for link in _roles_links.values()
        if link.needs is None or page.get(link.needs)
    ]


def tabs_for(page: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The tabs this page's person sees, in order, each with its address and whether it is the current one."""
    community = page["community"]
    return [
        {
            "label": tab.label,
            "url": reverse(tab.url_name, args=[community.slug]),
            "current": tab.key == page.get("tab") or page.get("tab") in tab.current_on,
            "group": tab.group,
        }
        for tab in sorted(_tabs.values(), key=lambda tab: tab.order)
        if tab.needs is None or page.get(tab.needs)
    ]


def member_panels(user, community, membership) -> dict[str, Any]:
    """The context of every panel of a member's page, and their templates under `member_panels`."""
    context: dict[str, Any] = {"member_panels": []}
    for panel in _member_panels.values():
        context.update(panel.context(user, community, membership))
        context["member_panels"].append(panel.template)
    return context


# The tabs of communities' own pages; the overview, the audit log and the features add theirs.
for _tab in [
    Tab("members", _("Members"), "communities:members", order=30, needs="can_see_members"),
    Tab("roles", _("Who does what"), "communities:roles", order=40, needs="can_see_members"),
    Tab("invitations", _("Invitations"), "communities:invitations", order=70, needs="can_manage", group="manage"),
    Tab("requests", _("Requests"), "communities:join_requests", order=80, needs="can_manage", group="manage"),
    Tab("edit", _("Settings"), "communities:edit", order=90, needs="can_manage", group="manage"),
    Tab("me", _("My participation"), "communities:my_membership", order=55, needs="my_membership"),
]:
    tab_register(_tab)
