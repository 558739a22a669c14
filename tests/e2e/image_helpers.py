"""What the image-widget browser tests share: a project with an uploaded picture (made with
Pillow), the labeling page open on it, image pixels ↔ screen positions on the surface, and the
stored answer read back through the API."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

import httpx
from PIL import Image, ImageDraw

from tests.e2e.conftest import Server, api_client, login

SURFACE = '[data-surface="image"]'


def picture(width: int, height: int) -> bytes:
    """A PNG with a few shapes on it (something to label)."""
    img = Image.new("RGB", (width, height), (40, 90, 60))
    draw = ImageDraw.Draw(img)
    draw.rectangle((width // 8, height // 6, width // 3, height // 2), fill=(200, 60, 40))
    draw.ellipse((width // 2, height // 3, width * 7 // 8, height * 5 // 6), fill=(230, 220, 80))
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


@dataclass(frozen=True)
class ImageProject:
    api: httpx.Client
    project_id: int
    item_id: int
    url: str
    width: int
    height: int


def image_project(
    server: Server, name: str, schema: dict[str, Any], width: int = 800, height: int = 600
) -> ImageProject:
    """A project with one item: an uploaded picture in its `image` field."""
    api = api_client(server)
    project = api.post("/api/projects", json={"name": name, "schema": schema})
    project.raise_for_status()
    pid = project.json()["id"]
    r = api.post(
        f"/api/projects/{pid}/media", files=[("files", ("picture.png", picture(width, height), "image/png"))]
    )
    r.raise_for_status()
    url = r.json()[0]["url"]
    # The declared size is the item's fallback for servers that do not measure uploads.
    api.post(
        f"/api/projects/{pid}/items",
        json=[{"data": {"image": url, "image_width": width, "image_height": height}}],
    ).raise_for_status()
    item_id = api.get(f"/api/projects/{pid}/items").json()["items"][0]["id"]
    return ImageProject(api, pid, item_id, url, width, height)


def open_labeling(page, server: Server, project: ImageProject) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server.url}/projects/{project.project_id}/label")
    page.wait_for_url(re.compile(r"/login"))
    login(page, server)
    page.wait_for_url(re.compile(r"/label$"))
    page.locator(f'{SURFACE}[data-ready="true"]').wait_for()


def to_screen(page, x: float, y: float, surface=None) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Where image pixel (x, y) is on the page now, from the stage's own transform (of the
    first image surface, or of `surface`, an element handle)."""
    at = page.evaluate(
        """([x, y, root]) => {
            const surface = root || document.querySelector('[data-surface="image"]');
            const box = surface.querySelector('.image-stage');
            const stage = window.Konva.stages.find((s) => box.contains(s.container()));
            const p = stage.getAbsoluteTransform().point({x, y});
            const r = box.getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }""",
        [x, y, surface],
    )
    return float(at[0]), float(at[1])


def drag(page, a: tuple[float, float], b: tuple[float, float]) -> None:  # type: ignore[no-untyped-def]
    """Press at image pixel `a`, move in steps, release at `b`."""
    page.mouse.move(*to_screen(page, *a))
    page.mouse.down()
    page.mouse.move(*to_screen(page, *b), steps=6)
    page.mouse.up()


def click(page, x: float, y: float) -> None:  # type: ignore[no-untyped-def]
    page.mouse.click(*to_screen(page, x, y))


def zoom(page) -> float:  # type: ignore[no-untyped-def]
    return float(page.locator(SURFACE).get_attribute("data-zoom") or "nan")


def wait_submitted(page) -> None:  # type: ignore[no-untyped-def]
    """After Enter: the page took the next item (here: there is none left)."""
    page.get_by_text("No more items").wait_for()


def submitted_result(project: ImageProject) -> dict[str, Any]:
    """The one submitted annotation's result, through the API."""
    annotations = project.api.get(f"/api/items/{project.item_id}/annotations").json()
    done = [a for a in annotations if a["status"] == "submitted"]
    assert len(done) == 1, annotations
    return dict(done[0]["result"])
