"""The labeling shell's region list on a spans project: select, hide, lock, relabel and delete
regions, by mouse and by keyboard alone; edits undo; the submitted value is checked through the
API."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from goldlabel.controls.regions import without_ids
from tests.e2e.conftest import Server, api_client, login

pytestmark = pytest.mark.e2e

TEXT = "Ada Lovelace visited Acme Corp in Paris."
SCHEMA = {
    "fields": {"text": "text"},
    "controls": [{"name": "entities", "type": "spans", "field": "text", "labels": ["PER", "ORG", "LOC"]}],
}
ADA = {"start": 0, "end": 12, "label": "PER", "text": "Ada Lovelace"}
ACME = {"start": 21, "end": 30, "label": "ORG", "text": "Acme Corp"}
PARIS = {"start": 34, "end": 39, "label": "LOC", "text": "Paris"}


def _open(page, server: Server, api: httpx.Client, name: str) -> int:  # type: ignore[no-untyped-def]
    r = api.post("/api/projects", json={"name": name, "schema": SCHEMA})
    r.raise_for_status()
    pid = int(r.json()["id"])
    api.post(f"/api/projects/{pid}/items", json=[{"text": TEXT}]).raise_for_status()
    page.goto(f"{server.url}/projects/{pid}/label")
    page.wait_for_url(re.compile(r"/login"))
    login(page, server)
    page.wait_for_url(re.compile(r"/label$"))
    return pid


def _label_three_spans(page) -> None:  # type: ignore[no-untyped-def]
    """Ada Lovelace PER, Acme Corp ORG, Paris LOC, with the span caret (the keyboard)."""
    rows = page.locator(".region-list li")
    page.locator(".spans .caret").filter(has_text="Ada").wait_for()
    steps = (
        ["Shift+ArrowRight", "1"],  # Ada Lovelace
        ["ArrowRight", "ArrowRight", "Shift+ArrowRight", "2"],  # Acme Corp
        ["ArrowRight", "ArrowRight", "3"],  # Paris
    )
    for n, keys in enumerate(steps):
        for key in keys:
            page.keyboard.press(key)
        rows.nth(n).wait_for()


def _row(page, text: str):  # type: ignore[no-untyped-def]
    """The region list's row of the span over `text`."""
    return page.locator(".region-list li").filter(has_text=f"“{text}”")


def _label_of(page, text: str) -> str:  # type: ignore[no-untyped-def]
    return str(_row(page, text).locator(".chip").inner_text())


def _marks(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(t) for t in page.locator(".spans [data-text-root] mark").all_inner_texts()]


def _submitted(api: httpx.Client, pid: int) -> Any:
    (item,) = api.get(f"/api/projects/{pid}/items").json()["items"]
    (annotation,) = api.get(f"/api/items/{item['id']}/annotations").json()
    assert annotation["status"] == "submitted"
    return annotation["result"]["entities"]


def test_region_list_by_mouse(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    api = api_client(server)
    pid = _open(page, server, api, "Region list")
    _label_three_spans(page)
    names = page.locator(".region-list .region-name")
    assert names.all_text_contents() == ["PER “Ada Lovelace”", "ORG “Acme Corp”", "LOC “Paris”"]

    # select: the row and the span in the text are marked
    ada = _row(page, "Ada Lovelace")
    ada.locator(".region-name").click()
    page.locator('.region-list li[aria-current="true"]').filter(has_text="Ada Lovelace").wait_for()
    page.locator(".spans mark.selected").filter(has_text="Ada Lovelace").wait_for()

    # hide: not drawn, still listed; show again
    paris = _row(page, "Paris")
    paris.get_by_role("button", name="Hide LOC “Paris”").click()
    paris.filter(has_text="hidden").wait_for()
    assert _marks(page) == ["Ada Lovelace", "Acme Corp"]
    paris.get_by_role("button", name="Show LOC “Paris”").click()
    page.locator(".spans mark").filter(has_text="Paris").wait_for()

    # lock: neither relabeled nor deleted, by the list or by Delete
    acme = _row(page, "Acme Corp")
    acme.get_by_role("button", name="Lock ORG “Acme Corp”").click()
    assert acme.get_by_role("combobox").is_disabled()
    assert acme.get_by_role("button", name="Delete ORG “Acme Corp”").is_disabled()
    acme.locator(".region-name").click()
    page.keyboard.press("Delete")
    page.get_by_text("This region is locked: unlock it to delete it.").wait_for()
    assert names.count() == 3
    acme.get_by_role("button", name="Unlock ORG “Acme Corp”").click()

    # relabel, delete, then undo the delete (the relabel stays)
    acme.get_by_role("combobox").select_option("LOC")
    acme.locator(".chip").filter(has_text="LOC").wait_for()
    ada.get_by_role("button", name="Delete PER “Ada Lovelace”").click()
    page.locator(".region-list li").filter(has_text="Ada Lovelace").wait_for(state="detached")
    assert _marks(page) == ["Acme Corp", "Paris"]
    page.keyboard.press("Control+z")
    ada.wait_for()
    page.keyboard.press("Control+z")  # and the relabel
    acme.locator(".chip").filter(has_text="ORG").wait_for()
    page.keyboard.press("Control+Shift+Z")
    acme.locator(".chip").filter(has_text="LOC").wait_for()
    assert [_label_of(page, t) for t in ("Ada Lovelace", "Acme Corp", "Paris")] == ["PER", "LOC", "LOC"]

    page.keyboard.press("Enter")
    page.get_by_role("heading", name="No more items").wait_for()
    assert without_ids(_submitted(api, pid)) == [ADA, {**ACME, "label": "LOC"}, PARIS]


def test_region_list_by_keyboard_alone(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    api = api_client(server)
    pid = _open(page, server, api, "Region keys")
    _label_three_spans(page)
    selected = page.locator('.region-list li[aria-current="true"]')

    page.keyboard.press("Alt+.")
    selected.filter(has_text="Ada Lovelace").wait_for()
    page.keyboard.press("Alt+.")
    selected.filter(has_text="Acme Corp").wait_for()
    page.keyboard.press("Alt+,")
    page.keyboard.press("Alt+,")
    selected.filter(has_text="Paris").wait_for()  # wraps round

    page.keyboard.press("Alt+h")
    selected.filter(has_text="hidden").wait_for()
    assert _marks(page) == ["Ada Lovelace", "Acme Corp"]
    page.keyboard.press("Alt+h")
    page.locator(".spans mark").filter(has_text="Paris").wait_for()

    page.keyboard.press("Alt+l")
    selected.filter(has_text="locked").wait_for()
    page.keyboard.press("Delete")
    page.get_by_text("This region is locked: unlock it to delete it.").wait_for()
    page.keyboard.press("Alt+l")
    page.keyboard.press("Backspace")
    page.locator(".region-list li").filter(has_text="Paris").wait_for(state="detached")
    page.keyboard.press("Alt+.")
    selected.filter(has_text="Ada Lovelace").wait_for()
    page.keyboard.press("Delete")
    page.locator(".region-list li").filter(has_text="Ada Lovelace").wait_for(state="detached")
    page.keyboard.press("Control+z")
    page.locator(".region-list li").filter(has_text="Ada Lovelace").wait_for()

    # the keys are in the ? help
    page.keyboard.press("?")
    help_dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    help_dialog.get_by_text("Select the next region of the active control").wait_for()
    page.keyboard.press("Escape")
    help_dialog.wait_for(state="detached")

    page.keyboard.press("Enter")
    page.get_by_role("heading", name="No more items").wait_for()
    assert without_ids(_submitted(api, pid)) == [ADA, ACME]
