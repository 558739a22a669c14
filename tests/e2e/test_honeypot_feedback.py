"""Feedback after a honeypot on the labeling page, in a real browser: with the project's
``honeypot_feedback`` on, submitting a honeypot shows the score, the answer against the
reference and the explanation, and Continue brings the next item; a production item's submit
moves on at once."""

from __future__ import annotations

import re
from contextlib import closing
from datetime import datetime

import pytest
from sqlalchemy import select

from goldlabel.db.engine import Database
from goldlabel.db.models import Assignment, AssignmentStatus, User
from tests.e2e.conftest import Server, cli, login
from tests.e2e.test_labeling_keys import api_client

pytestmark = pytest.mark.e2e

SCHEMA = {
    "fields": {"text": "text"},
    "controls": [
        {"name": "sentiment", "type": "choices", "field": "text", "options": ["positive", "negative"]}
    ],
}
HONEYPOT = "A honeypot about a lovely day."
PRODUCTION = ["Production one.", "Production two."]
EXPLANATION = "A lovely day is a positive thing."
EMAIL, PASSWORD = "hpfeedback@example.org", "hpfeedback-pass-1"


def _serve(server: Server, project_id: int, item_id: int, email: str = EMAIL) -> None:
    """What the queue does when it draws a honeypot: a lock for the annotator (``next`` gives it back)."""
    database = Database(f"sqlite:///{server.data_dir / 'goldlabel.sqlite3'}")
    try:
        with database.session(write=True) as db:
            user = db.scalars(select(User.id).where(User.email == email)).one()
            db.add(
                Assignment(
                    project_id=project_id,
                    item_id=item_id,
                    user_id=user,
                    status=AssignmentStatus.LOCKED,
                    expires_at=datetime(2100, 1, 1),
                )
            )
    finally:
        database.engine.dispose()


def test_honeypot_feedback_then_continue(new_page, server: Server) -> None:  # type: ignore[no-untyped-def]
    cli("user", "create", EMAIL, "--password-stdin", data_dir=server.data_dir, input=f"{PASSWORD}\n")
    rows = [
        {
            "data": {"text": HONEYPOT},
            "gold": {
                "set": "honeypot",
                "result": {"sentiment": "positive"},
                "explanations": {"sentiment": EXPLANATION},
            },
        },
        *({"text": t} for t in PRODUCTION),
    ]
    with closing(api_client(server)) as admin:
        r = admin.post("/api/projects", json={"name": "Honeypot feedback E2E", "schema": SCHEMA})
        r.raise_for_status()
        pid = int(r.json()["id"])
        admin.post(f"/api/projects/{pid}/items", json=rows).raise_for_status()
        admin.patch(f"/api/projects/{pid}", json={"training": {"honeypot_feedback": True}}).raise_for_status()
        admin.post(
            f"/api/projects/{pid}/members", json={"email": EMAIL, "role": "annotator"}
        ).raise_for_status()
        pots = admin.get(f"/api/projects/{pid}/items", params={"gold": "honeypot"}).json()["items"]
    with closing(api_client(server, EMAIL, PASSWORD)) as annotator:
        invitation = next(i for i in annotator.get("/api/invitations").json() if i["project_id"] == pid)
        annotator.post(f"/api/invitations/{invitation['id']}/accept").raise_for_status()
    _serve(server, pid, int(pots[0]["id"]))

    page = new_page()
    page.goto(f"{server.url}/projects/{pid}/label")
    page.wait_for_url(re.compile(r"/login"))
    login(page, server, EMAIL, PASSWORD)
    page.get_by_text(HONEYPOT).wait_for()
    page.get_by_role("radio", name="negative").click()
    page.get_by_role("button", name=re.compile("^Submit")).click()

    feedback = page.get_by_role("region", name="Feedback on your answer")
    feedback.get_by_text(EXPLANATION).wait_for()
    assert "Not yet" in page.get_by_test_id("practice-score").inner_text()
    sentiment = page.locator('.answer-card[data-control="sentiment"]')
    assert sentiment.locator('[data-option="negative"]').get_attribute("data-status") == "wrong"
    assert sentiment.locator('[data-option="positive"]').get_attribute("data-status") == "missed"
    assert page.get_by_role("button", name="Retry this item").count() == 0
    page.get_by_role("button", name="Continue").click()

    # production: the submit moves on at once, no feedback
    shown = page.get_by_text(re.compile(r"Production (one|two)\.")).first
    shown.wait_for()
    first = next(t for t in PRODUCTION if t in shown.inner_text())
    page.get_by_role("radio", name="positive").click()
    page.get_by_role("button", name=re.compile("^Submit")).click()
    other = ({*PRODUCTION} - {first}).pop()
    page.get_by_text(other).wait_for()
    assert page.get_by_test_id("practice-score").count() == 0
    assert page.get_by_role("button", name="Continue").count() == 0
