"""The whole training path in one browser test, against a real server (issue 8).

A manager writes a guideline with an example and a counterexample and publishes it; marks a
practice item as gold from the item's detail view (the exam and honeypot gold go through the API:
bulk setup); sets training up in Settings → Training (practice target, exam with cool-down 0,
honeypot rate 50%, a pause window of 2 answers under 90%). A new annotator accepts the
invitation, acknowledges the guideline, practises (the diff and the explanation), fails the exam,
passes it at the second attempt, labels production with honeypots mixed in (answering those
wrong on purpose: the test knows them from the manager's API, the page never says), is paused,
sees why on the labeling page and is sent to the refresher practice that names its focus labels.
"""

from __future__ import annotations

import re
from contextlib import closing
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from goldlabel.db.models import Pause
from goldlabel.services import clock
from tests.e2e.conftest import (
    Server,
    add_guideline_example,
    answer_exam,
    api_client,
    cli,
    item_text,
    login,
    server_db,
)

pytestmark = pytest.mark.e2e

SCHEMA = {
    "fields": {"text": "text"},
    "controls": [
        {"name": "sentiment", "type": "choices", "field": "text", "options": ["positive", "negative"]},
    ],
}
GUIDE = """# Sentiment

How does the writer feel?

## positive

The writer is pleased with what they describe.

## negative

The writer is unhappy, even when the words sound polite.
"""
ANNOTATOR = ("whole-path@example.org", "whole-path-pass-1")
EXAMPLE, COUNTEREXAMPLE = "I adore this little lamp", "Thanks so much for nothing"
PRACTICE = "Ada loved the new engine"
EXPLANATION = "Loving something is positive."
EXAM = {"What a lovely day": "positive", "The train was late again": "negative"}
# every honeypot's reference is positive: answered "negative", the refresher focuses on positive
HONEYPOTS = ["Best coffee in town", "A wonderful little film", "Kind and helpful staff"]
PRODUCTION = [f"Production item {n}" for n in range(1, 25)]
PAUSE_WINDOW = 2


def _set_up(server: Server) -> tuple[int, dict[str, int]]:
    """Bulk setup through the API: the project, its items, the exam and honeypot gold, the member."""
    cli("user", "create", ANNOTATOR[0], "--password", ANNOTATOR[1], data_dir=server.data_dir)
    with closing(api_client(server)) as admin:
        pid = int(admin.post("/api/projects", json={"name": "Whole path", "schema": SCHEMA}).json()["id"])
        texts = [EXAMPLE, COUNTEREXAMPLE, PRACTICE, *EXAM, *HONEYPOTS, *PRODUCTION]
        admin.post(f"/api/projects/{pid}/items", json=[{"text": t} for t in texts]).raise_for_status()
        listed = admin.get(f"/api/projects/{pid}/items", params={"page_size": 100}).json()["items"]
        ids = {i["data"]["text"]: int(i["id"]) for i in listed}
        assert len(ids) == len(texts)
        golds = [(t, s, "exam") for t, s in EXAM.items()] + [(t, "positive", "honeypot") for t in HONEYPOTS]
        for text, sentiment, gold_set in golds:
            admin.put(
                f"/api/items/{ids[text]}/gold",
                json={"result": {"sentiment": sentiment}, "explanations": {}, "set": gold_set},
            ).raise_for_status()
        admin.post(
            f"/api/projects/{pid}/members", json={"email": ANNOTATOR[0], "role": "annotator"}
        ).raise_for_status()
    return pid, ids


