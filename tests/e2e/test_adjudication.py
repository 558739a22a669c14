"""Adjudication in a real browser: two annotators disagree through the API on a project with
overlap fixed at 2 and a high confidence threshold; the background job flags the item; the
expert opens the backlog, sees both answers drawn by the widgets side by side and overlaid,
picks one, edits it in the labeling workspace and saves; GET /final then gives the expert's
label with provenance ``adjudicated``, and the backlog is empty.
"""

from __future__ import annotations

import re
import time
from contextlib import closing

import pytest

from tests.e2e.conftest import Server, api_client, login
from tests.e2e.disagreement import ANNOTATORS, set_up, wait_for_labels

pytestmark = pytest.mark.e2e


def test_expert_adjudicates_a_disputed_item(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    case = set_up(server, "Adjudication e2e")
    pid = case.project_id
    with closing(api_client(server)) as admin:
        labels = wait_for_labels(admin, pid)
        assert labels[case.disputed]["needs_adjudication"] is True
        assert labels[case.agreed]["needs_adjudication"] is False
        assert labels[case.agreed]["provenance"] == "consensus"

    page.goto(f"{server.url}/login")
    login(page, server)
    page.wait_for_url(re.compile(r"/projects$|/$"))
    page.goto(f"{server.url}/projects/{pid}/adjudication")
    # The backlog lists the disputed item only, with both answers.
    row = page.locator(f'tr[data-item="{case.disputed}"]')
    row.wait_for()
    assert page.locator("tbody tr").count() == 1
    assert ANNOTATORS[0] in row.inner_text() and ANNOTATORS[1] in row.inner_text()
    row.get_by_role("link", name="Adjudicate").click()
    page.wait_for_url(re.compile(rf"/projects/{pid}/adjudicate\?item={case.disputed}$"))

    # Every answer drawn by the widgets: the choices widget with each one's option, the spans
    # widget with each one's entity over the text.
    first = page.get_by_role("region", name=ANNOTATORS[0])
    second = page.get_by_role("region", name=ANNOTATORS[1])
    first.get_by_role("radio", name=re.compile("pos")).and_(page.locator('[aria-checked="true"]')).wait_for()
    second.get_by_role("radio", name=re.compile("neg")).and_(page.locator('[aria-checked="true"]')).wait_for()
    assert "Ada" in first.locator('[data-control="entities"]').inner_text()
    assert "Acme" in second.locator('[data-control="entities"]').inner_text()
    # Overlaid: one answer drawn against the other, with the spans widget's diff.
    overlay = page.get_by_role("region", name="Overlay")
    assert overlay.locator('.answer-view[data-show="both"]').count() == 1
    diff = overlay.locator('[data-control="entities"] .diff-list')
    assert diff.locator('li[data-kind="extra"]').count() == 1  # the first one's "Ada"
    assert diff.locator('li[data-kind="missed"]').count() == 1  # the second one's "Acme"

    # Pick the second answer, change its sentiment in the workspace, save.
    second.get_by_role("button", name="Use this answer").click()
    edit = page.get_by_role("region", name="Final label", exact=True)
    edit.get_by_role("radio", name=re.compile("neu")).click()
    edit.get_by_role("button", name="Save as final label").click()
    page.get_by_text("Nothing waits for adjudication.").wait_for()

    with closing(api_client(server)) as admin:
        deadline = time.monotonic() + 15
        while True:  # the decision is stored at once; poll in case the job runs in between
            final = admin.get(f"/api/projects/{pid}/final").json()
            label = next(f for f in final["items"] if f["item_id"] == case.disputed)
            if label["provenance"] == "adjudicated" or time.monotonic() > deadline:
                break
            time.sleep(0.25)
        assert label["provenance"] == "adjudicated"
        assert label["needs_adjudication"] is False
        assert label["decided_by"] == server.admin_email
        assert label["result"]["sentiment"] == "neu"
        assert [(s["start"], s["end"], s["label"]) for s in label["result"]["entities"]] == [(11, 15, "ORG")]
        assert admin.get(f"/api/projects/{pid}/adjudication").json()["total"] == 0
        # The job never replaces an adjudicated label with the consensus.
        time.sleep(2.5)
        again = {f["item_id"]: f for f in admin.get(f"/api/projects/{pid}/final").json()["items"]}
        assert again[case.disputed]["provenance"] == "adjudicated"
        assert again[case.disputed]["result"]["sentiment"] == "neu"
