"""Setup for the workshop tests: a project with gold items, a trainer and trainees (through
HTTP, except accepting invitations, which the conftest helper does through the service)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from goldlabel.db.engine import Database
from tests.api.conftest import Api, add_member
from tests.api.training_helpers import gold_item

REFERENCE = {"sentiment": "positive", "entities": [{"id": "e1", "start": 0, "end": 12, "label": "PER"}]}
EXPLANATIONS = {"sentiment": "Meeting a friend is a happy event.", "entities": "Ada is a person."}
SECOND = {"sentiment": "negative"}


@dataclass
class Room:
    project_id: int
    items: list[int]
    manager: Api
    trainer: Api
    trainees: list[Api]


def room(
    client_for: Any, manager: Api, project: dict[str, Any], database: Database, trainees: int = 2
) -> Room:
    pid = project["id"]
    items = [
        gold_item(manager, database, pid, "practice", REFERENCE, explanations=EXPLANATIONS),
        gold_item(manager, database, pid, "practice", SECOND, text="The train was late again."),
    ]
    trainer = client_for("trainer@example.com")
    add_member(manager, pid, "trainer@example.com", "reviewer")
    people = []
    for n in range(trainees):
        email = f"trainee{n}@example.com"
        people.append(client_for(email))
        add_member(manager, pid, email, "annotator")
    return Room(project_id=pid, items=items, manager=manager, trainer=trainer, trainees=people)


def open_workshop(r: Room, **body: Any) -> dict[str, Any]:
    payload = {"title": "Sentiment basics", "item_ids": r.items, **body}
    res = r.trainer.post(f"/api/projects/{r.project_id}/workshops", json=payload)
    assert res.status_code == 201, res.text
    return dict(res.json())
