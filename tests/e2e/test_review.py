"""Review in a real browser, two people in separate browser contexts: a reviewer rejects an
annotation with a comment citing a guideline section; the annotator's next item waits for the
feedback, they open it in My work (the comment and the section link), correct the item in the
Workspace, and it comes back to the reviewer's queue with the earlier verdict, who accepts it
with the A key. The annotation's history keeps every step."""

from __future__ import annotations

import re
from contextlib import closing

import pytest

from tests.e2e.conftest import Server, api_client, cli, login

pytestmark = pytest.mark.e2e

SCHEMA = {
    "fields": {"text": "text"},
    "controls": [
        {"name": "sentiment", "type": "choices", "field": "text", "options": ["positive", "negative"]}
    ],
    "overlap": 1,
}
GUIDELINE = "# Sentiment\n\nSay how the writer feels.\n\n## Irony\n\nPraise that means blame is negative.\n"
PASSWORD = "member-pass-123"
TEXT = "Great, another delay. Just what I needed."


def _member(server: Server, pid: int, email: str, role: str) -> None:
    cli("user", "create", email, "--password-stdin", data_dir=server.data_dir, input=f"{PASSWORD}\n")
    with closing(api_client(server)) as admin:
        admin.post(f"/api/projects/{pid}/members", json={"email": email, "role": role}).raise_for_status()
    with closing(api_client(server, email, PASSWORD)) as member:
        for invitation in member.get("/api/invitations").json():
            member.post(f"/api/invitations/{invitation['id']}/accept").raise_for_status()


def _signed_in(new_page, server: Server, email: str):  # type: ignore[no-untyped-def]
    page = new_page()
    page.goto(f"{server.url}/login")
    login(page, server, email, PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    return page


def test_reject_with_a_section_then_the_author_opens_corrects_and_it_returns(  # type: ignore[no-untyped-def]
    new_page, server: Server
) -> None:
    with closing(api_client(server)) as admin:
        r = admin.post("/api/projects", json={"name": "Review flow", "schema": SCHEMA})
        r.raise_for_status()
        pid = r.json()["id"]
        admin.post(f"/api/projects/{pid}/items", json=[{"data": {"text": TEXT}}]).raise_for_status()
        admin.put(f"/api/projects/{pid}/guideline/draft", json={"markdown": GUIDELINE}).raise_for_status()
        admin.post(f"/api/projects/{pid}/guideline/publish", json={"level": "major"}).raise_for_status()
        review = {"consensus": {"review": {"sample": "all", "tiers": 1}}}
        admin.patch(f"/api/projects/{pid}", json=review).raise_for_status()
    _member(server, pid, "author@example.org", "annotator")
    _member(server, pid, "checker@example.org", "reviewer")
    with closing(api_client(server, "author@example.org", PASSWORD)) as author:
        author.post(f"/api/projects/{pid}/guideline/acknowledge", json={"version": "1.0"}).raise_for_status()
        item = author.get(f"/api/projects/{pid}/next").json()
        saved = author.post(
            f"/api/items/{item['id']}/annotations",
            json={"result": {"sentiment": "positive"}, "status": "submitted"},
        )
        saved.raise_for_status()
        annotation_id = saved.json()["id"]

    # The reviewer rejects it with a reason citing the Irony section.
    reviewer = _signed_in(new_page, server, "checker@example.org")
    reviewer.goto(f"{server.url}/projects/{pid}/review")
    reviewer.get_by_test_id("pending-tier1").filter(has_text="1").wait_for()
    reviewer.get_by_role("link", name="Start reviewing").click()
    reviewer.get_by_text(TEXT).wait_for()
    reviewer.get_by_text("by author@example.org", exact=False).wait_for()
    reviewer.keyboard.press("r")
    reviewer.get_by_label(re.compile("^Reason")).fill("Irony: praise that means blame is negative.")
    reviewer.get_by_label("Guideline section").select_option("irony")
    reviewer.get_by_role("button", name=re.compile("^Send back")).click()
    reviewer.get_by_text("Nothing to review").wait_for()

    # The annotator's next item waits for the feedback; they open it in My work.
    annotator = _signed_in(new_page, server, "author@example.org")
    annotator.goto(f"{server.url}/projects/{pid}/label")
    annotator.get_by_text("Feedback is waiting for you").wait_for()
    annotator.get_by_role("link", name="Open my feedback").click()
    annotator.wait_for_url(re.compile(rf"/projects/{pid}/work$"))
    annotator.get_by_test_id("feedback-due").wait_for()
    entry = annotator.get_by_test_id("my-work").locator(f'li[data-annotation="{annotation_id}"]')
    entry.get_by_text("Sent back").wait_for()
    assert entry.get_by_text("Irony: praise that means blame is negative.").count() == 0  # not yet opened
    entry.get_by_role("button", name="Open feedback").click()
    entry.get_by_text("Irony: praise that means blame is negative.").wait_for()
    link = entry.get_by_role("link", name=re.compile("Guideline: irony"))
    link.wait_for()
    assert link.get_attribute("href") == f"/projects/{pid}/guideline#irony"
    annotator.get_by_test_id("feedback-due").wait_for(state="detached")

    # They correct the item in the Workspace: it goes back to review.
    entry.get_by_role("button", name="Correct").click()
    entry.get_by_role("radio", name="negative").click()
    entry.get_by_role("button", name="Submit correction").click()
    entry.get_by_text("In review").wait_for()
    entry.get_by_role("button", name="History").click()
    entry.locator('.annotation-history li[data-change="corrected"]').wait_for()

    # It is back in the reviewer's queue, with the earlier verdict; the A key accepts it.
    reviewer.goto(f"{server.url}/projects/{pid}/review/next")
    reviewer.get_by_text(TEXT).wait_for()
    earlier = reviewer.get_by_role("list", name="Earlier verdicts")
    earlier.get_by_text("Irony: praise that means blame is negative.", exact=False).wait_for()
    chosen = reviewer.locator('[data-option="negative"][aria-checked="true"]')
    chosen.wait_for()
    reviewer.keyboard.press("a")
    reviewer.get_by_text("Nothing to review").wait_for()

    with closing(api_client(server)) as admin:
        history = admin.get(f"/api/annotations/{annotation_id}/history").json()
    assert [h["change"] for h in history] == ["submitted", "rejected", "corrected", "accepted"]
    assert history[-1]["changed_by"] == "checker@example.org"
