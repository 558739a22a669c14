"""Questions in a real browser: an annotator flags an item with the `q` key and asks; a reviewer
answers from the Questions tab; the answer reaches the annotator's inbox (unread count in the
top bar) and their own questions. A manager's Team tab drills down into the annotator's
scorecard with the accuracy chart once a honeypot is answered.
"""

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
}
PASSWORD = "member-pass-123"


def _member(server: Server, pid: int, email: str, role: str) -> None:
    cli("user", "create", email, "--password-stdin", data_dir=server.data_dir, input=f"{PASSWORD}\n")
    with closing(api_client(server)) as admin:
        admin.post(f"/api/projects/{pid}/members", json={"email": email, "role": role}).raise_for_status()
    with closing(api_client(server, email, PASSWORD)) as member:
        for invitation in member.get("/api/invitations").json():
            member.post(f"/api/invitations/{invitation['id']}/accept").raise_for_status()


def test_ask_answer_inbox_and_team_scorecard(new_page, server: Server) -> None:  # type: ignore[no-untyped-def]
    with closing(api_client(server)) as admin:
        r = admin.post("/api/projects", json={"name": "Questions", "schema": SCHEMA})
        r.raise_for_status()
        pid = r.json()["id"]
        items = [{"data": {"text": t}} for t in ("Sarcasm: great, just great.", "A calm day.")]
        admin.post(f"/api/projects/{pid}/items", json=items).raise_for_status()
    _member(server, pid, "asker@example.org", "annotator")
    _member(server, pid, "expert@example.org", "reviewer")

    annotator = new_page()
    annotator.goto(f"{server.url}/login")
    login(annotator, server, "asker@example.org", PASSWORD)
    annotator.wait_for_url(re.compile(r"/$"))
    annotator.goto(f"{server.url}/projects/{pid}/label")
    annotator.get_by_text("Sarcasm: great, just great.").wait_for()
    annotator.get_by_role("button", name=re.compile(r"^Flag")).wait_for()
    annotator.keyboard.press("q")  # the ask key
    dialog = annotator.get_by_role("dialog", name="Flag this item and ask")
    dialog.get_by_label("Your question").fill("Is sarcasm <b>negative</b>?")
    dialog.get_by_role("button", name="Send question").click()
    dialog.wait_for(state="detached")
    annotator.get_by_text("Question sent").wait_for()
    # the help lists the ask key beside the others
    annotator.keyboard.press("?")
    help_dialog = annotator.get_by_role("dialog", name="Keyboard shortcuts")
    help_dialog.locator('tr[data-action="ask"]').get_by_text("Q", exact=True).wait_for()
    annotator.keyboard.press("Escape")
    annotator.keyboard.press("2")
    annotator.keyboard.press("Enter")
    annotator.get_by_text("A calm day.").wait_for()

    reviewer = new_page()
    reviewer.goto(f"{server.url}/login")
    login(reviewer, server, "expert@example.org", PASSWORD)
    reviewer.wait_for_url(re.compile(r"/$"))
    reviewer.goto(f"{server.url}/projects/{pid}/questions")
    queue = reviewer.get_by_test_id("question-queue")
    card = queue.locator("li").filter(has_text="Is sarcasm <b>negative</b>?")  # shown as text
    card.wait_for()
    card.get_by_text("asker@example.org").wait_for()
    card.get_by_label("Answer").fill("Yes: sarcasm counts as negative (section 2.1).")
    card.get_by_role("button", name="Answer").click()
    reviewer.get_by_text("No open questions.").wait_for()

    annotator.reload()
    badge = annotator.get_by_test_id("inbox-unread")
    badge.wait_for()
    assert badge.inner_text() == "1"
    annotator.get_by_role("button", name=re.compile("^Inbox")).click()
    inbox = annotator.get_by_role("region", name="Inbox")
    inbox.get_by_text("Yes: sarcasm counts as negative (section 2.1).").wait_for()
    inbox.get_by_role("button", name="Mark read").click()
    badge.wait_for(state="detached")
    annotator.goto(f"{server.url}/projects/{pid}/progress")
    annotator.get_by_test_id("my-questions").get_by_text("sarcasm counts as negative", exact=False).wait_for()
    annotator.get_by_test_id("scorecard").wait_for()

    # the first item becomes a honeypot: the manager's drill-down charts the answer at once
    with closing(api_client(server)) as admin:
        listed = admin.get(f"/api/projects/{pid}/items").json()["items"]
        first = next(i for i in listed if i["data"]["text"].startswith("Sarcasm"))
        gold = {"result": {"sentiment": "negative"}, "explanations": {}, "set": "honeypot"}
        admin.put(f"/api/items/{first['id']}/gold", json=gold).raise_for_status()
    manager = new_page()
    manager.goto(f"{server.url}/login")
    login(manager, server)
    manager.wait_for_url(re.compile(r"/$"))
    manager.goto(f"{server.url}/projects/{pid}/team")
    table = manager.get_by_test_id("team-table")
    table.get_by_role("button", name="asker@example.org").click()
    manager.get_by_test_id("accuracy-chart").wait_for()
    manager.get_by_test_id("confusion-sentiment").wait_for()
