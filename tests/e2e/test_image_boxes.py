"""Boxes on an image in the browser: draw with the mouse (Shift: over another box), relabel
with a label key, move by dragging, resize with the keyboard, undo, submit — then the stored
value read through the API; the same work with the keyboard alone; and zoom at the cursor, pan
and fit on the surface."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Server
from tests.e2e.image_helpers import (
    SURFACE,
    click,
    drag,
    image_project,
    open_labeling,
    submitted_result,
    to_screen,
    zoom,
)

pytestmark = pytest.mark.e2e

SCHEMA = {
    "fields": {"image": "image"},
    "controls": [{"name": "objects", "type": "boxes", "field": "image", "labels": ["car", "person"]}],
}


def status(page) -> str:  # type: ignore[no-untyped-def]
    return str(page.get_by_test_id("objects-status").inner_text())


def test_draw_relabel_move_resize_undo_and_submit_boxes(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    project = image_project(server, "Boxes E2E", SCHEMA)
    open_labeling(page, server, project)

    # the side card names the next box's label and its key
    card = page.locator('[data-control="objects"]')
    card.locator('button[data-label="car"][aria-pressed="true"]').wait_for()
    assert "Next box: car" in status(page)

    drag(page, (100, 100), (300, 250))
    page.get_by_test_id("objects-count").filter(has_text="1 box").wait_for()
    page.get_by_test_id("objects-status").filter(has_text="Selected: car 200×150 at (100, 100)").wait_for()

    # a label key relabels the selected box
    page.keyboard.press("2")
    page.get_by_test_id("objects-status").filter(has_text="Selected: person").wait_for()

    # drag the box by its middle: it moves, its size stays; past the edge it stops at the image
    drag(page, (200, 175), (260, 195))
    page.get_by_test_id("objects-status").filter(has_text="200×150 at (160, 120)").wait_for()
    drag(page, (260, 195), (-500, 195))
    page.get_by_test_id("objects-status").filter(has_text="200×150 at (0, 120)").wait_for()

    # Alt+Shift+→ widens it by ten screen steps; undo takes that back
    page.keyboard.press("Alt+Shift+ArrowRight")
    text = status(page)
    assert "at (0, 120)" in text and "200×150" not in text, text
    page.keyboard.press("Control+z")
    page.get_by_test_id("objects-status").filter(has_text="200×150 at (0, 120)").wait_for()

    # a second box with the label picked in the card for the next one
    click(page, 700, 500)  # a click on the background lets go of the selection
    page.get_by_test_id("objects-status").filter(has_text="Next box").wait_for()
    card.locator('button[data-label="car"]').click()
    drag(page, (500, 300), (650, 420))
    page.get_by_test_id("objects-count").filter(has_text="2 boxes").wait_for()

    # Shift draws over an existing box (a plain press there would grab it); undo removes it
    page.keyboard.down("Shift")
    drag(page, (50, 150), (120, 200))
    page.keyboard.up("Shift")
    page.get_by_test_id("objects-count").filter(has_text="3 boxes").wait_for()
    page.get_by_test_id("objects-status").filter(has_text="Selected: car 70×50 at (50, 150)").wait_for()
    page.keyboard.press("Control+z")
    page.get_by_test_id("objects-count").filter(has_text="2 boxes").wait_for()

    page.keyboard.press("Enter")
    page.locator(".status").filter(has_text="Submitted").or_(
        page.get_by_text("No more items")
    ).first.wait_for()
    boxes = submitted_result(project)["objects"]
    # mouse positions are whole screen pixels, a bit more than an image pixel at this zoom
    assert [b["label"] for b in boxes] == ["person", "car"]
    assert [[b[k] for k in ("x", "y", "width", "height")] for b in boxes] == [
        pytest.approx([0, 120, 200, 150], abs=1),
        pytest.approx([500, 300, 150, 120], abs=1),
    ]
    assert all(len(b["id"]) == 10 for b in boxes)


def test_boxes_with_the_keyboard_alone(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    project = image_project(server, "Boxes keys E2E", SCHEMA)
    open_labeling(page, server, project)

    page.keyboard.press("2")  # no box selected: the next box's label
    page.locator('[data-control="objects"] button[data-label="person"][aria-pressed="true"]').wait_for()
    page.keyboard.press("n")  # a box in the middle third of the view
    page.get_by_test_id("objects-status").filter(has_text="Selected: person").wait_for()
    first = status(page)
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Alt+ArrowDown")
    assert status(page) != first
    page.keyboard.press("n")
    page.keyboard.press("1")  # relabels the new (selected) box
    page.get_by_test_id("objects-count").filter(has_text="2 boxes").wait_for()
    page.keyboard.press("[")  # back to the first box…
    page.get_by_test_id("objects-status").filter(has_text="Selected: person").wait_for()
    page.keyboard.press("Delete")  # …and delete it
    page.get_by_test_id("objects-count").filter(has_text="1 box").wait_for()
    page.keyboard.press("Control+z")
    page.get_by_test_id("objects-count").filter(has_text="2 boxes").wait_for()
    page.keyboard.press("Escape")
    page.get_by_test_id("objects-status").filter(has_text="Next box").wait_for()
    page.keyboard.press("Enter")
    page.locator(".status").filter(has_text="Submitted").or_(
        page.get_by_text("No more items")
    ).first.wait_for()

    boxes = submitted_result(project)["objects"]
    assert sorted(b["label"] for b in boxes) == ["car", "person"]
    person = next(b for b in boxes if b["label"] == "person")
    car = next(b for b in boxes if b["label"] == "car")
    # N makes the middle third of the visible (here: the whole, fitted) image; the first box
    # then moved right by ten steps and grew one step taller
    third = {"x": 266.67, "y": 200, "width": 266.67, "height": 200}
    assert {k: car[k] for k in third} == third
    assert person["x"] > third["x"] and person["y"] == 200 and person["height"] > 200
    assert all(b["x"] >= 0 and b["x"] + b["width"] <= 800 and b["y"] + b["height"] <= 600 for b in boxes)


def test_zoom_at_the_cursor_pan_and_fit(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    project = image_project(server, "Boxes view E2E", SCHEMA, width=1600, height=1200)
    open_labeling(page, server, project)
    fitted = zoom(page)
    assert 0 < fitted < 1

    # the wheel zooms in about the cursor: the image point under it stays put
    target = to_screen(page, 400, 300)
    page.mouse.move(*target)
    page.mouse.wheel(0, -400)
    page.wait_for_function(f"() => Number(document.querySelector('{SURFACE}').dataset.zoom) > {fitted * 1.3}")
    after = to_screen(page, 400, 300)
    assert abs(after[0] - target[0]) < 1.5 and abs(after[1] - target[1]) < 1.5

    # Space + drag pans; the zoom stays
    before = to_screen(page, 400, 300)
    page.keyboard.down(" ")
    page.mouse.down()
    page.mouse.move(target[0] + 80, target[1] + 40, steps=4)
    page.mouse.up()
    page.keyboard.up(" ")
    moved = to_screen(page, 400, 300)
    assert abs(moved[0] - before[0] - 80) < 1.5 and abs(moved[1] - before[1] - 40) < 1.5
    assert page.get_by_test_id("objects-count").inner_text() == "0 boxes"  # panning drew nothing

    # keys: − zooms out, F fits again
    zoomed = zoom(page)
    page.keyboard.press("-")
    assert zoom(page) < zoomed
    page.keyboard.press("f")
    assert zoom(page) == pytest.approx(fitted)
