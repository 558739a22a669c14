"""The Items tab in a real browser: search, filters and sortable columns applied by the server,
meta columns for managers only, the detail view (data, meta, every annotation with its author),
a queue priority for the selected rows, and deletion with a confirmation, one item or the selected
rows. A reviewer sees the same list
and detail without meta and without delete.
"""

from __future__ import annotations

import re
from contextlib import closing
from typing import Any

import pytest

from tests.e2e.conftest import Server, api_client, cli, login

pytestmark = pytest.mark.e2e

SCHEMA = {
    "fields": {"text": "text"},
    "controls": [
        {"name": "sentiment", "type": "choices", "field": "text", "options": ["positive", "negative"]},
        {"name": "entities", "type": "spans", "field": "text", "labels": ["PER", "LOC"]},
    ],
    "overlap": 2,
}
TEXTS = ["Ada Lovelace in Zürich", "Trains to Paris", "A plain sentence", "Another plain one", "Last item"]
ANNOTATOR = ("items-ann@example.org", "items-annotator-pass")
REVIEWER = ("items-rev@example.org", "items-reviewer-pass")


def _set_up(server: Server) -> tuple[int, list[int]]:
    """Items 1-2 answered by the annotator (and item 1 by the admin too), item 3 skipped."""
    for email, password in (ANNOTATOR, REVIEWER):
        cli("user", "create", email, "--password", password, data_dir=server.data_dir)
    api = api_client(server)
    pid = api.post("/api/projects", json={"name": "Items tab", "schema": SCHEMA}).json()["id"]
    rows = [
        {"data": {"text": t}, "meta": {"source": f"batch-{i % 2}", "gold": "hidden"}}
        for i, t in enumerate(TEXTS)
    ]
    api.post(f"/api/projects/{pid}/items", json=rows).raise_for_status()
    for email, role in ((ANNOTATOR[0], "annotator"), (REVIEWER[0], "reviewer")):
        api.post(f"/api/projects/{pid}/members", json={"email": email, "role": role}).raise_for_status()
    for email, password in (ANNOTATOR, REVIEWER):  # each accepts the invitation
        with closing(api_client(server, email, password)) as member:
            [invitation] = member.get("/api/invitations").json()
            member.post(f"/api/invitations/{invitation['id']}/accept").raise_for_status()
    ids = [i["id"] for i in api.get(f"/api/projects/{pid}/items").json()["items"]]
    answer = {"result": {"sentiment": "positive", "entities": []}, "status": "submitted", "lead_time_ms": 900}
    with closing(api_client(server, *ANNOTATOR)) as ann:
        for expected in ids[:2]:
            assert ann.get(f"/api/projects/{pid}/next").json()["id"] == expected
            ann.post(f"/api/items/{expected}/annotations", json=answer).raise_for_status()
        assert ann.get(f"/api/projects/{pid}/next").json()["id"] == ids[2]
        ann.post(f"/api/items/{ids[2]}/skip", json={"reason": "no idea"}).raise_for_status()
    assert api.get(f"/api/projects/{pid}/next").json()["id"] == ids[0]
    api.post(f"/api/items/{ids[0]}/annotations", json=answer).raise_for_status()
    return pid, ids


def _wait_rows(page, expected: list[int]) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_function(
        "ids => JSON.stringify([...document.querySelectorAll('table.items tbody tr')]"
        ".map(r => Number(r.dataset.item))) === JSON.stringify(ids)",
        arg=expected,
    )


