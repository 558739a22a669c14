"""What "this project can be labeled here" means in the browser, for the template tests: the
labeling page offers the item (no refusal), shows every control's widget, and draws every media
field — on its surface, ready, where a control draws on it; else as a plain image, audio or
video element, loaded."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from goldlabel.controls.schema import MEDIA_KINDS
from tests.labelstudio_templates import draws_on_media

MEDIA_TAG = {"image": "img", "audio": "audio", "video": "video"}


def assert_labelable(page, schema: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    """On the project's labeling page, with an item served."""
    page.locator(".workspace, .unsupported").first.wait_for()
    refused = page.locator(".unsupported")
    assert refused.count() == 0, refused.inner_text()
    for control in schema["controls"]:
        card = page.locator(f'section.control-card[data-control="{control["name"]}"]')
        card.wait_for()
        assert "cannot show" not in card.inner_text(), f"{control['name']} ({control['type']})"
    for field, kind in schema["fields"].items():
        if kind not in MEDIA_KINDS:
            continue
        if any(c["field"] == field and draws_on_media(c["type"]) for c in schema["controls"]):
            ready = page.locator(f'[data-surface="{kind}"][data-field="{field}"][data-ready="true"]')
            try:
                ready.wait_for(timeout=20_000)
            except PlaywrightTimeout:
                pytest.fail(f"no {kind} surface for field {field!r} became ready (data-ready) in 20 s")
        else:
            element = page.locator(f'.field-card[data-field="{field}"] {MEDIA_TAG[kind]}')
            page.wait_for_function(
                "(el) => el.tagName === 'IMG' ? el.complete && el.naturalWidth > 0 : el.readyState >= 1",
                arg=element.element_handle(),
            )
