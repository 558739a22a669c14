"""A live workshop in real browsers: a trainer (reviewer) and two trainees, each in their own
browser context. The trainer starts a workshop on the practice set; the trainees join from the
Workshops tab and answer; the trainer sees the distribution update live (pushed, no reload);
trainees see no reference until the trainer reveals, then the reference's explanation and their
score; the trainer makes a question of the split item and moves everyone to the next item.
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
        {
            "name": "sentiment",
            "type": "choices",
            "field": "text",
            "options": ["positive", "negative"],
            "required": True,
        }
    ],
}
PASSWORD = "member-pass-123"
WHY = "Meeting an old friend is a happy event."


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


def test_trainer_and_two_trainees_run_a_live_workshop(new_page, server: Server) -> None:  # type: ignore[no-untyped-def]
    with closing(api_client(server)) as admin:
        pid = (
            admin.post("/api/projects", json={"name": "Workshop", "schema": SCHEMA})
            .raise_for_status()
            .json()["id"]
        )
        texts = ["I met an old friend today.", "The train was late again."]
        rows = [{"id": f"w{i}", "data": {"text": t}} for i, t in enumerate(texts)]
        admin.post(f"/api/projects/{pid}/items", json=rows).raise_for_status()
        items = admin.get(f"/api/projects/{pid}/items").json()["items"]
        by_text = {i["data"]["text"]: i["id"] for i in items}
        for text, label in zip(texts, ["positive", "negative"], strict=True):
            gold = {"result": {"sentiment": label}, "explanations": {"sentiment": WHY}, "set": "practice"}
            admin.put(f"/api/items/{by_text[text]}/gold", json=gold).raise_for_status()
    _member(server, pid, "trainer@example.org", "reviewer")
    _member(server, pid, "ann1@example.org", "annotator")
    _member(server, pid, "ann2@example.org", "annotator")

    trainer = _signed_in(new_page, server, "trainer@example.org")
    trainer.goto(f"{server.url}/projects/{pid}/workshops")
    form = trainer.get_by_role("form", name="New workshop")
    form.get_by_label("Title").fill("Sentiment basics")
    form.get_by_role("button", name="Start workshop").click()
    trainer.wait_for_url(re.compile(r"/workshops/\d+$"))
    trainer.get_by_text("I met an old friend today.").first.wait_for()
    trainer.get_by_test_id("workshop-live").filter(has_text="live").wait_for()
    counts = trainer.get_by_test_id("workshop-counts")

    trainees = []
    for email in ("ann1@example.org", "ann2@example.org"):
        page = _signed_in(new_page, server, email)
        page.goto(f"{server.url}/projects/{pid}/workshops")
        page.get_by_role("button", name="Join").click()
        page.wait_for_url(re.compile(r"/workshops/\d+$"))
        page.get_by_text("I met an old friend today.").wait_for()
        trainees.append(page)
    counts.filter(has_text="0 of 2 answered").wait_for()  # both joins pushed to the trainer

    one, two = trainees
    one.get_by_role("radio", name=re.compile("positive")).click()
    one.get_by_role("button", name="Send answer").click()
    one.get_by_test_id("answer-sent").wait_for()
    counts.filter(has_text="1 of 2 answered").wait_for()
    trainer.get_by_test_id("count-sentiment-positive").filter(has_text="1").wait_for()
    two.get_by_role("radio", name=re.compile("negative")).click()
    two.get_by_role("button", name="Send answer").click()
    counts.filter(has_text="2 of 2 answered").wait_for()
    trainer.get_by_test_id("count-sentiment-negative").filter(has_text="1").wait_for()
    # Before the reveal a trainee sees neither the explanation nor anyone else's answer.
    assert WHY not in two.locator("body").inner_text()
    assert two.get_by_test_id("count-sentiment-positive").count() == 0

    trainer.get_by_role("button", name="Reveal").click()
    for page, score in ((one, "100%"), (two, "0%")):
        page.get_by_test_id("workshop-score").filter(has_text=score).wait_for()
        page.get_by_text(WHY).first.wait_for()
        page.get_by_test_id("count-sentiment-negative").filter(has_text="1").wait_for()

    # Results are kept per trainee and item: the trainer's report so far.
    trainer.get_by_role("button", name="Report so far").click()
    so_far = trainer.get_by_test_id("workshop-report")
    so_far.filter(has_text="ann1@example.org").wait_for()
    assert "100%" in so_far.inner_text() and "0%" in so_far.inner_text()
    trainer.get_by_role("button", name="Report so far").click()  # hidden again

    # The split item becomes a question in one step.
    trainer.get_by_role("button", name="Make a question").click()
    trainer.get_by_role("button", name="Add to the questions").click()
    trainer.get_by_text("Question added to the queue").wait_for()
    with closing(api_client(server)) as admin:
        asked = admin.get(f"/api/projects/{pid}/questions").json()
    assert [q["item_id"] for q in asked] == [by_text["I met an old friend today."]]

    trainer.get_by_role("button", name="Next item").click()
    for page in (trainer, one, two):
        page.get_by_test_id("workshop-position").filter(has_text="Item 2 of 2").wait_for()
        page.get_by_text("The train was late again.").first.wait_for()
    assert WHY not in one.locator("body").inner_text()
    one.get_by_role("button", name="Send answer").wait_for()

    trainer.get_by_role("button", name="Close workshop").click()
    report = one.get_by_test_id("workshop-report")
    report.wait_for()
    assert "100%" in report.inner_text() and "ann2" not in report.inner_text()
    trainer.get_by_test_id("workshop-report").filter(has_text="ann2@example.org").wait_for()
