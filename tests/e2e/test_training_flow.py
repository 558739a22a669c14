"""Annotator training in a real browser against a real server: a manager sets the project's
training up in Settings (a value the server refuses shows its message under the field); a new
annotator is sent from labeling to training, practises (sees the score, the diff against the
reference and the explanation, retries), reaches the practice target, fails the exam, takes it
again at once (cool-down 0), passes and reaches production labeling.

Items and their gold come with the import (rows with a ``gold`` key); the guideline is not
published here (the guideline pages have their own tests), so the path starts at practice.
"""

from __future__ import annotations

import re
from contextlib import closing
from typing import Any

import pytest
from sqlalchemy import select

from goldlabel.db.models import Pause, User
from tests.e2e.conftest import Server, answer_exam, api_client, cli, login, server_db

pytestmark = pytest.mark.e2e

SCHEMA = {
    "fields": {"text": "text"},
    "controls": [
        {"name": "sentiment", "type": "choices", "field": "text", "options": ["positive", "negative"]},
        {"name": "entities", "type": "spans", "field": "text", "labels": ["PER", "LOC"]},
    ],
}
PRACTICE_TEXT = "Ada Lovelace loved the engine."
# exam item text -> the right sentiment (no entities in them: the empty answer is right)
EXAM = {"What a lovely day.": "positive", "The train was late again.": "negative"}
PRODUCTION = ["Production item one.", "Production item two."]
EXPLANATION = "Loving something is positive; Ada Lovelace is a person (PER)."


def _rows() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [
        {
            "data": {"text": PRACTICE_TEXT},
            "gold": {
                "set": "practice",
                "result": {
                    "sentiment": "positive",
                    "entities": [{"start": 0, "end": 12, "label": "PER", "text": "Ada Lovelace"}],
                },
                "explanations": {"sentiment": EXPLANATION},
            },
        }
    ]
    for text, sentiment in EXAM.items():
        rows.append(
            {
                "data": {"text": text},
                "gold": {"set": "exam", "result": {"sentiment": sentiment, "entities": []}},
            }
        )
    rows += [{"text": t} for t in PRODUCTION]
    return rows


