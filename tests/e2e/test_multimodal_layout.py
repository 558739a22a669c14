"""A multimodal item (image + caption) laid out by the schema's `layout`: the image and the
caption side by side, each with its own controls below it, labeled by keyboard and submitted."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from tests.e2e.conftest import Server, api_client, login

pytestmark = pytest.mark.e2e

SCHEMA = {
    "fields": {"caption": "text", "image": "image", "source": "text"},
    "controls": [
        {"name": "better_caption", "type": "text", "field": "caption"},
        {"name": "quality", "type": "choices", "field": "image", "options": ["sharp", "blurry"]},
    ],
    "layout": [["image", "caption"]],
}


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 200), (40, 120, 200)).save(out, format="PNG")
    return out.getvalue()


def test_image_and_caption_side_by_side_with_their_controls(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    api = api_client(server)
    r = api.post("/api/projects", json={"name": "Captions", "schema": SCHEMA})
    r.raise_for_status()
    pid = int(r.json()["id"])
    (uploaded,) = api.post(
        f"/api/projects/{pid}/media", files=[("files", ("cat.png", _png(), "image/png"))]
    ).json()
    item = {"image": uploaded["url"], "caption": "A dog on a mat", "source": "the web"}
    api.post(f"/api/projects/{pid}/items", json=[item]).raise_for_status()

    page.goto(f"{server.url}/projects/{pid}/label")
    page.wait_for_url(re.compile(r"/login"))
    login(page, server)
    page.wait_for_url(re.compile(r"/label$"))

    image_group = page.locator('[data-field-group="image"]')
    caption_group = page.locator('[data-field-group="caption"]')
    image = image_group.locator('.field-card[data-field="image"] img')
    image.wait_for()
    page.wait_for_function("img => img.complete && img.naturalWidth === 320", arg=image.element_handle())

    # one row: the image, then the caption beside it; `source`, left out of the layout, below
    rows = page.locator(".layout-row")
    assert rows.count() == 2
    assert rows.nth(0).locator("[data-field-group]").evaluate_all(
        "els => els.map(e => e.dataset.fieldGroup)"
    ) == ["image", "caption"]
    assert rows.nth(1).locator("[data-field-group]").get_attribute("data-field-group") == "source"
    image_box, caption_box = image_group.bounding_box(), caption_group.bounding_box()
    assert image_box and caption_box
    assert caption_box["x"] >= image_box["x"] + image_box["width"] - 1  # beside, not below
    assert abs(caption_box["y"] - image_box["y"]) < 2

    # each field's controls sit with it, below the field
    quality = image_group.locator('[data-control="quality"]')
    fix = caption_group.locator('[data-control="better_caption"]')
    image_card = image_group.locator('.field-card[data-field="image"]').bounding_box()
    quality_box = quality.bounding_box()
    assert image_card and quality_box and quality_box["y"] >= image_card["y"] + image_card["height"]
    caption_card = caption_group.locator('.field-card[data-field="caption"]').bounding_box()
    fix_box = fix.bounding_box()
    assert caption_card and fix_box and fix_box["y"] >= caption_card["y"] + caption_card["height"]
    assert caption_group.get_by_text("A dog on a mat").is_visible()

    # the keyboard follows the page: the image's control first, then the caption's
    quality.and_(page.locator('[aria-current="true"]')).wait_for()
    page.keyboard.press("1")
    quality.locator('.option.selected[data-option="sharp"]').wait_for()
    page.keyboard.press("Tab")
    fix.and_(page.locator('[aria-current="true"]')).wait_for()
    fix.get_by_role("textbox").click()
    page.keyboard.type("A cat on a mat")
    page.keyboard.press("Control+Enter")
    page.get_by_role("heading", name="No more items").wait_for()

    (row,) = api.get(f"/api/projects/{pid}/items").json()["items"]
    (annotation,) = api.get(f"/api/items/{row['id']}/annotations").json()
    assert annotation["status"] == "submitted"
    assert annotation["result"] == {"quality": "sharp", "better_caption": "A cat on a mat"}
