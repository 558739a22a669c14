"""The reference and the diff drawn by the image widgets, read-only, in a real browser: an
annotator labels a honeypot image (boxes, a polygon, a pose) and the feedback shows the answer
against the reference on the image surface, each region's status in words — matched with its
IoU or OKS, wrong label (answer → reference), low overlap under the threshold, missed, extra."""

from __future__ import annotations

import re
from contextlib import closing

import pytest

from tests.e2e.conftest import Server, api_client, cli, login
from tests.e2e.image_helpers import click, drag, picture, to_screen
from tests.e2e.test_honeypot_feedback import _serve

pytestmark = pytest.mark.e2e

EMAIL, PASSWORD = "imgfeedback@example.org", "imgfeedback-pass-1"
SCHEMA = {
    "fields": {"image": "image"},
    "controls": [
        {"name": "objects", "type": "boxes", "field": "image", "labels": ["car", "person"]},
        {"name": "shapes", "type": "polygons", "field": "image", "labels": ["roof"]},
        {
            "name": "pose",
            "type": "keypoints",
            "field": "image",
            "labels": ["person"],
            "points": ["head", "neck", "hand"],
            "skeleton": [["head", "neck"], ["neck", "hand"]],
        },
    ],
}
REFERENCE = {
    "objects": [
        {"x": 100, "y": 100, "width": 200, "height": 150, "label": "car"},
        {"x": 500, "y": 350, "width": 150, "height": 120, "label": "person"},
    ],
    "shapes": [{"points": [[100, 350], [300, 350], [300, 550], [100, 550]], "label": "roof"}],
    "pose": [{"points": [[600, 60, 2], [600, 160, 2], [700, 220, 2]], "label": "person"}],
}


def _honeypot_project(server: Server) -> int:
    cli("user", "create", EMAIL, "--password-stdin", data_dir=server.data_dir, input=f"{PASSWORD}\n")
    with closing(api_client(server)) as admin:
        r = admin.post("/api/projects", json={"name": "Image feedback E2E", "schema": SCHEMA})
        r.raise_for_status()
        pid = int(r.json()["id"])
        up = admin.post(
            f"/api/projects/{pid}/media", files=[("files", ("p.png", picture(800, 600), "image/png"))]
        )
        up.raise_for_status()
        data = {"image": up.json()[0]["url"], "image_width": 800, "image_height": 600}
        row = {"data": data, "gold": {"set": "honeypot", "result": REFERENCE}}
        admin.post(f"/api/projects/{pid}/items", json=[row]).raise_for_status()
        admin.patch(f"/api/projects/{pid}", json={"training": {"honeypot_feedback": True}}).raise_for_status()
        admin.post(
            f"/api/projects/{pid}/members", json={"email": EMAIL, "role": "annotator"}
        ).raise_for_status()
        (pot,) = admin.get(f"/api/projects/{pid}/items", params={"gold": "honeypot"}).json()["items"]
    with closing(api_client(server, EMAIL, PASSWORD)) as annotator:
        invitation = next(i for i in annotator.get("/api/invitations").json() if i["project_id"] == pid)
        annotator.post(f"/api/invitations/{invitation['id']}/accept").raise_for_status()
    _serve(server, pid, int(pot["id"]), EMAIL)
    return pid


def test_the_feedback_draws_each_image_answer_against_the_reference(new_page, server: Server) -> None:  # type: ignore[no-untyped-def]
    pid = _honeypot_project(server)
    page = new_page()
    page.goto(f"{server.url}/projects/{pid}/label")
    page.wait_for_url(re.compile(r"/login"))
    login(page, server, EMAIL, PASSWORD)
    page.locator('[data-surface="image"][data-ready="true"]').wait_for()

    # boxes (the first control is active): the car drawn as a person, an extra car; the
    # reference's person is left out
    page.keyboard.press("2")
    drag(page, (100, 100), (300, 250))
    page.keyboard.press("Escape")
    page.keyboard.press("1")
    drag(page, (650, 50), (780, 120))
    # polygons: the roof drawn too small (IoU 0.25 < 0.5)
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    for x, y in [(100, 350), (200, 350), (200, 450), (100, 450)]:
        click(page, x, y)
    page.keyboard.press("Enter")
    page.get_by_test_id("shapes-count").filter(has_text="1 polygon").wait_for()
    # keypoints: the pose placed close to the reference
    page.keyboard.press("Tab")
    for x, y in [(601, 61), (601, 161), (699, 221)]:
        click(page, x, y)
    page.get_by_test_id("pose-status").filter(has_text="3/3 points").wait_for()
    page.get_by_role("button", name=re.compile("^Submit")).click()

    feedback = page.get_by_role("region", name="Feedback on your answer")
    feedback.locator('[data-surface="image"][data-ready="true"]').wait_for()

    def lines(control: str) -> list[str]:
        items = feedback.locator(f'.answer-card[data-control="{control}"] .region-diff-list li')
        items.first.wait_for()
        return [str(t) for t in items.all_inner_texts()]

    objects = lines("objects")
    assert len(objects) == 3, objects
    assert re.fullmatch(r"≠ wrong label: person → car \(IoU (0\.9\d|1\.00)\)", objects[0]), objects
    assert objects[1:] == ["− missed: person", "+ extra: car"]
    (shape,) = lines("shapes")
    assert re.fullmatch(r"≈ low IoU 0\.2\d < 0\.5: roof", shape), shape
    (pose,) = lines("pose")
    assert re.fullmatch(r"✓ matched person \(OKS 0\.9\d\)", pose), pose

    # on the canvas: the reference's missed person box is drawn (dashed) where nothing of the
    # answer is; outside every region the image shows through unpainted
    assert _painted(page, feedback, 500, 350 + 60) and not _painted(page, feedback, 420, 80)


def _painted(page, feedback, x: float, y: float) -> bool:  # type: ignore[no-untyped-def]
    """Whether any region layer of the feedback's surface has paint at image pixel (x, y)
    (a pixel strip across the line, since a dashed line has gaps)."""
    surface = feedback.locator('[data-surface="image"]')
    handle = surface.element_handle()
    sx, sy = to_screen(page, x, y, surface=handle)
    return bool(
        page.evaluate(
            """([root, sx, sy]) => {
                const layers = [...root.querySelectorAll('canvas')].slice(1);  // [0] is the image
                return layers.some((canvas) => {
                    const r = canvas.getBoundingClientRect();
                    const k = canvas.width / r.width;
                    const [px, py] = [(sx - r.left) * k, (sy - r.top) * k];
                    const ctx = canvas.getContext('2d');
                    const strip = ctx.getImageData(px - 2 * k, py - 12 * k, 4 * k, 24 * k);
                    return strip.data.some((v, i) => i % 4 === 3 && v > 0);
                });
            }""",
            [handle, sx, sy],
        )
    )