def test_items_tab_for_managers_and_reviewers(new_page, server: Server) -> None:  # type: ignore[no-untyped-def]
    pid, ids = _set_up(server)
    page = new_page()
    page.goto(f"{server.url}/projects/{pid}/items")
    page.wait_for_url(re.compile(r"/login"))
    login(page, server)
    page.wait_for_url(re.compile(r"/items"))
    _wait_rows(page, ids)
    header = page.locator("table.items thead")
    assert "meta.source" in header.inner_text() and "meta.gold" in header.inner_text()

    # search: typed text is sent to the server once typing pauses, and lands in the URL
    page.get_by_label("Search items").fill("zürich")
    _wait_rows(page, ids[:1])
    assert "q=z%C3%BCrich" in page.url
    page.get_by_label("Search items").fill("plain")
    _wait_rows(page, ids[2:4])
    page.get_by_text("2 matching items").wait_for()
    page.get_by_role("button", name="Clear filters").click()
    _wait_rows(page, ids)

    # filters
    page.get_by_label("Annotations", exact=True).select_option("true")
    _wait_rows(page, ids[:2])
    page.get_by_label("Annotations", exact=True).select_option("false")
    _wait_rows(page, ids[2:])
    page.get_by_label("Annotations", exact=True).select_option("")
    page.get_by_label("Skipped").check()
    _wait_rows(page, [ids[2]])
    page.get_by_label("Skipped").uncheck()
    page.get_by_label("Fewer than 2 annotations").check()
    _wait_rows(page, ids[1:])
    page.get_by_label("Fewer than 2 annotations").uncheck()
    page.get_by_label("Annotator").fill(ANNOTATOR[0])
    page.get_by_label("Annotator").press("Enter")
    _wait_rows(page, ids[:2])
    page.get_by_role("button", name="Clear filters").click()
    _wait_rows(page, ids)

    # sortable columns: ascending first, a second click flips
    annotations_header = page.locator("th").filter(has_text="Annotations")
    annotations_header.get_by_role("button").click()
    _wait_rows(page, [ids[2], ids[3], ids[4], ids[1], ids[0]])
    assert annotations_header.get_attribute("aria-sort") == "ascending"
    annotations_header.get_by_role("button").click()
    _wait_rows(page, [ids[0], ids[1], ids[4], ids[3], ids[2]])
    assert annotations_header.get_attribute("aria-sort") == "descending"
    page.locator("th").filter(has_text="ID").get_by_role("button").click()
    _wait_rows(page, sorted(ids))  # ids are random: the list's default is queue order

    # a priority on the selected rows: the queue serves them first
    page.get_by_label(f"Select item {ids[4]}").check()
    page.get_by_label("Priority", exact=True).fill("5")
    page.get_by_role("button", name="Set priority of 1 selected").click()
    page.get_by_role("status").filter(has_text="1 item now has priority 5.").wait_for()
    assert not page.get_by_label(f"Select item {ids[4]}").is_checked()  # the selection is spent
    with closing(api_client(server)) as api:
        queue = [i["id"] for i in api.get(f"/api/projects/{pid}/items").json()["items"]]
    assert queue == [ids[4], *ids[:4]]

    # a row opens the detail: data, meta, every annotation with its author and status
    page.locator(f'tr[data-item="{ids[0]}"] td').nth(2).click()
    detail = page.get_by_role("dialog", name=f"Item {ids[0]}")
    detail.get_by_text(TEXTS[0]).wait_for()
    assert "hidden" in detail.get_by_test_id("item-meta").inner_text()
    authors = detail.locator(".annotation-card").evaluate_all("cs => cs.map(c => c.dataset.author)")
    assert sorted(authors) == sorted([ANNOTATOR[0], server.admin_email])
    assert detail.locator(".badge.submitted").count() == 2
    page.keyboard.press("Escape")
    detail.wait_for(state="detached")
    page.locator(f'tr[data-item="{ids[2]}"] td').nth(2).click()
    detail = page.get_by_role("dialog", name=f"Item {ids[2]}")
    detail.locator(".skips").filter(has_text="no idea").wait_for()

    # delete one item, after a confirmation (cancel first)
    detail.get_by_role("button", name="Delete item").click()
    confirm = page.get_by_role("alertdialog", name=f"Delete item {ids[2]}?")
    confirm.get_by_role("button", name="Cancel").click()
    confirm.wait_for(state="detached")
    detail.get_by_role("button", name="Delete item").click()
    confirm.get_by_role("button", name="Delete").click()
    detail.wait_for(state="detached")
    page.get_by_role("status").filter(has_text=f"Deleted item {ids[2]}.").wait_for()
    _wait_rows(page, sorted([ids[0], ids[1], ids[3], ids[4]]))  # still sorted by id
    page.get_by_text("4 items · your role").wait_for()  # the project's count followed

    # bulk delete of the selected rows
    page.get_by_label(f"Select item {ids[3]}").check()
    page.get_by_label(f"Select item {ids[4]}").check()
    page.get_by_role("button", name="Delete selected (2)").click()
    page.get_by_role("alertdialog", name="Delete 2 items?").get_by_role("button", name="Delete").click()
    page.get_by_role("status").filter(has_text="Deleted 2 items and 0 annotations.").wait_for()
    _wait_rows(page, sorted(ids[:2]))

    # a reviewer: the same list and detail, without meta or delete
    reviewer = new_page()
    reviewer.goto(f"{server.url}/projects/{pid}/items")
    reviewer.wait_for_url(re.compile(r"/login"))
    login(reviewer, server, *REVIEWER)
    _wait_rows(reviewer, ids[:2])
    assert "meta." not in reviewer.locator("table.items thead").inner_text()
    assert reviewer.locator("table.items input[type=checkbox]").count() == 0
    reviewer.locator(f'tr[data-item="{ids[1]}"] td').nth(1).click()
    detail = reviewer.get_by_role("dialog", name=f"Item {ids[1]}")
    detail.locator(".annotation-card").filter(has_text=ANNOTATOR[0]).wait_for()
    assert detail.get_by_text("Meta", exact=True).count() == 0
    assert "hidden" not in detail.inner_text()
    assert detail.get_by_role("button", name="Delete item").count() == 0


def test_items_tab_renders_hostile_data_as_text(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    api = api_client(server)
    pid = api.post("/api/projects", json={"name": "Hostile", "schema": SCHEMA}).json()["id"]
    xss = '<img src=x onerror="window.__pwned=1">'
    rows: list[dict[str, Any]] = [{"data": {"text": xss}, "meta": {xss: xss}}]
    api.post(f"/api/projects/{pid}/items", json=rows).raise_for_status()
    page.goto(f"{server.url}/projects/{pid}/items")
    page.wait_for_url(re.compile(r"/login"))
    login(page, server)
    page.locator("table.items tbody tr").first.click()
    detail = page.get_by_role("dialog")
    detail.get_by_test_id("item-meta").wait_for()
    assert page.locator("img").count() == 0
    assert xss in detail.inner_text()
    assert page.evaluate("() => window.__pwned") is None
