"""The masks widget in a real browser against a real server, on an uploaded image: paint with
the brush, erase part of it, undo and redo, fill a polygon, relabel, submit — tools and brush
size by keyboard — and check through the API that the stored COCO RLE decodes with pycocotools
to the pixels painted. Then practice feedback: an answer drawn against a reference mask, the
missed and extra areas and each mask's IoU in words, over the image.

Image pixels map to the screen through the stage's own transform (image_helpers.to_screen). A
pointer lands within half a screen pixel of where it is aimed; the brush geometry checks allow a
pixel or two of slack around each stroke's outline.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from contextlib import closing
from typing import Any

import numpy as np
import pytest
from pycocotools import mask as mask_utils

from tests.e2e.conftest import Server, api_client, login
from tests.e2e.image_helpers import (
    SURFACE,
    click,
    drag,
    image_project,
    open_labeling,
    picture,
    submitted_result,
    to_screen,
    wait_submitted,
)
from tests.live_server import cli

pytestmark = pytest.mark.e2e

WIDTH, HEIGHT = 400, 300
SCHEMA = {
    "fields": {"image": "image"},
    "controls": [{"name": "seg", "type": "masks", "field": "image", "labels": ["cat", "dog"]}],
}


def top_alpha(page: Any, x: float, y: float, within: str = "") -> int:
    """The alpha of the top canvas (the masks layer) of the image surface at image pixel (x, y)
    (of the first surface, or of the first inside `within`)."""
    surface = page.locator(f"{within} {SURFACE}".strip()).first.element_handle()
    sx, sy = to_screen(page, x + 0.5, y + 0.5, surface)  # the pixel's centre
    return int(
        surface.evaluate(
            """(el, [sx, sy]) => {
                const canvases = el.querySelectorAll('canvas');
                const c = canvases[canvases.length - 1];
                const r = c.getBoundingClientRect();
                const k = c.width / r.width;
                return c.getContext('2d').getImageData((sx - r.left) * k, (sy - r.top) * k, 1, 1).data[3];
            }""",
            [sx, sy],
        )
    )


def _decode(mask: dict[str, Any]) -> np.ndarray:
    rle = dict(mask["rle"])
    if isinstance(rle["counts"], str):
        rle["counts"] = rle["counts"].encode("ascii")
    else:
        rle = mask_utils.frPyObjects(rle, *rle["size"])
    decoded: np.ndarray = mask_utils.decode(rle).astype(bool)
    return decoded


def _capsule(a: tuple[float, float], b: tuple[float, float], r: float) -> np.ndarray:
    """Pixels whose centre lies within r of the segment a-b."""
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH] + 0.5
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t = np.clip(((x - ax) * dx + (y - ay) * dy) / max(dx * dx + dy * dy, 1e-9), 0, 1)
    inside: np.ndarray = (x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2 <= r * r
    return inside


def _near(got: np.ndarray, want: np.ndarray, slack: int) -> None:
    """Every pixel deep inside `want` is set and every pixel far outside it is not: the shapes
    agree up to `slack` pixels at their outline (where a pointer's rounding lands)."""
    from scipy.ndimage import binary_dilation, binary_erosion

    inner = binary_erosion(want, iterations=slack)
    outer = binary_dilation(want, iterations=slack)
    assert got[inner].all(), f"{int((~got & inner).sum())} pixels well inside the shape are not set"
    assert not got[~outer].any(), f"{int((got & ~outer).sum())} pixels well outside the shape are set"


def _eventually(check: Callable[[], bool], seconds: float = 5.0) -> None:
    """Konva draws on the next animation frame: poll a canvas check until it holds."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "the canvas never showed it"
        time.sleep(0.05)


def _region(page: Any, n: int) -> Any:
    """The n-th (from 1) mask in the shell's region list: "<label> <area> px"."""
    return page.locator(f'[data-region-control="seg"] li:nth-child({n}) .region-name')


def _area(page: Any, n: int) -> int:
    text = _region(page, n).inner_text()
    m = re.search(r"([\d,]+) px", text)
    assert m, text
    return int(m.group(1).replace(",", ""))


def test_paint_erase_undo_fill_relabel_submit(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    project = image_project(server, "Masks E2E", SCHEMA, WIDTH, HEIGHT)
    open_labeling(page, server, project)
    card = page.locator('.control-card[data-control="seg"]')
    size = card.get_by_test_id("mask-size")

    # brush size by keyboard: ] larger, [ smaller (back to the 20 px default)
    assert size.inner_text() == "20 px"
    page.keyboard.press("]")
    assert size.inner_text() == "24 px"
    page.keyboard.press("[")
    assert size.inner_text() == "20 px"

    # a brush stroke with the first label (cat): one new mask, drawn on the canvas
    band = ((100.0, 100.0), (200.0, 100.0))
    drag(page, *band)
    _region(page, 1).filter(has_text="cat").wait_for()
    painted = _area(page, 1)
    expected = 100 * 20 + math.pi * 10**2
    assert abs(painted - expected) < 0.08 * expected, (painted, expected)
    _eventually(lambda: top_alpha(page, 150, 100) > 0)
    assert top_alpha(page, 150, 200) == 0

    # the eraser (E) cuts through the selected mask; undo brings the pixels back, redo cuts again
    page.keyboard.press("e")
    card.get_by_role("radio", name=re.compile("Eraser")).and_(
        card.locator('[aria-checked="true"]')
    ).wait_for()
    cut = ((150.0, 85.0), (150.0, 115.0))
    drag(page, *cut)
    _region(page, 1).filter(has_not_text=f"{painted:,} px").wait_for()
    erased = _area(page, 1)
    assert abs((painted - erased) - 400) < 60, (painted, erased)
    page.keyboard.press("Control+z")
    _region(page, 1).filter(has_text=f"{painted:,} px").wait_for()
    page.keyboard.press("Control+Shift+z")
    _region(page, 1).filter(has_text=f"{erased:,} px").wait_for()

    # the shell's region state: a hidden mask is not drawn (Alt+H toggles it)
    page.keyboard.press("Alt+h")
    page.locator('[data-region-control="seg"] li.hidden').wait_for()
    _eventually(lambda: top_alpha(page, 120, 100) == 0)
    page.keyboard.press("Alt+h")
    page.locator('[data-region-control="seg"] li.hidden').wait_for(state="detached")
    _eventually(lambda: top_alpha(page, 120, 100) > 0)

    # polygon fill (P): N starts a new mask, Escape drops a half-drawn polygon, four corners and F
    # fill one; then 2 relabels it to dog
    page.keyboard.press("n")
    page.keyboard.press("p")
    click(page, 20, 20)
    click(page, 60, 20)
    page.keyboard.press("Escape")  # cancels the polygon being drawn
    corners = [(250.0, 150.0), (350.0, 150.0), (350.0, 250.0), (250.0, 250.0)]
    for corner in corners:
        click(page, *corner)
    page.keyboard.press("f")
    _region(page, 2).filter(has_text="cat").wait_for()
    page.keyboard.press("2")
    _region(page, 2).filter(has_text="dog").wait_for()
    assert card.get_by_role("radio", name=re.compile("dog")).get_attribute("aria-checked") == "true"
    assert page.locator('[data-region-control="seg"] li').count() == 2
    page.keyboard.press("b")
    card.locator('[role="radio"][aria-checked="true"]').filter(has_text="Brush").wait_for()

    page.keyboard.press("Enter")
    wait_submitted(page)

    band_mask, square_mask = submitted_result(project)["seg"]
    assert band_mask["label"] == "cat" and square_mask["label"] == "dog"
    assert band_mask["rle"]["size"] == [HEIGHT, WIDTH] and isinstance(band_mask["rle"]["counts"], str)
    got_band = _decode(band_mask)
    want_band = _capsule(band[0], band[1], 10) & ~_capsule(cut[0], cut[1], 10)
    _near(got_band, want_band, slack=2)
    assert got_band.sum() == erased
    assert not got_band[100, 150] and got_band[100, 120] and got_band[100, 180]
    got_square = _decode(square_mask)
    want_square = np.zeros((HEIGHT, WIDTH), dtype=bool)
    want_square[150:250, 250:350] = True
    _near(got_square, want_square, slack=2)
    assert abs(int(got_square.sum()) - 10_000) < 500


def test_practice_feedback_draws_the_mask_diff(new_page, server: Server) -> None:  # type: ignore[no-untyped-def]
    cli(
        "user", "create", "painter@example.org", "--password-stdin",
        data_dir=server.data_dir, input="painter-pass-1\n",
    )  # fmt: skip
    reference = np.zeros((HEIGHT, WIDTH), dtype=np.uint8)
    reference[80:120, 60:160] = 1  # a 100×40 cat
    missed = np.zeros((HEIGHT, WIDTH), dtype=np.uint8)
    missed[200:260, 300:360] = 1  # a dog the answer will miss

    def rle(m: np.ndarray) -> dict[str, Any]:
        encoded = mask_utils.encode(np.asfortranarray(m))
        return {"size": [HEIGHT, WIDTH], "counts": encoded["counts"].decode("ascii")}

    with closing(api_client(server)) as admin:
        pid = admin.post("/api/projects", json={"name": "Masks practice E2E", "schema": SCHEMA}).json()["id"]
        files = [("files", ("picture.png", picture(WIDTH, HEIGHT), "image/png"))]
        url = admin.post(f"/api/projects/{pid}/media", files=files).json()[0]["url"]
        gold = {"seg": [{"rle": rle(reference), "label": "cat"}, {"rle": rle(missed), "label": "dog"}]}
        admin.post(
            f"/api/projects/{pid}/items",
            json=[{"data": {"image": url}, "gold": {"set": "practice", "result": gold}}],
        ).raise_for_status()
        admin.post(
            f"/api/projects/{pid}/members", json={"email": "painter@example.org", "role": "annotator"}
        ).raise_for_status()
    with closing(api_client(server, "painter@example.org", "painter-pass-1")) as painter:
        invitation = next(i for i in painter.get("/api/invitations").json() if i["project_id"] == pid)
        painter.post(f"/api/invitations/{invitation['id']}/accept").raise_for_status()

    page = new_page()
    page.goto(f"{server.url}/projects/{pid}/practice")
    page.wait_for_url(re.compile(r"/login"))
    login(page, server, "painter@example.org", "painter-pass-1")
    page.wait_for_url(re.compile(r"/practice$"))
    page.locator(f'{SURFACE}[data-ready="true"]').wait_for()
    # a 20 px stroke along the cat's middle (IoU about 0.5 with the 100×40 box) and a stray dab
    drag(page, (70.0, 100.0), (150.0, 100.0))
    _region(page, 1).filter(has_text="cat").wait_for()
    page.keyboard.press("n")
    drag(page, (30.0, 250.0), (31.0, 250.0))
    _region(page, 2).filter(has_text="cat").wait_for()
    page.get_by_role("button", name="Check my answer").click()
    page.get_by_test_id("practice-score").wait_for()

    feedback = page.locator('.answer-card[data-control="seg"]')
    kinds = feedback.locator("li[data-kind]")
    kinds.first.wait_for()
    lines = {li.get_attribute("data-kind"): li.inner_text() for li in kinds.all()}
    assert set(lines) >= {"missed", "extra"}, lines
    assert "missed: dog" in lines["missed"]
    assert "extra: cat" in lines["extra"]
    cat_line = lines.get("matched") or lines.get("low_overlap") or ""
    assert re.search(r"IoU 0\.\d\d", cat_line), lines
    areas = feedback.get_by_test_id("mask-areas").inner_text()
    missed_px = int(re.search(r"Missed area: ([\d,]+) px", areas).group(1).replace(",", ""))  # type: ignore[union-attr]
    extra_px = int(re.search(r"Extra area: ([\d,]+) px", areas).group(1).replace(",", ""))  # type: ignore[union-attr]
    # the dog (3600 px) and the cat's rows above and below the stroke are missed
    assert 3600 + 4000 - 2000 - 400 < missed_px < 3600 + 4000 - 1400, areas
    assert 0 < extra_px < 1200, areas
    # over the image: the hatched missed area is drawn where the dog is, and the text tags too
    # (the hatching's period is 4 pixels here: one of four pixels in a row is drawn)
    _eventually(lambda: any(top_alpha(page, 330 + i, 230, ".answer-view") > 0 for i in range(4)))
    assert top_alpha(page, 200, 40, ".answer-view") == 0
