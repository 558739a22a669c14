"""Gold in a real browser: a manager marks an item as gold from its detail view (the reference
entered with the labeling widgets, a set, an explanation), sees the badge and filters the Items
tab by set, turns an annotator's answer into gold in one click, and removes gold again."""

from __future__ import annotations

import re
from contextlib import closing

import pytest

from tests.e2e.conftest import Server, api_client, cli, login
from tests.e2e.test_items_tab import _wait_rows

pytestmark = pytest.mark.e2e

SCHEMA = {
    "fields": {"text": "text"},
    "controls": [
        {"name": "sentiment", "type": "choices", "field": "text", "options": ["positive", "negative"]},
    ],
    "overlap": 2,
}
ANNOTATOR = ("gold-ann@example.org", "gold-annotator-pass")
TEXTS = ["Loved every minute", "Broke after a day", "It is a chair"]


def _set_up(server: Server) -> tuple[int, list[int]]:
    cli("user", "create", ANNOTATOR[0], "--password", ANNOTATOR[1], data_dir=server.data_dir)
    api = api_client(server)
    pid = api.post("/api/projects", json={"name": "Gold", "schema": SCHEMA}).json()["id"]
    api.post(f"/api/projects/{pid}/items", json=[{"data": {"text": t}} for t in TEXTS]).raise_for_status()
    api.post(
        f"/api/projects/{pid}/members", json={"email": ANNOTATOR[0], "role": "annotator"}
    ).raise_for_status()
    ids = [i["id"] for i in api.get(f"/api/projects/{pid}/items").json()["items"]]
    with closing(api_client(server, *ANNOTATOR)) as ann:
        [invitation] = ann.get("/api/invitations").json()
        ann.post(f"/api/invitations/{invitation['id']}/accept").raise_for_status()
        assert ann.get(f"/api/projects/{pid}/next").json()["id"] == ids[0]
        answer = {"result": {"sentiment": "positive"}, "status": "submitted"}
        ann.post(f"/api/items/{ids[0]}/annotations", json=answer).raise_for_status()
    return pid, ids


def test_a_manager_marks_gold_uses_an_annotation_and_removes_gold(new_page, server: Server) -> None:  # type: ignore[no-untyped-def]
    pid, ids = _set_up(server)
    page = new_page()
    page.goto(f"{server.url}/projects/{pid}/items")
    page.wait_for_url(re.compile(r"/login"))
    login(page, server)
    _wait_rows(page, ids)

    # Mark as gold: the reference with the widgets, a set, an explanation
    page.locator(f'tr[data-item="{ids[1]}"] td').nth(2).click()
    detail = page.get_by_role("dialog", name=f"Item {ids[1]}")
    detail.get_by_role("button", name="Mark as gold").click()
    editor = detail.get_by_test_id("gold-editor")
    editor.get_by_role("radio", name="negative").click()
    editor.get_by_label("Gold set").select_option("exam")
    editor.get_by_label("Explanation for sentiment").fill("It broke: the reviewer is unhappy.")
    editor.get_by_role("button", name="Save gold").click()
    panel = detail.get_by_test_id("gold-panel")
    panel.locator(".badge.gold").filter(has_text="exam").wait_for()
    assert "It broke: the reviewer is unhappy." in panel.get_by_test_id("gold-reference").inner_text()
    gold = api_client(server).get(f"/api/items/{ids[1]}/gold").json()
    assert gold["result"] == {"sentiment": "negative"} and gold["set"] == "exam"
    page.keyboard.press("Escape")
    detail.wait_for(state="detached")

    # the badge in the list, and the filter by set
    page.locator(f'tr[data-item="{ids[1]}"] .badge.gold').filter(has_text="exam").wait_for()
    page.get_by_label("Gold", exact=True).select_option("exam")
    _wait_rows(page, [ids[1]])
    assert "gold=exam" in page.url
    page.get_by_label("Gold", exact=True).select_option("none")
    _wait_rows(page, [ids[0], ids[2]])
    page.get_by_label("Gold", exact=True).select_option("")
    _wait_rows(page, ids)

    # one click: the annotator's answer becomes the reference
    page.locator(f'tr[data-item="{ids[0]}"] td').nth(2).click()
    detail = page.get_by_role("dialog", name=f"Item {ids[0]}")
    detail.get_by_role("button", name="Use this annotation as gold").click()
    editor = detail.get_by_test_id("gold-editor")
    assert editor.get_by_role("radio", name="positive").get_attribute("aria-checked") == "true"
    editor.get_by_label("Gold set").select_option("practice")
    editor.get_by_role("button", name="Save gold").click()
    panel = detail.get_by_test_id("gold-panel")
    panel.get_by_text("from an annotation").wait_for()
    gold = api_client(server).get(f"/api/items/{ids[0]}/gold").json()
    assert gold["source"] == "annotation" and gold["set"] == "practice"

    # remove gold: back in production
    panel.get_by_role("button", name="Remove gold").click()
    panel.get_by_role("button", name="Mark as gold").wait_for()
    assert api_client(server).get(f"/api/items/{ids[0]}/gold").status_code == 404
