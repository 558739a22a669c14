"""The masks widget in a real browser against a real server, on an uploaded image: paint with
the brush, erase part of it, undo and redo, fill a polygon, relabel, submit — tools and brush
size by keyboard — and check through the API that the stored COCO RLE decodes with pycocotools
to the pixels painted. Then practice feedback: an answer drawn against a reference mask, the
missed and extra areas and each mask's IoU in words, over the image.

Screen and image pixels: the image is fitted and centred in its stage (`data-zoom` is the scale),
so an image point maps to the screen by `stage corner + (stage size - image size * scale) / 2 +
point * scale`. A pointer lands within half a screen pixel of where it is aimed; the brush
geometry checks allow a pixel of slack around each stroke's outline.
"""

from __future__ import annotations

import io
import math
import re
import time
from collections.abc import Callable
from contextlib import closing
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw
from pycocotools import mask as mask_utils

from tests.e2e.conftest import Server, api_client, login
from tests.live_server import cli

pytestmark = pytest.mark.e2e

WIDTH, HEIGHT = 400, 300
SCHEMA = {
    "fields": {"image": "image"},
    "controls": [{"name": "seg", "type": "masks", "field": "image", "labels": ["cat", "dog"]}],
}


def _image_png() -> bytes:
    """A 400×300 picture with shapes to paint over."""
    img = Image.new("RGB", (WIDTH, HEIGHT), (235, 232, 220))
    draw = ImageDraw.Draw(img)
    draw.ellipse((80, 70, 220, 130), fill=(120, 90, 60))
    draw.rectangle((250, 150, 350, 250), fill=(60, 110, 160))
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def _project_with_image(client: Any, name: str) -> tuple[int, str]:
    r = client.post("/api/projects", json={"name": name, "schema": SCHEMA})
    r.raise_for_status()
    pid = int(r.json()["id"])
    up = client.post(
        f"/api/projects/{pid}/media", files=[("files", ("scene.png", _image_png(), "image/png"))]
    )
    up.raise_for_status()
    return pid, str(up.json()[0]["url"])


