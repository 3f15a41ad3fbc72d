"""The stakeholder grid's drawing: each mark inside the quadrant the table gives it, none overlapping."""

import itertools

import pytest

from terreau.definition import selectors
from terreau.definition.models import HIGH_FROM, Quadrant, Stakeholder
from terreau.definition.selectors import CELL_H, CELL_W, MARK_R

CLEAR = 6  # the white space a mark keeps from a divider, so that it reads as inside a quadrant

AREA_OF = {
    Quadrant.KEEP_SATISFIED: "q-satisfied",
    Quadrant.INVOLVE_CLOSELY: "q-involve",
    Quadrant.MONITOR: "q-monitor",
    Quadrant.KEEP_INFORMED: "q-informed",
}


def drawn(*scores):
    stakeholders = [
        Stakeholder(name=f"S{n}", interest=interest, influence=influence)
        for n, (interest, influence) in enumerate(scores, start=1)
    ]
    for number, stakeholder in enumerate(stakeholders, start=1):
        stakeholder.number = number
    return selectors._grid(stakeholders, counts={})


def inside(mark, area, clear=CLEAR):
    reach = MARK_R + clear
    return (
        area["x"] + reach <= mark.x <= area["x"] + area["width"] - reach
        and area["y"] + reach <= mark.y <= area["y"] + area["height"] - reach
    )


@pytest.mark.parametrize("interest", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("influence", [1, 2, 3, 4, 5])
def test_a_mark_sits_well_inside_the_quadrant_the_table_gives(interest, influence):
    grid = drawn((interest, influence))
    (mark,) = grid.marks
    areas = {area["css"]: area for area in grid.areas}
    assert inside(mark, areas[AREA_OF[mark.stakeholder.quadrant]])


def test_a_stakeholder_of_interest_4_is_drawn_right_of_the_divider_not_on_it():
    grid = drawn((HIGH_FROM, 5), (HIGH_FROM, 2))
    for mark in grid.marks:
        assert mark.x - MARK_R >= grid.split["x"] + CLEAR


def test_a_lone_mark_is_centred_in_its_cell():
    grid = drawn((2, 2))
    (mark,) = grid.marks
    x0, y0 = selectors._cell_origin(2, 2)
    assert mark.x == x0 + CELL_W // 2
    assert mark.y == y0 + CELL_H // 2


def test_marks_of_a_crowded_cell_spread_without_overlapping_or_leaving_their_quadrant():
    # Sixteen in the same cell: fifteen places, the last one says "+2".
    grid = drawn(*[(HIGH_FROM, HIGH_FROM)] * 16)
    assert len(grid.marks) == 15
    assert grid.marks[-1].more == 2
    involve = next(area for area in grid.areas if area["css"] == "q-involve")
    for mark in grid.marks:
        assert inside(mark, involve)
    for one, other in itertools.combinations(grid.marks, 2):
        assert (one.x - other.x) ** 2 + (one.y - other.y) ** 2 >= (2 * MARK_R) ** 2


def test_marks_leave_the_quadrant_labels_room():
    grid = drawn(*[(1, 5)] * 15, *[(5, 3)] * 15)
    for mark in grid.marks:
        for label in grid.quadrants:
            # A label's text runs from its baseline 16 units under the top of its strip.
            assert not (label["y"] - 16 <= mark.y - MARK_R < label["y"] + 6 and abs(mark.x - label["x"]) < CELL_W)
