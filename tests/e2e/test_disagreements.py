"""From disagreement to guidelines in a real browser: three annotators split between positive
and negative on the same items; a reviewer sees that pair as the top case on the Disagreements
tab and asks it as a question in one step; a manager turns it into a guideline example in one
step, and the example is in the guideline draft."""

from __future__ import annotations

import re
from contextlib import closing

import pytest

from tests.e2e.conftest import Server, api_client, cli, login

pytestmark = pytest.mark.e2e

SCHEMA = {
    "fields": {"text": "text"},
    "controls": [
        {
            "name": "sentiment",
            "type": "choices",
            "field": "text",
            "options": ["positive", "negative", "neutral"],
        }
    ],
    "overlap": 3,
}
PASSWORD = "member-pass-123"
TEXTS = ["Great, just great.", "Oh sure, lovely weather.", "What a day.", "A calm day."]
# positive/negative split on the first three items, each time by someone else; all agree on the last.
ANSWERS = {
    "a": ["positive", "positive", "negative", "neutral"],
    "b": ["positive", "negative", "positive", "neutral"],
    "c": ["negative", "positive", "positive", "neutral"],
}


def _member(server: Server, pid: int, email: str, role: str) -> None:
    cli("user", "create", email, "--password-stdin", data_dir=server.data_dir, input=f"{PASSWORD}\n")
    with closing(api_client(server)) as admin:
        admin.post(f"/api/projects/{pid}/members", json={"email": email, "role": role}).raise_for_status()
    with closing(api_client(server, email, PASSWORD)) as member:
        for invitation in member.get("/api/invitations").json():
            member.post(f"/api/invitations/{invitation['id']}/accept").raise_for_status()


def test_top_case_becomes_a_question_and_an_example(new_page, server: Server) -> None:  # type: ignore[no-untyped-def]
    with closing(api_client(server)) as admin:
        r = admin.post("/api/projects", json={"name": "Disagreements", "schema": SCHEMA})
        r.raise_for_status()
        pid = r.json()["id"]
        admin.post(
            f"/api/projects/{pid}/items", json=[{"data": {"text": t}} for t in TEXTS]
        ).raise_for_status()
        listed = admin.get(f"/api/projects/{pid}/items?page_size=50").json()["items"]
        ids = {i["data"]["text"]: i["id"] for i in listed}
        draft = {"markdown": "# Sentiment\n\n## Sarcasm\n\nSarcasm is negative.\n"}
        admin.put(f"/api/projects/{pid}/guideline/draft", json=draft).raise_for_status()
    for name, labels in ANSWERS.items():
        email = f"{name}@example.org"
        _member(server, pid, email, "manager")  # managers answer any item without the queue
        with closing(api_client(server, email, PASSWORD)) as person:
            for text, label in zip(TEXTS, labels, strict=True):
                body = {"result": {"sentiment": label}, "status": "submitted", "lead_time_ms": 1000}
                person.post(f"/api/items/{ids[text]}/annotations", json=body).raise_for_status()
    _member(server, pid, "rev@example.org", "reviewer")

    reviewer = new_page()
    reviewer.goto(f"{server.url}/login")
    login(reviewer, server, "rev@example.org", PASSWORD)
    reviewer.wait_for_url(re.compile(r"/$"))
    reviewer.goto(f"{server.url}/projects/{pid}/disagreements")
    cases = reviewer.get_by_test_id("case-list")
    top = cases.locator("li.case").first
    top.get_by_text("sentiment: positive ↔ negative").wait_for()
    top.get_by_text("3 items · 3 annotators").wait_for()
    assert (
        top.get_by_role("button", name="Make guideline example").count() == 0
    )  # the guideline is the managers'
    top.get_by_role("button", name="Show items and answers").click()
    top.get_by_role("region", name="Answer of c@example.org").first.wait_for()
    top.get_by_role("button", name="Ask as question").click()
    dialog = reviewer.get_by_role("alertdialog", name="Ask as question")
    assert "“positive” and “negative”" in dialog.get_by_label("Question").input_value()
    dialog.get_by_role("button", name="Ask").click()
    reviewer.get_by_role("status").filter(has_text=re.compile(r"Asked as question #\d+")).wait_for()
    top.get_by_text(re.compile(r"Asked as question #\d+ on")).wait_for()  # the case lists what it became

    manager = new_page()
    manager.goto(f"{server.url}/login")
    login(manager, server)
    manager.wait_for_url(re.compile(r"/$"))
    manager.goto(f"{server.url}/projects/{pid}/disagreements")
    top = manager.get_by_test_id("case-list").locator("li.case").first
    top.get_by_text("sentiment: positive ↔ negative").wait_for()
    top.get_by_role("button", name="Make guideline example").click()
    dialog = manager.get_by_role("alertdialog", name="Make guideline example")
    dialog.get_by_label("Section").select_option("sarcasm")
    dialog.get_by_label("negative", exact=True).check()
    dialog.get_by_role("button", name="Add to the guideline draft").click()
    manager.get_by_role("status").filter(has_text="Added to the guideline draft as an example").wait_for()
    top.get_by_text(re.compile(r"Made a guideline example \(item \d+\)")).wait_for()

    with closing(api_client(server)) as admin:
        examples = admin.get(f"/api/projects/{pid}/guideline/draft").json()["examples"]
        questions = admin.get(f"/api/projects/{pid}/questions", params={"status": "open"}).json()
    assert len(examples) == 1 and examples[0]["section"] == "sarcasm"
    assert examples[0]["reference"]["sentiment"] == "negative" and examples[0]["label"] == "negative"
    assert examples[0]["data"]["text"] in TEXTS[:3]
    assert [q["asker"] for q in questions] == ["rev@example.org"]
