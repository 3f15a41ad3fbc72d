"""The circles' map, laid out as a tree for a server-drawn SVG: each circle a node under its parent.

Leaves take consecutive columns, a parent stands above the middle of its children; a circle whose
parent the reader does not see is drawn as a root. The list beside the map says it all in words.
"""

import math
from dataclasses import dataclass, field

from .models import Circle, CircleKind

COLUMN = 190  # width of a column, in SVG units
ROW = 155
TOP = 60
LINE_MAX = 22  # characters of a label's line; two lines at most
KIND_ORDER = {CircleKind.CORE_TEAM: 0, CircleKind.STEERING: 1, CircleKind.WORKING_GROUP: 2, CircleKind.PROJECT: 3}


@dataclass
class Node:
    circle: Circle
    depth: int
    x: float = 0
    y: float = 0
    r: float = 0
    lines: list[str] = field(default_factory=list)
    name_y: float = 0
    kind_y: float = 0
    children: list["Node"] = field(default_factory=list)


@dataclass
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass
class Map:
    nodes: list[Node]
    edges: list[Edge]
    width: int
    height: int


def _lines(text: str) -> list[str]:
    """The name on two lines at most, cut between words; what does not fit ends with an ellipsis."""
    lines = [""]
    for word in text.split():
        if not lines[-1] or len(lines[-1]) + 1 + len(word) <= LINE_MAX:
            lines[-1] = f"{lines[-1]} {word}".strip()
        elif len(lines) < 2:
            lines.append(word)
        else:
            lines[-1] += " " + word
    return [line if len(line) <= LINE_MAX else line[: LINE_MAX - 1].rstrip() + "…" for line in lines]


def _sorted(circles: list[Circle]) -> list[Circle]:
    return sorted(circles, key=lambda circle: (KIND_ORDER.get(circle.kind, 9), circle.display_name.lower(), circle.pk))


def layout(circles: list[Circle]) -> Map:
    by_pk = {circle.pk: circle for circle in circles}
    children: dict[int | None, list[Circle]] = {}
    for circle in circles:
        parent = circle.parent_id if circle.parent_id in by_pk else None
        children.setdefault(parent, []).append(circle)
    column = 0
    nodes: list[Node] = []
    edges: list[Edge] = []
    placing: set[int] = set()

    def place(circle: Circle, depth: int) -> Node:
        nonlocal column
        placing.add(circle.pk)
        count = getattr(circle, "member_count", 0) or 0
        node = Node(circle, depth, r=min(26 + 4 * math.sqrt(count), 46), lines=_lines(circle.display_name))
        node.children = [
            place(child, depth + 1) for child in _sorted(children.get(circle.pk, [])) if child.pk not in placing
        ]
        if node.children:
            node.x = (node.children[0].x + node.children[-1].x) / 2
        else:
            node.x = COLUMN / 2 + column * COLUMN
            column += 1
        node.y = TOP + depth * ROW
        node.x, node.r = round(node.x), round(node.r)
        node.name_y = node.y + node.r + 20
        node.kind_y = node.name_y + 17 * len(node.lines) + 1
        nodes.append(node)
        for child in node.children:
            edges.append(Edge(node.x, node.kind_y + 8, child.x, child.y - child.r))
        return node

    for root in _sorted(children.get(None, [])):
        place(root, 0)
    depth = max((node.depth for node in nodes), default=0)
    nodes.sort(key=lambda node: (node.depth, node.x))
    return Map(nodes=nodes, edges=edges, width=max(column, 1) * COLUMN, height=TOP + depth * ROW + 130)