def _manager_sets_up(manager, server: Server, pid: int, ids: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    # the guideline: a draft, an example and a counterexample, published
    manager.goto(f"{server.url}/projects/{pid}/guideline")
    manager.wait_for_url(re.compile(r"/login"))
    login(manager, server)
    manager.get_by_role("button", name="Edit draft").click()
    manager.get_by_label("Guideline draft").fill(GUIDE)
    manager.get_by_role("button", name="Save draft").click()
    manager.get_by_text("The draft has unpublished changes.").wait_for()
    manager.get_by_role("button", name="Examples").click()
    form = manager.get_by_role("form", name="Add an example")
    add_guideline_example(
        form, ids[EXAMPLE], "Example", "positive", "positive", "Adore is plainly pleased.", None
    )
    manager.locator('[data-example] >> text="Adore is plainly pleased."').first.wait_for()
    add_guideline_example(
        form, ids[COUNTEREXAMPLE], "Counterexample", "negative", "negative", "Sarcasm.", "positive"
    )
    manager.locator('[data-example] >> text="Sarcasm."').first.wait_for()
    manager.get_by_role("button", name="Edit draft").click()
    manager.get_by_label("Change note").fill("first version")
    manager.get_by_role("button", name="Publish", exact=True).click()
    manager.get_by_text("Published version 1.0.").wait_for()

    # the practice item: marked as gold from its detail view, with an explanation
    manager.goto(f"{server.url}/projects/{pid}/items")
    manager.locator(f'tr[data-item="{ids[PRACTICE]}"] td').nth(2).click()
    detail = manager.get_by_role("dialog", name=f"Item {ids[PRACTICE]}")
    detail.get_by_role("button", name="Mark as gold").click()
    editor = detail.get_by_test_id("gold-editor")
    editor.get_by_role("radio", name="positive").click()
    editor.get_by_label("Gold set").select_option("practice")
    editor.get_by_label("Explanation for sentiment").fill(EXPLANATION)
    editor.get_by_role("button", name="Save gold").click()
    detail.get_by_test_id("gold-panel").locator(".badge.gold").filter(has_text="practice").wait_for()
    manager.keyboard.press("Escape")
    detail.wait_for(state="detached")

    # Settings → Training
    manager.goto(f"{server.url}/projects/{pid}/settings")
    form = manager.get_by_role("form", name="Training")
    form.get_by_label("Require certification before labeling").check()
    for label, value in [
        ("Items answered", "1"),
        ("Mean accuracy (%)", "50"),
        ("Items per attempt", "2"),
        ("Pass mark (%)", "80"),
        ("Attempts allowed", "3"),
        ("Cool-down between attempts", "0"),
        ("Honeypot rate (%)", "50"),
        ("Pause window (honeypot answers)", str(PAUSE_WINDOW)),
        ("Pause below accuracy (%)", "90"),
    ]:
        form.get_by_label(label).fill(value)
    form.get_by_role("button", name="Save training settings").click()
    form.get_by_role("status").filter(has_text="Training settings saved.").wait_for()
    with closing(api_client(server)) as admin:
        training = admin.get(f"/api/projects/{pid}").json()["training"]
    assert training["honeypot_rate"] == 0.5
    assert training["pause"] == {"window": PAUSE_WINDOW, "below": 0.9}
    assert training["exam"] == {**training["exam"], "items": 2, "pass_mark": 0.8, "cooldown_minutes": 0}


def _label_until_paused(page, honeypots: set[str]) -> int:  # type: ignore[no-untyped-def]
    """Label production (any answer) and honeypots (the wrong answer) until the pause is
    decided; return how many items were submitted. Honeypots come at random (50%), so the
    number of items varies; 24 production items leave a failure chance near 2**-20."""
    honeypots_answered = 0
    for submitted in range(1, len(PRODUCTION) + len(HONEYPOTS) + 1):
        text = item_text(page)
        shown = page.locator(".item-id").inner_text()
        honeypot = text in honeypots
        assert honeypot or text in PRODUCTION, text
        if honeypot:  # nothing on the page tells
            body = page.locator("body").inner_text().lower()
            assert "honeypot" not in body and "quality check" not in body
        page.get_by_role("radio", name="negative" if honeypot else "positive").click()
        page.get_by_role("button", name=re.compile("^Submit")).click()
        # the next item: a pending pause is not in force yet, labeling goes on (unless the
        # random delay drawn was next to nothing)
        next_item = page.locator(".item-id").filter(has_not_text=re.compile(rf"^{re.escape(shown)}$"))
        done = page.get_by_role("heading", name="No more items")
        next_item.or_(done).or_(page.locator('.training-refusal[data-code="paused"]')).wait_for()
        honeypots_answered += honeypot
        if honeypots_answered == PAUSE_WINDOW:
            return submitted
    pytest.fail(f"only {honeypots_answered} honeypots were served")


def test_the_whole_training_path(new_page, server: Server) -> None:  # type: ignore[no-untyped-def]
    pid, ids = _set_up(server)
    manager = new_page()
    _manager_sets_up(manager, server, pid, ids)

    # the annotator accepts the invitation and acknowledges the guideline
    page = new_page()
    page.goto(f"{server.url}/login")
    login(page, server, *ANNOTATOR)
    page.get_by_role("region", name="Invitations").get_by_role("button", name="Accept").click()
    page.wait_for_url(re.compile(rf"/projects/{pid}$"))
    card = page.get_by_role("region", name="Your training")
    card.locator('[aria-current="step"]').filter(has_text="Guideline").wait_for()
    page.get_by_role("tab", name="Guideline").click()
    counter = page.locator(".guideline-example.counterexample")
    counter.get_by_text("Sarcasm.").wait_for()
    page.get_by_role("button", name=re.compile("Acknowledge")).click()
    page.get_by_role("status").filter(has_text="Acknowledged").wait_for()

    # practice: a wrong answer shows the diff and the explanation; the retry reaches the target
    page.goto(f"{server.url}/projects/{pid}")
    card = page.get_by_role("region", name="Your training")
    card.locator('[aria-current="step"]').filter(has_text="Practice").wait_for()
    card.get_by_role("link", name="Start practice").click()
    page.wait_for_url(re.compile(r"/practice$"))
    assert item_text(page) == PRACTICE
    page.get_by_role("radio", name="negative").click()
    page.get_by_role("button", name="Check my answer").click()
    page.get_by_test_id("practice-score").wait_for()
    sentiment = page.locator('.answer-card[data-control="sentiment"]')
    assert sentiment.locator('[data-option="negative"]').get_attribute("data-status") == "wrong"
    assert sentiment.locator('[data-option="positive"]').get_attribute("data-status") == "missed"
    sentiment.get_by_text(EXPLANATION).wait_for()
    page.get_by_role("button", name="Retry this item").click()
    page.get_by_role("radio", name="positive").click()
    page.get_by_role("button", name="Check my answer").click()
    page.get_by_test_id("practice-score").filter(has_text="100%").wait_for()
    page.locator(".target-reached").get_by_role("link", name="Take the exam").click()

    # the exam: failed, then passed at once (cool-down 0)
    page.wait_for_url(re.compile(r"/exam$"))
    page.get_by_test_id("exam-attempts").filter(has_text="3 of 3 attempts left").wait_for()
    page.get_by_role("button", name="Start the exam").click()
    answer_exam(page, EXAM, right=False)
    page.get_by_test_id("exam-verdict").filter(has_text="Not passed").wait_for()
    page.get_by_role("link", name="Take the exam").click()
    page.get_by_role("button", name="Start the exam").click()
    answer_exam(page, EXAM, right=True)
    page.get_by_test_id("exam-verdict").filter(has_text="Passed").wait_for()

    # production with honeypots mixed in, answered wrong on purpose
    page.get_by_role("link", name="Start labeling").click()
    page.wait_for_url(re.compile(r"/label$"))
    with closing(api_client(server)) as admin:  # the manager's API knows the honeypots
        listed = admin.get(f"/api/projects/{pid}/items", params={"gold": "honeypot"}).json()["items"]
    honeypots = {i["data"]["text"] for i in listed}
    assert honeypots == set(HONEYPOTS)
    _label_until_paused(page, honeypots)
    with closing(api_client(server)) as admin:
        [pause] = admin.get(f"/api/projects/{pid}/pauses").json()
    assert pause["email"] == ANNOTATOR[0] and pause["lifted_at"] is None
    assert pause["control"] == "sentiment" and pause["focus_labels"] == ["positive"]
    starts = datetime.fromisoformat(pause["started_at"].replace("Z", "+00:00"))
    if starts.replace(tzinfo=starts.tzinfo or UTC) > clock.now() + timedelta(seconds=5):
        with closing(api_client(server, *ANNOTATOR)) as annotator:  # not in force yet
            assert annotator.get(f"/api/projects/{pid}/training/me").json()["paused"] is False

    # A decided pause starts a random 0-10 minutes later (services/pauses.py: starting at once
    # would tell the annotator which item was a honeypot). The server runs in its own process,
    # so its generator cannot be swapped: the test moves the pause's start back instead, as if
    # those minutes had passed.
    with server_db(server) as db:
        db.execute(
            update(Pause).where(Pause.id == pause["id"]).values(started_at=clock.now() - timedelta(seconds=1))
        )

    # the annotator is off production: the labeling page says why and leads to the refresher
    page.reload()
    paused = page.locator('.training-refusal[data-code="paused"]')
    paused.filter(has_text="your accuracy on 'sentiment'").wait_for()
    paused.get_by_role("link", name="Start the refresher practice").click()
    page.wait_for_url(re.compile(r"/practice$"))
    page.get_by_text("Refresher practice").wait_for()
    page.get_by_role("status").filter(has_text="focuses on positive").wait_for()
    assert item_text(page) == PRACTICE