class Surface:
    """Image pixels → screen pixels for the fitted image surface of a page."""

    def __init__(self, page: Any, root: str = "") -> None:
        self.page = page
        surface = page.locator(f'{root} [data-surface="image"][data-ready="true"]'.strip()).first
        surface.wait_for()
        self.scale = float(surface.get_attribute("data-zoom") or "0")
        box = surface.locator(".image-stage").bounding_box()
        assert box and self.scale > 0
        self.x0 = box["x"] + (box["width"] - WIDTH * self.scale) / 2
        self.y0 = box["y"] + (box["height"] - HEIGHT * self.scale) / 2
        self.surface = surface

    def at(self, x: float, y: float) -> tuple[float, float]:
        return self.x0 + x * self.scale, self.y0 + y * self.scale

    def drag(self, points: list[tuple[float, float]]) -> None:
        self.page.mouse.move(*self.at(*points[0]))
        self.page.mouse.down()
        for p in points[1:]:
            self.page.mouse.move(*self.at(*p), steps=8)
        self.page.mouse.up()

    def click(self, x: float, y: float) -> None:
        self.page.mouse.click(*self.at(x, y))

    def top_alpha(self, x: float, y: float) -> int:
        """The alpha of the top canvas (the masks layer) at an image point."""
        sx, sy = self.at(x, y)
        return int(
            self.surface.evaluate(
                """(el, [sx, sy]) => {
                    const canvases = el.querySelectorAll('canvas');
                    const c = canvases[canvases.length - 1];
                    const r = c.getBoundingClientRect();
                    const k = c.width / r.width;
                    const ctx = c.getContext('2d');
                    return ctx.getImageData((sx - r.left) * k, (sy - r.top) * k, 1, 1).data[3];
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
    with closing(api_client(server)) as admin:
        pid, url = _project_with_image(admin, "Masks E2E")
        admin.post(
            f"/api/projects/{pid}/items",
            json=[{"image": url, "image_width": WIDTH, "image_height": HEIGHT}],
        ).raise_for_status()

    page.goto(f"{server.url}/projects/{pid}/label")
    page.wait_for_url(re.compile(r"/login"))
    login(page, server)
    page.wait_for_url(re.compile(r"/label$"))
    surface = Surface(page)
    card = page.locator('.control-card[data-control="seg"]')
    size = card.get_by_test_id("mask-size")

    # brush size by keyboard: ] larger, [ smaller (back to the 20 px default)
    assert size.inner_text() == "20 px"
    page.keyboard.press("]")
    assert size.inner_text() == "24 px"
    page.keyboard.press("[")
    assert size.inner_text() == "20 px"

    # a brush stroke with the first label (cat): one new mask, drawn on the canvas
    band = [(100.0, 100.0), (200.0, 100.0)]
    surface.drag(band)
    _region(page, 1).filter(has_text="cat").wait_for()
    painted = _area(page, 1)
    expected = 100 * 20 + math.pi * 10**2
    assert abs(painted - expected) < 0.08 * expected, (painted, expected)
    _eventually(lambda: surface.top_alpha(150, 100) > 0)
    assert surface.top_alpha(150, 200) == 0

    # the eraser (E) cuts through the selected mask; undo brings the pixels back, redo cuts again
    page.keyboard.press("e")
    card.get_by_role("radio", name=re.compile("Eraser")).and_(
        card.locator('[aria-checked="true"]')
    ).wait_for()
    cut = [(150.0, 85.0), (150.0, 115.0)]
    surface.drag(cut)
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
    _eventually(lambda: surface.top_alpha(120, 100) == 0)
    page.keyboard.press("Alt+h")
    page.locator('[data-region-control="seg"] li.hidden').wait_for(state="detached")
    _eventually(lambda: surface.top_alpha(120, 100) > 0)

    # polygon fill (P): N starts a new mask, Escape drops a half-drawn polygon, four corners and F
    # fill one; then 2 relabels it to dog
    page.keyboard.press("n")
    page.keyboard.press("p")
    surface.click(20, 20)
    surface.click(60, 20)
    page.keyboard.press("Escape")  # cancels the polygon being drawn
    corners = [(250.0, 150.0), (350.0, 150.0), (350.0, 250.0), (250.0, 250.0)]
    for corner in corners:
        surface.click(*corner)
    page.keyboard.press("f")
    _region(page, 2).filter(has_text="cat").wait_for()
    page.keyboard.press("2")
    _region(page, 2).filter(has_text="dog").wait_for()
    assert card.get_by_role("radio", name=re.compile("dog")).get_attribute("aria-checked") == "true"
    assert page.locator('[data-region-control="seg"] li').count() == 2
    page.keyboard.press("b")
    card.locator('[role="radio"][aria-checked="true"]').filter(has_text="Brush").wait_for()

    page.screenshot(path="/tmp/h3_label.png", full_page=True)
    page.keyboard.press("Enter")
    page.locator(".status").filter(has_text=re.compile("Submitted|No more items")).first.wait_for()

    with closing(api_client(server)) as admin:
        [item] = admin.get(f"/api/projects/{pid}/items").json()["items"]
        [annotation] = admin.get(f"/api/items/{item['id']}/annotations").json()
    assert annotation["status"] == "submitted"
    band_mask, square_mask = annotation["result"]["seg"]
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
        pid, url = _project_with_image(admin, "Masks practice E2E")
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
    surface = Surface(page)
    # a 20 px stroke along the cat's middle (IoU about 0.5 with the 100×40 box) and a stray dab
    surface.drag([(70.0, 100.0), (150.0, 100.0)])
    _region(page, 1).filter(has_text="cat").wait_for()
    page.keyboard.press("n")
    surface.drag([(30.0, 250.0), (31.0, 250.0)])
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
    answer_surface = Surface(page, ".answer-view")
    _eventually(lambda: answer_surface.top_alpha(330, 230) > 0 or answer_surface.top_alpha(331, 231) > 0)
    page.screenshot(path="/tmp/h3_practice.png", full_page=True)
