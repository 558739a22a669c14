"""Final labels in a real browser: the manager sets the consensus policy in Settings (the overlap
said in plain words, fixed or adaptive), and the Final labels tab shows each item's label with
its provenance, confidence and the link to adjudicate, the label drawn by the widgets when a row
opens, and the expert's decision once made.
"""

from __future__ import annotations

import re
import time
from contextlib import closing

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server, api_client, login
from tests.e2e.disagreement import set_up, wait_for_labels

pytestmark = pytest.mark.e2e


def test_consensus_settings_form(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    with closing(api_client(server)) as admin:
        created = admin.post(
            "/api/projects",
            json={
                "name": "Consensus settings e2e",
                "schema": {
                    "fields": {"text": "text"},
                    "controls": [
                        {"name": "sentiment", "type": "choices", "field": "text", "options": ["pos", "neg"]},
                        {"name": "topic", "type": "choices", "field": "text", "options": ["a", "b"]},
                    ],
                    "overlap": 2,
                },
            },
        )
        created.raise_for_status()
        pid = created.json()["id"]
    page.goto(f"{server.url}/login")
    login(page, server)
    page.wait_for_url(re.compile(r"/projects$|/$"))
    page.goto(f"{server.url}/projects/{pid}/settings")
    form = page.get_by_role("form", name="Consensus")
    form.get_by_text("Fixed: every item gets 2 answers, whatever they say.").wait_for()
    form.get_by_label("At most").fill("5")
    form.get_by_label(re.compile("Ask for more while the confidence")).fill("90")
    form.get_by_text(
        re.compile(r"Adaptive: every item gets 2 answers first\. While its consensus")
    ).wait_for()
    assert "up to 5 answers" in form.locator(".overlap-words").inner_text()
    form.get_by_label("Method for categorical controls").select_option("dawid_skene")
    form.get_by_label("topic").select_option("majority_vote")
    form.get_by_label(re.compile("Weigh each annotator")).check()
    form.get_by_label(re.compile("Leave out annotators")).fill("60")
    form.get_by_role("radio", name="A fixed share").check()
    form.get_by_label(re.compile("Share reviewed")).fill("20")
    form.get_by_role("button", name="Save consensus settings").click()
    form.get_by_text("Consensus settings saved.").wait_for()
    with closing(api_client(server)) as admin:
        consensus = admin.get(f"/api/projects/{pid}").json()["consensus"]
    assert consensus["overlap"] == {"min": 2, "max": 5, "confidence": 0.9}
    assert consensus["method"] == "dawid_skene"
    assert consensus["methods"] == {"topic": "majority_vote"}
    assert consensus["weighted"] is True
    assert consensus["min_honeypot_accuracy"] == pytest.approx(0.6)
    assert consensus["review"]["sample"] == "share"
    assert consensus["review"]["share"] == pytest.approx(0.2)
    # A maximum below the minimum is refused before anything is sent.
    form.get_by_label("At most").fill("1")
    form.get_by_role("button", name="Save consensus settings").click()
    form.get_by_text("The maximum is at least the minimum.").wait_for()
    with closing(api_client(server)) as admin:
        assert admin.get(f"/api/projects/{pid}").json()["consensus"]["overlap"]["max"] == 5


def test_final_labels_tab(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    case = set_up(server, "Final labels e2e")
    pid = case.project_id
    with closing(api_client(server)) as admin:
        wait_for_labels(admin, pid)
    page.goto(f"{server.url}/login")
    login(page, server)
    page.wait_for_url(re.compile(r"/projects$|/$"))
    page.goto(f"{server.url}/projects/{pid}/final")

    agreed = page.locator(f'tr[data-item="{case.agreed}"]')
    disputed = page.locator(f'tr[data-item="{case.disputed}"]')
    agreed.wait_for()
    assert agreed.locator("[data-provenance]").inner_text() == "Consensus"
    assert "100%" in agreed.inner_text()
    assert agreed.get_by_role("link", name=f"#{case.agreed}").get_attribute("href") == (
        f"/projects/{pid}/items?item={case.agreed}"
    )
    link = disputed.get_by_role("link", name="needs adjudication")
    assert link.get_attribute("href") == f"/projects/{pid}/adjudicate?item={case.disputed}"
    # Opened, the label is drawn by the widgets over the item's text.
    agreed.get_by_role("button", name=re.compile("sentiment: neg")).click()
    detail = page.locator(".final-detail")
    detail.get_by_role("radio", name=re.compile("neg")).and_(page.locator('[aria-checked="true"]')).wait_for()
    assert "Grace" in detail.locator('[data-control="entities"]').inner_text()

    # Filters and order: only the items waiting for an expert; the weakest first; all again.
    filters = page.get_by_role("group", name="Filter final labels")
    rows = page.locator("tr[data-item]")
    filters.get_by_label("Adjudication").select_option("yes")
    agreed.wait_for(state="detached")
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-item", str(case.disputed))
    filters.get_by_label("Adjudication").select_option("")
    filters.get_by_label("Sort by").select_option("confidence")
    agreed.wait_for()
    expect(rows.first).to_have_attribute("data-item", str(case.disputed))
    filters.get_by_label("Confidence at most (%)").fill("abc")
    filters.get_by_role("alert").get_by_text("Enter a percentage from 0 to 100.").wait_for()
    agreed.wait_for()  # a refused value leaves the list as it was

    # The expert decides through the API; the tab shows who and how, once reloaded.
    with closing(api_client(server)) as admin:
        result = {"sentiment": "pos", "entities": []}
        admin.post(
            f"/api/projects/{pid}/adjudication/{case.disputed}", json={"result": result}
        ).raise_for_status()
    deadline = time.monotonic() + 15
    while True:
        page.reload()
        disputed.wait_for()
        if disputed.locator("[data-provenance]").inner_text() == "Adjudicated" or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert disputed.locator("[data-provenance]").inner_text() == "Adjudicated"
    assert f"by {server.admin_email}" in disputed.inner_text()
    assert disputed.get_by_role("link", name="needs adjudication").count() == 0
