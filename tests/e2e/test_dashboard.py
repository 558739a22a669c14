"""The Dashboard tab in a real browser: two annotators label through the API (two items are
then made honeypots), the manager opens the tab, sees the charts drawn with data (progress,
throughput bars, agreement and quality-check lines, the confusion across the team), and adds an
alert rule through the form, which the API then lists."""

from __future__ import annotations

import re
from contextlib import closing
from datetime import UTC, datetime

import pytest

from tests.e2e.conftest import Server, api_client, cli, login

pytestmark = pytest.mark.e2e

SCHEMA = {
    "fields": {"text": "text"},
    "controls": [
        {"name": "sentiment", "type": "choices", "field": "text", "options": ["positive", "negative"]},
    ],
    "overlap": 2,
}
ANNOTATORS = ["dash-ann0@example.org", "dash-ann1@example.org"]
PASSWORD = "dashboard-pass-123"
N_ITEMS = 8


def _set_up(server: Server) -> int:
    for email in ANNOTATORS:
        cli("user", "create", email, "--password-stdin", data_dir=server.data_dir, input=f"{PASSWORD}\n")
    with closing(api_client(server)) as admin:
        project = admin.post("/api/projects", json={"name": "Dashboard e2e", "schema": SCHEMA})
        project.raise_for_status()
        pid = int(project.json()["id"])
        for email in ANNOTATORS:
            admin.post(
                f"/api/projects/{pid}/members", json={"email": email, "role": "annotator"}
            ).raise_for_status()
        admin.post(
            f"/api/projects/{pid}/items", json=[{"text": f"text {i}"} for i in range(N_ITEMS)]
        ).raise_for_status()
        answered: list[int] = []
        for n, email in enumerate(ANNOTATORS):
            with closing(api_client(server, email, PASSWORD)) as ann:
                [invitation] = ann.get("/api/invitations").json()
                ann.post(f"/api/invitations/{invitation['id']}/accept").raise_for_status()
                while (nxt := ann.get(f"/api/projects/{pid}/next")).status_code == 200:
                    item = nxt.json()
                    i = int(item["data"]["text"].split()[-1])
                    # the first annotator says positive on even items; the second always positive
                    label = "positive" if n == 1 or i % 2 == 0 else "negative"
                    body = {"result": {"sentiment": label}, "status": "submitted", "lead_time_ms": 900}
                    ann.post(f"/api/items/{item['id']}/annotations", json=body).raise_for_status()
                    if n == 0:
                        answered.append(int(item["id"]))
                assert nxt.status_code == 204, nxt.text
                assert ann.get(f"/api/projects/{pid}/dashboard").status_code == 403
        for item_id, truth in zip(answered[:2], ["positive", "negative"], strict=True):
            gold = {"result": {"sentiment": truth}, "explanations": {}, "set": "honeypot"}
            admin.put(f"/api/items/{item_id}/gold", json=gold).raise_for_status()
    return pid


def test_the_manager_sees_charts_with_data_and_adds_an_alert_rule(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    pid = _set_up(server)
    page.goto(f"{server.url}/login")
    login(page, server)
    page.wait_for_url(re.compile(r"/projects$|/$"))
    page.goto(f"{server.url}/projects/{pid}/dashboard")

    # progress: 6 production items answered twice of 6 (the 2 honeypots are not production)
    progress = page.get_by_test_id("progress-items")
    progress.wait_for()
    page.get_by_test_id("progress-items").filter(has_text="6 / 6").wait_for()
    page.get_by_test_id("forecast").filter(has_text="Done").wait_for()
    # throughput: today's bar holds every submission (16)
    bars = page.get_by_test_id("throughput-chart").locator("rect.bar")
    bars.last.wait_for()
    assert bars.count() == 30
    assert bars.last.locator("title").text_content() == f"{_today()}: {2 * N_ITEMS}"
    # agreement and quality-check accuracy: one point today each
    page.get_by_test_id("agreement-chart").locator("circle").first.wait_for()
    assert page.get_by_test_id("agreement-chart").locator("circle").count() == 1
    page.get_by_test_id("honeypot-chart").locator("circle").first.wait_for()
    # confusion across the team: positive against negative on the odd items
    team = page.get_by_test_id("team-confusion-sentiment")
    team.wait_for()
    assert team.locator("td.cell.wrong").count() == 2
    assert page.get_by_test_id("review-backlog").inner_text() == "0"

    # an alert rule through the form
    page.get_by_text("No alert rules yet.").wait_for()
    form = page.get_by_test_id("rule-form")
    form.get_by_label("Metric").select_option("review_backlog")
    form.get_by_label("Direction").select_option("above")
    form.get_by_label("Threshold").fill("25")
    form.get_by_role("button", name="Add rule").click()
    rules = page.get_by_test_id("alert-rules")
    rules.filter(has_text="Review backlog above 25").wait_for()
    rules.filter(has_text="watching").wait_for()
    with closing(api_client(server)) as admin:
        [rule] = admin.get(f"/api/projects/{pid}/alerts/rules").json()
    assert (rule["metric"], rule["direction"], rule["threshold"]) == ("review_backlog", "above", 25)
    # a refused webhook is said on the page, and nothing is added
    form.get_by_label("Webhook URL").fill("http://127.0.0.1:9/hook")
    form.get_by_role("button", name="Add rule").click()
    page.get_by_role("alert").filter(has_text="loopback").wait_for()
    assert rules.locator("tbody tr").count() == 1

    # the cost tile (managers): no rates yet, so 16 submissions cost 0; its link opens the tab
    tile = page.get_by_test_id("cost-tile")
    tile.get_by_test_id("tile-cost-total").filter(has_text="0.00").wait_for()
    tile.filter(has_text="work but no rate").wait_for()
    assert tile.get_by_test_id("tile-cost-csv").get_attribute("href") == f"/api/projects/{pid}/costs.csv"
    tile.get_by_role("link", name="Details on Time & cost").click()
    page.wait_for_url(re.compile(rf"/projects/{pid}/cost$"))
    page.get_by_test_id("cost-total").filter(has_text="0.00").wait_for()


def _today() -> str:
    return datetime.now(UTC).date().isoformat()
