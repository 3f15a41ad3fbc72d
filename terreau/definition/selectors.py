"""Reads for the stakeholder map and the community's definition, joined so counts stay flat."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from terreau import permissions
from terreau.communities.models import Community, Membership
from terreau.core.models import Visibility

from . import permissions as definition_permissions
from .models import (
    HIGH_FROM,
    OBJECTIVE_HELP,
    CommunityDefinition,
    ExistingNetwork,
    Objective,
    ObjectiveKind,
    Quadrant,
    Stakeholder,
    StakeholderConversation,
)

# Stakeholders -------------------------------------------------------------------------


def stakeholders_visible(community: Community, user) -> QuerySet:
    return definition_permissions.stakeholders_visible_to(user, community)


def stakeholder_for(community: Community, user, pk: int) -> Stakeholder:
    """One stakeholder with its conversations; 404 for one this person may not see."""
    conversations = StakeholderConversation.objects.select_related("membership__user")
    return get_object_or_404(
        stakeholders_visible(community, user)
        .select_related("community")
        .prefetch_related(Prefetch("conversations", queryset=conversations)),
        pk=pk,
    )


def conversation_speakers(community: Community) -> QuerySet:
    """Who may be named as having held a conversation: the core team (the others by name)."""
    return (
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE, is_core_team=True)
        .select_related("user")
        .order_by("user__display_name")
    )


# The grid's drawing, in SVG user units. Interest runs left to right, influence bottom to top.
CELL_W, CELL_H = 130, 100
MARGIN_LEFT, MARGIN_TOP, MARGIN_BOTTOM = 60, 8, 56
MARK_R, MARK_STEP, MARKS_PER_ROW, MARK_ROWS = 11, 24, 5, 3
LABEL_STRIP = 22  # the top of a quadrant's first row holds its label
LABELLED_ROWS = (5, HIGH_FROM - 1)  # influence of each quadrant's first row (from the top)


@dataclass
class Mark:
    number: int
    stakeholder: Stakeholder | None  # None for the "+n more" mark of a full cell
    x: int
    y: int
    more: int = 0


@dataclass
class Grid:
    width: int
    height: int
    plot: dict  # the plotting area: x, y, width, height
    split: dict  # where "high" starts: x, y
    columns: list[dict]  # the interest scale: x of each value's centre, value
    rows: list[dict]  # the influence scale
    quadrants: list[dict]  # each with its label, count, and where to write it
    areas: list[dict]  # the four quadrants' rectangles
    vlines: list[int]
    hlines: list[int]
    right: int
    bottom: int
    axis_x: dict  # where the axes' titles go
    axis_y: dict
    marks: list[Mark]
    mark_r: int = MARK_R


@dataclass
class StakeholderMap:
    stakeholders: list[Stakeholder]  # numbered 1.. in this order, on the grid and in the table
    grid: Grid
    counts: list[tuple[Quadrant, int]]  # by quadrant, most demanding first
    involved: int


def stakeholder_map(community: Community, user) -> StakeholderMap:
    stakeholders = list(
        stakeholders_visible(community, user)
        .annotate(conversation_count=Count("conversations"))
        .order_by("-influence", "-interest", "name", "id")
    )
    for number, stakeholder in enumerate(stakeholders, start=1):
        stakeholder.number = number
    counts = Counter(stakeholder.quadrant for stakeholder in stakeholders)
    return StakeholderMap(
        stakeholders=stakeholders,
        grid=_grid(stakeholders, counts),
        counts=[(quadrant, counts.get(quadrant, 0)) for quadrant in Quadrant],
        involved=sum(1 for stakeholder in stakeholders if stakeholder.involve),
    )


def _cell_origin(interest: int, influence: int) -> tuple[int, int]:
    return MARGIN_LEFT + (interest - 1) * CELL_W, MARGIN_TOP + (5 - influence) * CELL_H


def _grid(stakeholders: list[Stakeholder], counts: Counter) -> Grid:
    plot = {"x": MARGIN_LEFT, "y": MARGIN_TOP, "width": 5 * CELL_W, "height": 5 * CELL_H}
    split_x, split_y = _cell_origin(HIGH_FROM, HIGH_FROM)
    split_y += CELL_H  # the top of the "high influence" rows is the bottom of row HIGH_FROM
    right, bottom = plot["x"] + plot["width"], plot["y"] + plot["height"]
    # Each quadrant's label sits in the strip above the marks of its first row.
    quadrants: list[dict[str, Any]] = [
        {"quadrant": Quadrant.KEEP_SATISFIED, "x": plot["x"] + 6, "y": plot["y"] + 16, "anchor": "start"},
        {"quadrant": Quadrant.INVOLVE_CLOSELY, "x": right - 6, "y": plot["y"] + 16, "anchor": "end"},
        {"quadrant": Quadrant.MONITOR, "x": plot["x"] + 6, "y": split_y + 16, "anchor": "start"},
        {"quadrant": Quadrant.KEEP_INFORMED, "x": right - 6, "y": split_y + 16, "anchor": "end"},
    ]
    for quadrant in quadrants:
        quadrant["label"] = quadrant["quadrant"].label
        quadrant["count"] = counts.get(quadrant["quadrant"], 0)
    cells = defaultdict(list)
    for stakeholder in stakeholders:
        cells[(stakeholder.interest, stakeholder.influence)].append(stakeholder)
    marks = []
    room = MARKS_PER_ROW * MARK_ROWS
    for (interest, influence), group in cells.items():
        shown = group if len(group) <= room else group[: room - 1]
        positions = _mark_positions(interest, influence, min(len(group), room))
        for stakeholder, position in zip(shown, positions, strict=False):
            marks.append(Mark(stakeholder.number, stakeholder, *position))
        if len(shown) < len(group):
            marks.append(Mark(0, None, *positions[-1], more=len(group) - len(shown)))
    sx, sy = split_x, split_y
    areas = [
        {"css": "q-satisfied", "x": plot["x"], "y": plot["y"], "width": sx - plot["x"], "height": sy - plot["y"]},
        {"css": "q-involve", "x": sx, "y": plot["y"], "width": right - sx, "height": sy - plot["y"]},
        {"css": "q-monitor", "x": plot["x"], "y": sy, "width": sx - plot["x"], "height": bottom - sy},
        {"css": "q-informed", "x": sx, "y": sy, "width": right - sx, "height": bottom - sy},
    ]
    return Grid(
        areas=areas,
        vlines=[plot["x"] + i * CELL_W for i in range(1, 5)],
        hlines=[plot["y"] + i * CELL_H for i in range(1, 5)],
        right=right,
        bottom=bottom,
        axis_x={"x": plot["x"] + plot["width"] // 2, "y": bottom + 42},
        axis_y={"x": 18, "y": plot["y"] + plot["height"] // 2},
        width=right + 8,
        height=bottom + MARGIN_BOTTOM,
        plot=plot,
        split={"x": split_x, "y": split_y},
        columns=[{"value": v, "x": _cell_origin(v, 1)[0] + CELL_W // 2, "y": bottom + 18} for v in range(1, 6)],
        rows=[{"value": v, "y": _cell_origin(1, v)[1] + CELL_H // 2 + 5, "x": MARGIN_LEFT - 12} for v in range(1, 6)],
        quadrants=quadrants,
        marks=marks,
    )


def _mark_positions(interest: int, influence: int, count: int) -> list[tuple[int, int]]:
    """Where the `count` marks of one cell go: a block centred in the cell, rows filled left to right.

    Centred rather than packed from the cell's corner, so that a mark never sits on a quadrant's
    divider; the strip that holds a quadrant's label is left free.
    """
    x0, y0 = _cell_origin(interest, influence)
    if influence in LABELLED_ROWS:
        y0, height = y0 + LABEL_STRIP, CELL_H - LABEL_STRIP
    else:
        height = CELL_H
    rows = -(-count // MARKS_PER_ROW)
    top = y0 + (height - (rows - 1) * MARK_STEP) // 2
    positions = []
    for i in range(count):
        row, column = divmod(i, MARKS_PER_ROW)
        in_row = min(MARKS_PER_ROW, count - row * MARKS_PER_ROW)
        left = x0 + (CELL_W - (in_row - 1) * MARK_STEP) // 2
        positions.append((left + column * MARK_STEP, top + row * MARK_STEP))
    return positions


# The community's definition ------------------------------------------------------------


@dataclass
class Definition:
    definition: CommunityDefinition  # unsaved (and empty) until the core team writes it
    objectives: list[Objective]  # in the guide's order
    networks: list[ExistingNetwork]
    can_see: bool  # False: the core team keeps it to itself for now


def definition_for(community: Community, user=None) -> Definition:
    """The definition as `user` may see it (everything when `user` is None)."""
    definition = CommunityDefinition.objects.filter(community=community).first() or CommunityDefinition(
        community=community, visibility=Visibility.MEMBERS
    )
    can_see = user is None or permissions.can_see(user, community, definition)
    if not can_see:
        return Definition(definition=definition, objectives=[], networks=[], can_see=False)
    objectives = sorted(Objective.objects.filter(community=community), key=lambda objective: objective.position)
    for objective in objectives:
        objective.help = OBJECTIVE_HELP[objective.kind]
    networks = list(ExistingNetwork.objects.filter(community=community))
    return Definition(definition=definition, objectives=objectives, networks=networks, can_see=True)


def definition_summary(community: Community) -> dict:
    """What the charter pre-fills from: objectives with their labels, scope, unique value, who belongs.

    Plain strings throughout (labels in the active language; texts in Markdown as written).
    """
    found = definition_for(community)
    definition = found.definition
    return {
        "why": definition.why,
        "objectives_summary": definition.objectives_summary,
        "objectives": [
            {"kind": objective.kind, "label": str(ObjectiveKind(objective.kind).label), "goals": objective.goals}
            for objective in found.objectives
        ],
        "scope": definition.scope,
        "unique_value": definition.unique_value,
        "existing_networks": [
            {"name": network.name, "url": network.url, "relation": network.relation} for network in found.networks
        ],
        "permanent_members": definition.permanent_members,
        "guests": definition.guests,
        "not_members": definition.not_members,
    }


def definition_markdown(community: Community) -> dict[str, str]:
    """The summary as Markdown pieces, for a charter's first draft: why, objectives, scope, added value, members.

    A piece is empty when the core team has not written that part yet.
    """
    summary = definition_summary(community)
    kinds = [f"### {o['label']}\n\n{o['goals']}" for o in summary["objectives"]]
    objectives = "\n\n".join(part for part in [summary["objectives_summary"], *kinds] if part)
    lines = []
    for network in summary["existing_networks"]:
        name = f"[{network['name']}]({network['url']})" if network["url"] else network["name"]
        lines.append(f"- {name}: {network['relation']}" if network["relation"] else f"- {name}")
    networks = "\n".join(lines)
    added_value = "\n\n".join(part for part in [summary["unique_value"], networks] if part)
    members = "\n\n".join(
        f"**{label}** {text}"
        for label, text in [
            (_("Permanent members:"), summary["permanent_members"]),
            (_("Guests:"), summary["guests"]),
            (_("Not part of the community:"), summary["not_members"]),
        ]
        if text
    )
    return {
        "why": summary["why"],
        "objectives": objectives,
        "scope": summary["scope"],
        "added_value": added_value,
        "members": members,
    }
