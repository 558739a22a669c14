"""Labeling-page behaviour beyond the main path: drafts survive a reload, shortcuts are
rebindable (collisions refused, the choice stored on the server), skip asks a reason; spans are
labeled with the keyboard alone; required controls are checked before any request; a text with
no entities is stored as `"entities": []`; a project with a control the UI cannot show offers no
labeling; the toolbar fits a narrow screen; an item deleted while it is being labeled moves on.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from goldlabel.controls.regions import without_ids
from tests.e2e.conftest import Server, api_client, login

pytestmark = pytest.mark.e2e

SCHEMA = {
    "fields": {"text": "text"},
    "controls": [
        {"name": "sentiment", "type": "choices", "field": "text", "options": ["positive", "negative"]}
    ],
}


def test_draft_restore_rebinding_and_skip(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    api = api_client(server)
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


ENTITIES_SCHEMA = {
    "fields": {"text": "text"},
    "controls": [
        {"name": "sentiment", "type": "choices", "field": "text", "options": ["positive", "negative"]},
        {"name": "entities", "type": "spans", "field": "text", "labels": ["PER", "ORG", "LOC"]},
    ],
}


def _project(api: httpx.Client, name: str, schema: dict[str, Any], items: list[dict[str, Any]]) -> int:
    r = api.post("/api/projects", json={"name": name, "schema": schema})
    r.raise_for_status()
    pid = int(r.json()["id"])
    api.post(f"/api/projects/{pid}/items", json=items).raise_for_status()
    return pid


def _open_labeling(page, server: Server, pid: int) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server.url}/projects/{pid}/label")
    page.wait_for_url(re.compile(r"/login"))
    login(page, server)
    page.wait_for_url(re.compile(r"/label$"))


def _annotation_writes(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Every annotation write the page sends from now on (POST/PATCH), as 'METHOD url'."""
    writes: list[str] = []
    page.on(
        "request",
        lambda r: (
            writes.append(f"{r.method} {r.url}")
            if r.method in ("POST", "PATCH") and "annotations" in r.url
            else None
        ),
    )
    return writes


def _annotations(api: httpx.Client, pid: int) -> list[dict[str, Any]]:
    items = api.get(f"/api/projects/{pid}/items").json()["items"]
    return [a for i in items for a in api.get(f"/api/items/{i['id']}/annotations").json()]


