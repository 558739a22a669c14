"""Labeling-page behaviour beyond the main path: drafts survive a reload, shortcuts are
rebindable (collisions refused, the choice stored on the server), skip asks a reason.
"""

from __future__ import annotations

import re

import httpx
import pytest

from tests.e2e.conftest import Server, login

pytestmark = pytest.mark.e2e

SCHEMA = {
    "fields": {"text": "text"},
    "controls": [
        {"name": "sentiment", "type": "choices", "field": "text", "options": ["positive", "negative"]}
    ],
}


def _api(server: Server) -> httpx.Client:
    client = httpx.Client(base_url=server.url, timeout=10)
    client.post(
        "/api/auth/login", json={"email": server.admin_email, "password": server.admin_password}
    ).raise_for_status()
    client.headers["X-CSRF-Token"] = client.cookies["goldlabel_csrf"]
    return client


def test_draft_restore_rebinding_and_skip(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    api = _api(server)
    project = api.post("/api/projects", json={"name": "Keys", "schema": SCHEMA}).json()
    api.post(
        f"/api/projects/{project['id']}/items", json=[{"text": "first item"}, {"text": "second item"}]
    ).raise_for_status()

    page.goto(f"{server.url}/projects/{project['id']}/label")
    page.wait_for_url(re.compile(r"/login"))
    login(page, server)
    page.wait_for_url(re.compile(r"/label$"))  # back where the user was going

    # a draft is autosaved and comes back after a reload
    page.locator(".field-card").filter(has_text="first item").wait_for()
    page.keyboard.press("1")
    page.locator(".status").filter(has_text="Draft saved").wait_for()
    page.reload()
    page.locator('.option.selected[data-option="positive"]').wait_for()
    page.locator(".status").filter(has_text="Draft restored").wait_for()

    # the draft changes elsewhere (another tab): the next autosave gets 409, the UI takes the
    # server's version and says so
    item_id = page.locator(".item-id").inner_text().split()[-1]
    (draft,) = api.get(f"/api/items/{item_id}/annotations").json()
    api.patch(
        f"/api/annotations/{draft['id']}",
        json={"result": {"sentiment": "negative"}, "status": "draft", "version": draft["version"]},
    ).raise_for_status()
    page.keyboard.press("1")  # toggles "positive" off locally, then autosaves with a stale version
    page.get_by_role("alert").filter(has_text="changed elsewhere").wait_for()
    page.locator('.option.selected[data-option="negative"]').wait_for()
    page.keyboard.press("1")
    page.locator(".status").filter(has_text="Draft saved").wait_for()
    (draft,) = api.get(f"/api/items/{item_id}/annotations").json()
    assert draft["result"] == {"sentiment": "positive"}

    # rebinding: collisions with a label key or another action are refused, a free key is kept
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    skip_row = dialog.locator('tr[data-action="skip"]')
    skip_row.get_by_role("button", name="Change").click()
    page.keyboard.press("1")
    dialog.locator(".error").filter(has_text="label key").wait_for()
    page.keyboard.press("Enter")
    dialog.locator(".error").filter(has_text="Submit the item").wait_for()
    page.keyboard.press("k")
    dialog.locator(".ok").filter(has_text="is now K").wait_for()
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached")
    assert api.get("/api/auth/me").json()["shortcuts"] == {"skip": "k"}

    # after a reload the stored binding is used: S does nothing, K asks for a reason and skips
    page.reload()
    page.locator(".field-card").filter(has_text="first item").wait_for()
    page.keyboard.press("s")
    assert page.get_by_role("dialog").count() == 0
    page.keyboard.press("k")
    reason = page.get_by_role("dialog", name="Skip this item").get_by_label("Reason")
    assert reason.input_value() == "skipped"
    reason.fill("unclear text")
    page.keyboard.press("Enter")
    page.locator(".field-card").filter(has_text="second item").wait_for()

    page.keyboard.press("2")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="No more items").wait_for()
    items = api.get(f"/api/projects/{project['id']}/items").json()["items"]
    second = next(i for i in items if i["data"]["text"] == "second item")
    annotations = api.get(f"/api/items/{second['id']}/annotations").json()
    assert [(a["status"], a["result"]) for a in annotations] == [("submitted", {"sentiment": "negative"})]
    api.put("/api/auth/me/shortcuts", json={"shortcuts": {}}).raise_for_status()
