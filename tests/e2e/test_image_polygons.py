"""Polygons on an image in the browser: click vertices and close (first vertex, or Enter),
Escape cancels, edit (drag a vertex, insert one on an edge, delete one, move the outline),
relabel, undo, submit — the stored value read through the API; then editing by keyboard alone."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Server
from tests.e2e.image_helpers import (
    click,
    drag,
    image_project,
    open_labeling,
    submitted_result,
    wait_submitted,
)

pytestmark = pytest.mark.e2e

SCHEMA = {
    "fields": {"image": "image"},
    "controls": [{"name": "shapes", "type": "polygons", "field": "image", "labels": ["roof", "tree"]}],
}


def status(page, text: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_test_id("shapes-status").filter(has_text=text).wait_for()


def count(page, text: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_test_id("shapes-count").filter(has_text=text).wait_for()


def near(points: list[list[float]], expected: list[tuple[float, float]]) -> bool:
    """Mouse positions are whole screen pixels, a bit more than an image pixel at this zoom."""
    return len(points) == len(expected) and all(
        abs(x - ex) <= 1.5 and abs(y - ey) <= 1.5 for (x, y), (ex, ey) in zip(points, expected, strict=True)
    )


def test_draw_edit_relabel_undo_and_submit_polygons(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    project = image_project(server, "Polygons E2E", SCHEMA)
    open_labeling(page, server, project)
    status(page, "Next polygon: roof")

    # a square, closed by clicking its first vertex
    for x, y in [(100, 100), (300, 100), (300, 300), (100, 300)]:
        click(page, x, y)
    status(page, "4 vertices")
    click(page, 100, 100)
    count(page, "1 polygon")
    status(page, "Selected: roof, 4 vertices")

    # Escape drops an outline being drawn; Enter closes one (and does not submit)
    click(page, 760, 580)  # lets go of the selection
    status(page, "Next polygon")
    click(page, 500, 400)
    click(page, 550, 450)
    status(page, "Drawing roof: 2 vertices")
    page.keyboard.press("Escape")
    status(page, "Next polygon")
    page.keyboard.press("2")  # the next polygon's label
    for x, y in [(500, 100), (700, 100), (600, 250)]:
        click(page, x, y)
    page.keyboard.press("Enter")
    count(page, "2 polygons")
    status(page, "Selected: tree, 3 vertices")

    # select the square, relabel it, drag a corner, insert a vertex on the top edge, delete it
    click(page, 760, 580)
    click(page, 200, 200)
    status(page, "Selected: roof")
    page.keyboard.press("2")
    status(page, "Selected: tree, 4 vertices")
    drag(page, (300, 300), (350, 320))
    click(page, 200, 100)  # the top edge's midpoint handle
    status(page, "5 vertices")
    page.keyboard.press("Delete")  # the inserted vertex is the selected one
    status(page, "4 vertices")

    # move the whole outline, then undo the move
    drag(page, (150, 200), (170, 230))
    page.keyboard.press("Control+z")
    page.keyboard.press("Enter")
    wait_submitted(page)

    first, second = submitted_result(project)["shapes"]
    assert first["label"] == "tree" and second["label"] == "tree"
    assert near(first["points"], [(100, 100), (300, 100), (350, 320), (100, 300)]), first
    assert near(second["points"], [(500, 100), (700, 100), (600, 250)]), second


def test_polygons_edited_with_the_keyboard_alone(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    project = image_project(server, "Polygons keys E2E", SCHEMA)
    open_labeling(page, server, project)
    for x, y in [(100, 100), (300, 100), (200, 300)]:  # drawing needs the pointer
        click(page, x, y)
    page.keyboard.press("Enter")
    status(page, "Selected: roof, 3 vertices")
    page.keyboard.press("Escape")
    status(page, "Next polygon")

    # from here on, keys only
    page.keyboard.press("]")
    status(page, "Selected: roof")
    page.keyboard.press("2")
    status(page, "Selected: tree")
    page.keyboard.press("Shift+ArrowDown")  # the whole outline, ten steps down
    page.keyboard.press(".")  # the first vertex…
    page.keyboard.press("Shift+ArrowLeft")  # …ten steps left
    page.keyboard.press("Delete")
    page.get_by_text("keeps at least three vertices").wait_for()  # refused: a triangle
    page.keyboard.press("Escape")  # lets go of the vertex
    page.keyboard.press("Delete")  # deletes the polygon
    count(page, "0 polygons")
    page.keyboard.press("Control+z")
    count(page, "1 polygon")
    page.keyboard.press("Enter")
    wait_submitted(page)

    (polygon,) = submitted_result(project)["shapes"]
    assert polygon["label"] == "tree"
    (x0, y0), (x1, y1), (x2, y2) = polygon["points"]
    step_down = y1 - 100
    assert step_down >= 10 and abs(y2 - 300 - step_down) < 0.01 and abs(y0 - 100 - step_down) < 1.5
    assert x0 < 100 - 9 and abs(x1 - 300) < 1.5 and abs(x2 - 200) < 1.5