def test_spans_with_the_keyboard_only(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    api = api_client(server)
    text = "Ada Lovelace visited Acme Corp in Paris."
    pid = _project(api, "Keyboard spans", ENTITIES_SCHEMA, [{"text": text}])
    _open_labeling(page, server, pid)
    sentiment = page.locator('[data-control="sentiment"]')
    entities = page.locator('[data-control="entities"]')
    caret = entities.locator(".caret")
    selection = page.get_by_test_id("caret-selection")

    # one focused control at a time, with a visible ring; digits go to it only
    sentiment.and_(page.locator('[aria-current="true"]')).wait_for()
    assert sentiment.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"
    assert entities.evaluate("el => getComputedStyle(el).outlineStyle") == "none"
    assert caret.count() == 0  # no caret until the spans control has the focus
    page.keyboard.press("1")
    page.locator('.option.selected[data-option="positive"]').wait_for()
    page.keyboard.press("Tab")
    entities.and_(page.locator('[aria-current="true"]')).wait_for()
    assert entities.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"
    assert sentiment.evaluate("el => getComputedStyle(el).outlineStyle") == "none"

    # the caret: word by word, Shift extends, a digit labels the selection
    assert caret.inner_text() == "Ada"

    def press(*keys: str) -> None:
        for key in keys:
            page.keyboard.press(key)

    press("Shift+ArrowRight")
    selection.filter(has_text="“Ada Lovelace”").wait_for()
    press("1")
    page.locator(".region-list li").filter(has_text="Ada Lovelace").wait_for()
    press("ArrowRight", "ArrowRight")
    assert caret.inner_text() == "Acme"
    press("Shift+ArrowRight")
    selection.filter(has_text="“Acme Corp”").wait_for()
    press("2")
    page.locator(".region-list li").filter(has_text="Acme Corp").wait_for()
    press("ArrowRight", "ArrowRight")
    assert caret.inner_text() == "Paris"
    # by character: "Pa" of "Paris", then Esc shrinks the selection to the caret's character
    press("ArrowLeft", "Control+ArrowRight", "Control+Shift+ArrowRight")
    selection.filter(has_text="“Pa”").wait_for()
    press("Escape")
    selection.filter(has_text="“a”").wait_for()
    press("ArrowRight")
    assert caret.inner_text() == "."
    press("ArrowLeft")
    assert caret.inner_text() == "Paris"
    press("3")
    page.locator(".region-list li").filter(has_text="Paris").wait_for()
    assert page.locator('.option.selected[data-option="positive"]').count() == 1  # untouched

    # the caret keys are in the ? help
    page.keyboard.press("?")
    help_dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    help_dialog.get_by_text("move the caret by word").wait_for()
    help_dialog.get_by_text("Shift+←/→", exact=True).wait_for()
    page.keyboard.press("Escape")
    help_dialog.wait_for(state="detached")

    page.keyboard.press("Enter")
    page.get_by_role("heading", name="No more items").wait_for()
    (annotation,) = _annotations(api, pid)
    assert annotation["status"] == "submitted"
    assert annotation["result"]["sentiment"] == "positive"
    assert without_ids(annotation["result"]["entities"]) == [
        {"start": 0, "end": 12, "label": "PER", "text": "Ada Lovelace"},
        {"start": 21, "end": 30, "label": "ORG", "text": "Acme Corp"},
        {"start": 34, "end": 39, "label": "LOC", "text": "Paris"},
    ]


def test_no_entities_is_stored_as_an_empty_list(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    api = api_client(server)
    pid = _project(api, "No entities", ENTITIES_SCHEMA, [{"text": "Nothing to see here."}])
    _open_labeling(page, server, pid)
    page.locator(".spans [data-text-root]").filter(has_text="Nothing to see").wait_for()
    page.keyboard.press("2")
    page.locator('.option.selected[data-option="negative"]').wait_for()
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="No more items").wait_for()
    (annotation,) = _annotations(api, pid)
    assert annotation["status"] == "submitted"
    assert annotation["result"] == {"sentiment": "negative", "entities": []}


def test_required_controls_are_checked_before_any_request(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    api = api_client(server)
    schema = {
        "fields": {"text": "text"},
        "controls": [
            {"name": "stars", "type": "rating", "field": "text", "min": 1, "max": 3},
            {"name": "topic", "type": "choices", "field": "text", "options": ["a", "b"], "required": True},
        ],
    }
    pid = _project(api, "Required", schema, [{"text": "rate me"}])
    _open_labeling(page, server, pid)
    page.locator(".field-card").filter(has_text="rate me").wait_for()
    writes = _annotation_writes(page)

    page.keyboard.press("Enter")
    page.get_by_role("alert").filter(has_text="required control first: topic").wait_for()
    missing = page.locator('.control-card.missing[data-control="topic"]')
    # the focus went to it (the card may be drawn a frame before it takes the focus: poll)
    missing.and_(page.locator('[aria-current="true"]')).wait_for()
    assert missing.get_attribute("aria-current") == "true"
    page.get_by_role("button", name="Submit").click()  # the button checks the same way
    page.wait_for_timeout(300)
    assert writes == []
    assert _annotations(api, pid) == []

    page.keyboard.press("2")  # the focused control is now "topic"
    page.locator('.option.selected[data-option="b"]').wait_for()
    assert page.locator(".control-card.missing").count() == 0
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="No more items").wait_for()
    assert writes  # only once the required control was answered
    (annotation,) = _annotations(api, pid)
    assert (annotation["status"], annotation["result"]) == ("submitted", {"topic": "b"})


def test_controls_without_a_widget_offer_no_labeling(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    """Every control type the server has today has a widget, so a server newer than the UI is
    simulated: the project's schema gains a control of a type this UI does not know."""
    api = api_client(server)
    schema = {
        "fields": {"image": "image", "caption": "text"},
        "controls": [{"name": "mood", "type": "choices", "field": "caption", "options": ["calm", "busy"]}],
    }
    pid = _project(api, "Newer server", schema, [{"image": "/street.png", "caption": "a street"}])

    def newer_server(route):  # type: ignore[no-untyped-def]
        response = route.fetch()
        body = response.json()
        body["schema"]["controls"].append({"name": "cars", "type": "pairwise", "field": "image"})
        route.fulfill(response=response, json=body)

    page.route(f"{server.url}/api/projects/{pid}", newer_server)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(f"{r.method} {r.url}"))
    _open_labeling(page, server, pid)
    alert = page.get_by_role("alert").filter(has_text="cannot be labeled here")
    alert.wait_for()
    assert "cars (pairwise)" in alert.inner_text()
    assert "mood" not in alert.inner_text()
    assert page.get_by_role("button", name="Submit").is_disabled()
    assert page.get_by_role("button", name="Skip").is_disabled()
    page.keyboard.press("1")
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    # no item was taken from the queue, nothing was written
    assert not [r for r in requests if "/next" in r or "annotations" in r], requests
    (item,) = api.get(f"/api/projects/{pid}/items").json()["items"]
    detail = api.get(f"/api/items/{item['id']}").json()
    assert detail["annotations"] == [] and item["annotation_count"] == 0


def test_toolbar_fits_a_narrow_screen(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    api = api_client(server)
    pid = _project(api, "Narrow screen with a long project name", ENTITIES_SCHEMA, [{"text": "small"}])
    page.set_viewport_size({"width": 420, "height": 800})
    _open_labeling(page, server, pid)
    page.locator(".spans [data-text-root]").wait_for()
    buttons = page.locator(".toolbar button")
    assert buttons.count() == 6  # undo, redo, shortcuts, flag / ask, skip, submit (no guideline published)
    for i in range(buttons.count()):
        box = buttons.nth(i).bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= 420, (buttons.nth(i).inner_text(), box)
    wide = page.evaluate(
        "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 420)"
        ".map(e => e.tagName + ' ' + e.textContent)"
    )
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 420, wide
    page.get_by_role("button", name="Submit").click()  # reachable and working
    page.get_by_role("heading", name="No more items").wait_for()


def test_an_item_deleted_while_labeling_moves_on(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    api = api_client(server)
    pid = _project(api, "Deleted meanwhile", ENTITIES_SCHEMA, [{"text": "first one"}, {"text": "second one"}])
    _open_labeling(page, server, pid)
    page.locator(".spans [data-text-root]").filter(has_text="first one").wait_for()
    item_id = page.locator(".item-id").inner_text().split()[-1]
    assert api.delete(f"/api/items/{item_id}").status_code == 204
    page.keyboard.press("1")  # the autosave finds the item gone
    page.get_by_role("status").filter(has_text="deleted by a project manager").wait_for()
    page.locator(".spans [data-text-root]").filter(has_text="second one").wait_for()
