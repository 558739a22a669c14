"""Keypoint poses on an image in the browser: place a pose point by point in the schema's order
(the side card names the next point, X skips one), the skeleton drawn as lines, a visibility
flag toggled by Alt+click and by V, points dragged, missing points placed later, relabel, undo,
submit — the stored value read through the API; then editing by keyboard alone."""

from __future__ import annotations

import time

import pytest

from tests.e2e.conftest import Server
from tests.e2e.image_helpers import (
    click,
    drag,
    image_project,
    open_labeling,
    submitted_result,
    to_screen,
    wait_submitted,
)

pytestmark = pytest.mark.e2e

POINTS = ["head", "neck", "left_hand", "right_hand"]
SCHEMA = {
    "fields": {"image": "image"},
    "controls": [
        {
            "name": "pose",
            "type": "keypoints",
            "field": "image",
            "labels": ["person", "robot"],
            "points": POINTS,
            "skeleton": [["head", "neck"], ["neck", "left_hand"], ["neck", "right_hand"]],
        }
    ],
}


def status(page, text: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_test_id("pose-status").filter(has_text=text).wait_for()


def visibility(page, point: str) -> str:  # type: ignore[no-untyped-def]
    return str(page.locator(f'.pose-points li[data-point="{point}"]').get_attribute("data-visibility"))


def drawn_at(page, x: float, y: float) -> bool:  # type: ignore[no-untyped-def]
    """Whether the keypoints layer's canvas has paint at image pixel (x, y)."""
    sx, sy = to_screen(page, x, y)
    return bool(
        page.evaluate(
            """([sx, sy]) => {
                const canvases = document.querySelectorAll('[data-surface="image"] canvas');
                const canvas = canvases[canvases.length - 1];  // the top layer: the poses
                const r = canvas.getBoundingClientRect();
                const k = canvas.width / r.width;
                const px = canvas.getContext('2d').getImageData((sx - r.left) * k, (sy - r.top) * k, 1, 1);
                return px.data[3] > 0;
            }""",
            [sx, sy],
        )
    )


def near(points: list[list[float]], expected: list[tuple[float, float, int]]) -> bool:
    """Mouse positions are whole screen pixels, a bit more than an image pixel at this zoom."""
    return all(
        v == ev and (v == 0 or (abs(x - ex) <= 1.5 and abs(y - ey) <= 1.5))
        for (x, y, v), (ex, ey, ev) in zip(points, expected, strict=True)
    )


def test_place_a_pose_toggle_visibility_drag_relabel_undo_submit(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    project = image_project(server, "Keypoints E2E", SCHEMA)
    open_labeling(page, server, project)
    status(page, "Next pose: person — click on the image to place head")

    click(page, 400, 100)
    status(page, "Placing person: next point neck")
    assert page.locator('.pose-points li[data-next="true"]').inner_text().endswith("neck (not placed)")
    click(page, 400, 200)
    status(page, "next point left_hand")
    page.keyboard.press("x")  # no left hand in view: skip it
    status(page, "next point right_hand")
    click(page, 500, 300)
    status(page, "Selected: person, 3/4 points")

    # the skeleton joins placed points with lines; no line to the skipped hand
    # Konva draws on its next animation frame: wait for the lines, then check the hand has none
    deadline = time.monotonic() + 5
    while not (drawn_at(page, 400, 150) and drawn_at(page, 450, 250)) and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert drawn_at(page, 400, 150) and drawn_at(page, 450, 250)
    assert not drawn_at(page, 300, 250)

    click(page, 760, 580)  # lets go of the pose
    status(page, "Next pose")
    page.keyboard.down("Alt")
    click(page, 400, 200)  # Alt+click: the neck is hidden (placed, not visible)
    page.keyboard.up("Alt")
    status(page, "point neck (hidden)")
    assert visibility(page, "neck") == "1"

    drag(page, (400, 100), (420, 90))  # the head, dragged
    page.keyboard.press("2")  # relabel the pose
    status(page, "Selected: robot")
    page.keyboard.press("p")  # place what is missing: the left hand
    status(page, "Placing robot: next point left_hand")
    click(page, 300, 300)
    status(page, "Selected: robot, 4/4 points")
    page.keyboard.press("Control+z")
    status(page, "3/4 points")
    page.keyboard.press("Enter")
    wait_submitted(page)

    (pose,) = submitted_result(project)["pose"]
    assert pose["label"] == "robot"
    assert near(pose["points"], [(420, 90, 2), (400, 200, 1), (0, 0, 0), (500, 300, 2)]), pose


def test_keypoints_edited_with_the_keyboard_alone(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    project = image_project(server, "Keypoints keys E2E", SCHEMA)
    open_labeling(page, server, project)
    page.keyboard.press("n")  # a new pose: then its points are clicked, in order
    status(page, "next point head")
    for x, y in [(400, 100), (400, 200), (300, 300), (500, 300)]:
        click(page, x, y)
    status(page, "4/4 points")
    page.keyboard.press("Escape")
    status(page, "Next pose")

    # from here on, keys only
    page.keyboard.press("]")
    status(page, "Selected: person")
    page.keyboard.press(".")
    status(page, "point head (visible)")
    page.keyboard.press(".")
    status(page, "point neck (visible)")
    page.keyboard.press("v")
    status(page, "point neck (hidden)")
    page.keyboard.press("Shift+ArrowRight")  # the neck, ten steps right
    page.keyboard.press(".")
    page.keyboard.press("Delete")  # the left hand taken back, and let go of
    status(page, "3/4 points")
    page.keyboard.press("Shift+ArrowUp")  # no point selected: the whole pose moves
    page.keyboard.press("2")
    status(page, "Selected: robot")
    page.keyboard.press("Control+z")
    status(page, "Selected: person")
    page.keyboard.press("Enter")
    wait_submitted(page)

    (pose,) = submitted_result(project)["pose"]
    assert pose["label"] == "person"
    (hx, hy, hv), (nx, ny, nv), left, (rx, ry, rv) = pose["points"]
    assert (hv, nv, left[2], rv) == (2, 1, 0, 2)
    up = 100 - hy  # the whole pose moved up by ten steps
    assert up >= 10 and abs((200 - ny) - up) < 1.5 and abs((300 - ry) - up) < 1.5
    assert nx - 400 >= 10 and abs(hx - 400) < 1.5 and abs(rx - 500) < 1.5
