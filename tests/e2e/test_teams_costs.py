"""Teams and cost in the browser: a manager makes a team on the Teams page, adds it to a project
in one step from the Members tab and sets a rate; a capped annotator sees the cap message; the
Time & cost tab shows the figures and its CSV downloads."""

from __future__ import annotations

import re
from contextlib import closing
from pathlib import Path

import pytest

from tests.e2e.conftest import Server, api_client, cli, login

pytestmark = pytest.mark.e2e

SCHEMA = {
    "fields": {"text": "text"},
    "controls": [
        {"name": "sentiment", "type": "choices", "field": "text", "options": ["positive", "negative"]}
    ],
}


def test_team_on_a_project_cap_and_cost(new_page, server: Server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for email in ("crew1@example.org", "crew2@example.org"):
        cli("user", "create", email, "--password-stdin", data_dir=server.data_dir, input="crew-password-1\n")
    with closing(api_client(server)) as admin_api:
        pid = admin_api.post("/api/projects", json={"name": "Teams and cost", "schema": SCHEMA}).json()["id"]
        items = [{"data": {"text": f"text {i}"}} for i in range(4)]
        assert admin_api.post(f"/api/projects/{pid}/items", json=items).status_code == 201
        r = admin_api.patch(f"/api/projects/{pid}", json={"overlap": 1})
        assert r.status_code == 200, r.text

    manager = new_page()
    manager.goto(f"{server.url}/login")
    login(manager, server)
    manager.get_by_role("link", name="Teams").click()
    manager.get_by_label("Team name").fill("Crew")
    manager.get_by_role("button", name="Create team").click()
    card = manager.get_by_role("region", name="Team Crew")
    for email in ("crew1@example.org", "crew2@example.org"):
        card.get_by_label("Email to add to Crew").fill(email)
        card.get_by_role("button", name="Add member").click()
        card.get_by_role("list", name="Members of Crew").get_by_text(email).wait_for()

    manager.goto(f"{server.url}/projects/{pid}/members")
    manager.get_by_role("tab", name="Members").wait_for()
    add_team = manager.get_by_role("form", name="Add team")
    add_team.get_by_label("Team").select_option(label="Crew (2)")
    add_team.get_by_label("Join as").select_option("annotator")
    add_team.get_by_role("button", name="Add team").click()
    manager.get_by_role("status").filter(has_text="2 new members").wait_for()
    members = manager.get_by_role("table", name="Members")
    row = members.locator("tr").filter(has_text="crew1@example.org")
    row.filter(has_text="Crew").wait_for()  # joined through the team, no invitation
    row.get_by_label("Rate kind of crew1@example.org").select_option("per_item")
    rate = row.get_by_label("Rate of crew1@example.org")
    rate.fill("20")
    rate.press("Enter")
    manager.get_by_role("status").filter(has_text="Rate of crew1@example.org saved").wait_for()
    caps = manager.get_by_role("form", name="Caps per person")
    caps.get_by_label("Items per person").fill("1")
    caps.get_by_role("button", name="Save caps").click()
    caps.get_by_role("status").filter(has_text="Caps saved.").wait_for()
    # Every item goes to the team (the Items tab's Assign, over all matching items).
    manager.get_by_role("tab", name="Items").click()
    manager.get_by_label("Assign to").select_option(label="Crew")
    manager.get_by_role("button", name="Assign", exact=True).click()
    manager.get_by_role("status").filter(has_text="4 items now go to Crew.").wait_for()

    annotator = new_page()
    annotator.goto(f"{server.url}/login")
    login(annotator, server, "crew1@example.org", "crew-password-1")
    annotator.wait_for_url(re.compile(r"/$"))
    annotator.goto(f"{server.url}/projects/{pid}/label")
    annotator.get_by_role("radio", name="positive").click()
    annotator.get_by_role("button", name="Submit").click()
    capped = annotator.get_by_test_id("cap-reached")
    capped.wait_for()
    assert "1 of the 1 items" in capped.inner_text()

    manager.get_by_role("tab", name="Time & cost").click()
    total = manager.get_by_test_id("cost-total")
    total.filter(has_text="20.00").wait_for()
    manager.get_by_test_id("cost-per-final").filter(has_text="20.00").wait_for()  # one complete item
    manager.get_by_test_id("cost-chart").wait_for()
    manager.get_by_role("table", name="Cost per person").locator("tr").filter(
        has_text="crew1@example.org"
    ).wait_for()
    with manager.expect_download() as download:
        manager.get_by_test_id("cost-csv").click()
    saved = tmp_path / "costs.csv"
    download.value.save_as(saved)
    text = saved.read_text()
    assert '"crew1@example.org"' in text and '"TOTAL"' in text and '"20.0"' in text