def test_practice_exam_and_production(new_page, server: Server) -> None:  # type: ignore[no-untyped-def]
    cli(
        "user", "create", "trainee@example.org", "--password-stdin",
        data_dir=server.data_dir, input="trainee-pass-1\n",
    )  # fmt: skip
    with closing(api_client(server)) as admin:
        r = admin.post("/api/projects", json={"name": "Training E2E", "schema": SCHEMA})
        r.raise_for_status()
        pid = int(r.json()["id"])
        admin.post(f"/api/projects/{pid}/items", json=_rows()).raise_for_status()
        admin.post(
            f"/api/projects/{pid}/members", json={"email": "trainee@example.org", "role": "annotator"}
        ).raise_for_status()
    with closing(api_client(server, "trainee@example.org", "trainee-pass-1")) as trainee:
        invitation = next(i for i in trainee.get("/api/invitations").json() if i["project_id"] == pid)
        trainee.post(f"/api/invitations/{invitation['id']}/accept").raise_for_status()

    # the manager sets training up in Settings; the server's refusal shows under its field
    manager = new_page()
    manager.goto(f"{server.url}/projects/{pid}/settings")
    manager.wait_for_url(re.compile(r"/login"))
    login(manager, server)
    form = manager.get_by_role("form", name="Training")
    form.wait_for()
    form.get_by_label("Require certification before labeling").check()
    form.get_by_label("Items answered").fill("1")
    form.get_by_label("Mean accuracy (%)").fill("30")
    form.get_by_label("Items per attempt").fill("2")
    form.get_by_label("Pass mark (%)").fill("150")
    form.get_by_label("Cool-down between attempts").fill("0")
    form.get_by_role("button", name="Save training settings").click()
    form.get_by_role("alert").filter(has_text="training.exam.pass_mark").wait_for()
    assert form.get_by_label("Pass mark (%)").get_attribute("aria-invalid") == "true"
    form.get_by_label("Pass mark (%)").fill("80")
    form.get_by_role("button", name="Save training settings").click()
    form.get_by_role("status").filter(has_text="Training settings saved.").wait_for()
    with closing(api_client(server)) as admin:
        training = admin.get(f"/api/projects/{pid}").json()["training"]
    assert training["require_certification"] is True
    assert training["exam"] == {**training["exam"], "items": 2, "pass_mark": 0.8, "cooldown_minutes": 0}
    assert training["practice_target"] == {"items": 1, "accuracy": 0.3}

    # the annotator: labeling sends them to training instead of an error
    page = new_page()
    page.goto(f"{server.url}/projects/{pid}/label")
    page.wait_for_url(re.compile(r"/login"))
    login(page, server, "trainee@example.org", "trainee-pass-1")
    refusal = page.locator('.training-refusal[data-code="certification_required"]')
    refusal.wait_for()
    refusal.get_by_role("link", name="Start practice").wait_for()
    page.goto(f"{server.url}/")
    page.get_by_test_id(f"training-{pid}").filter(has_text="Practice: Start practice").wait_for()
    page.goto(f"{server.url}/projects/{pid}")
    card = page.get_by_role("region", name="Your training")
    card.locator('[aria-current="step"]').filter(has_text="Practice").wait_for()
    card.get_by_role("link", name="Start practice").click()

    # practice: a wrong sentiment and no span → the score, the diff and the explanation
    page.wait_for_url(re.compile(r"/practice$"))
    page.locator(".spans [data-text-root]").filter(has_text=PRACTICE_TEXT).wait_for()
    page.get_by_role("radio", name="negative").click()
    page.get_by_role("button", name="Check my answer").click()
    score = page.get_by_test_id("practice-score")
    score.wait_for()
    assert score.inner_text().startswith("0%") or "Not yet" in score.inner_text()
    sentiment = page.locator('.answer-card[data-control="sentiment"]')
    assert sentiment.locator('[data-option="negative"]').get_attribute("data-status") == "wrong"
    assert sentiment.locator('[data-option="positive"]').get_attribute("data-status") == "missed"
    sentiment.get_by_text(EXPLANATION).wait_for()
    entities = page.locator('.answer-card[data-control="entities"]')
    entities.locator('li[data-kind="missed"]').filter(has_text="Ada Lovelace").wait_for()
    page.get_by_label("Reference").check()
    assert sentiment.locator('[data-option="positive"]').get_attribute("aria-checked") == "true"
    href = page.get_by_role("link", name=re.compile("Read the guideline")).get_attribute("href")
    assert href and href.startswith(f"/projects/{pid}/guideline")

    # retry: the right sentiment (still no span) is enough for the 30% target
    page.get_by_role("button", name="Retry this item").click()
    page.get_by_role("radio", name="positive").click()
    page.get_by_role("button", name="Check my answer").click()
    page.get_by_test_id("practice-score").filter(has_text="50%").wait_for()
    reached = page.locator(".target-reached")
    reached.wait_for()
    reached.get_by_role("link", name="Take the exam").click()

    # the exam, failed: no feedback on the way, a report per control at the end
    page.wait_for_url(re.compile(r"/exam$"))
    page.get_by_test_id("exam-attempts").filter(has_text="3 of 3 attempts left").wait_for()
    page.get_by_role("button", name="Start the exam").click()
    answer_exam(page, EXAM, right=False)
    verdict = page.get_by_test_id("exam-verdict")
    verdict.filter(has_text="Not passed").wait_for()
    assert "reference" not in page.locator(".exam-report").inner_text().lower()
    page.get_by_role("table", name="Scores per control").locator('tr[data-control="sentiment"]').wait_for()
    page.get_by_text("2 attempts left").wait_for()

    # cool-down 0: the next attempt opens at once; this time it passes
    page.get_by_role("link", name="Take the exam").click()
    page.get_by_role("button", name="Start the exam").click()
    answer_exam(page, EXAM, right=True)
    page.get_by_test_id("exam-verdict").filter(has_text="Passed").wait_for()

    # production labeling
    page.get_by_role("link", name="Start labeling").click()
    page.wait_for_url(re.compile(r"/label$"))
    text = page.locator(".spans [data-text-root]")
    text.wait_for()
    assert text.inner_text() in PRODUCTION
    with closing(api_client(server, "trainee@example.org", "trainee-pass-1")) as trainee:
        me = trainee.get(f"/api/projects/{pid}/training/me").json()
    assert me["step"] == "production" and me["certified"] is True

    # a pause (what a run of wrong honeypot answers leaves; written here as the monitoring
    # would): labeling sends the annotator to the refresher, which says what it focuses on
    _pause(server, pid, "trainee@example.org")
    page.reload()
    paused = page.locator('.training-refusal[data-code="paused"]')
    paused.filter(has_text=REASON).wait_for()
    paused.get_by_role("link", name="Start the refresher practice").click()
    page.wait_for_url(re.compile(r"/practice$"))
    page.get_by_text("Refresher practice").wait_for()
    page.get_by_role("status").filter(has_text="focuses on positive").wait_for()
    page.goto(f"{server.url}/projects/{pid}")
    card = page.get_by_role("region", name="Your training")
    card.get_by_role("alert").filter(has_text=REASON).wait_for()
    card.get_by_role("link", name="Start the refresher practice").wait_for()

    # the manager sees the pause in Settings and lifts it; the annotator labels again
    manager.goto(f"{server.url}/projects/{pid}/settings")
    row = (
        manager.get_by_role("table", name="Paused annotators")
        .locator("tr")
        .filter(has_text="trainee@example.org")
    )
    row.filter(has_text=REASON).wait_for()
    row.filter(has_text="positive").wait_for()
    manager.once("dialog", lambda d: d.accept())
    row.get_by_role("button", name="Lift pause").click()
    manager.get_by_text("Nobody is paused.").wait_for()
    page.goto(f"{server.url}/projects/{pid}/label")
    page.locator(".spans [data-text-root]").wait_for()


REASON = "Your accuracy on sentiment check items fell to 0% over the last 2."


def _pause(server: Server, project_id: int, email: str) -> None:
    with server_db(server) as db:
        user = db.scalars(select(User.id).where(User.email == email)).one()
        db.add(
            Pause(
                project_id=project_id,
                user_id=user,
                reason=REASON,
                control="sentiment",
                accuracy=0.0,
                focus_labels=["positive"],
            )
        )
