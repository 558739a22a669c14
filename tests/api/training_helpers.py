"""Setup for the training tests: gold items, guideline versions, acknowledgements and served
honeypots written straight to the database (the routes that make them belong to other areas:
gold, guidelines, honeypots in the queue; the tests here exercise the training routes)."""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

from sqlalchemy import select

from goldlabel.db.engine import Database
from goldlabel.db.models import (
    Assignment,
    AssignmentStatus,
    Item,
    User,
)
from tests.api.conftest import Api, add_member

TEXT = "Ada Lovelace met Charles Babbage in London."
_numbers = itertools.count()


def gold_item(
    manager: Api,
    database: Database,
    project_id: int,
    gold_set: str,
    result: dict[str, Any],
    *,
    text: str = TEXT,
    explanations: dict[str, str] | None = None,
) -> int:
    """An item imported and marked gold through HTTP (``PUT /api/items/{id}/gold``)."""
    external = f"gold-{next(_numbers)}"
    r = manager.post(f"/api/projects/{project_id}/items", json=[{"id": external, "data": {"text": text}}])
    assert r.status_code == 201, r.text
    with database.session() as db:
        item_id = int(
            db.scalars(
                select(Item.id).where(Item.project_id == project_id, Item.external_id == external)
            ).one()
        )
    gold = {"result": result, "explanations": explanations or {}, "set": gold_set}
    r = manager.put(f"/api/items/{item_id}/gold", json=gold)
    assert r.status_code == 200, r.text
    return item_id


def publish(manager: Api, project_id: int, level: str = "major", markdown: str = "# Rules\n") -> int:
    """Write the draft and publish it (``PUT …/guideline/draft``, ``POST …/guideline/publish``);
    each call adds a line so that the draft differs from the last version."""
    markdown = f"{markdown}\n<!-- {next(_numbers)} -->\n"
    r = manager.put(f"/api/projects/{project_id}/guideline/draft", json={"markdown": markdown})
    assert r.status_code == 200, r.text
    r = manager.post(f"/api/projects/{project_id}/guideline/publish", json={"level": level, "note": ""})
    assert r.status_code == 201, r.text
    return int(r.json()["version"]["id"])


def acknowledge(api: Api, project_id: int, version_id: int) -> None:
    r = api.post(f"/api/projects/{project_id}/guideline/acknowledge", json={"version": version_id})
    assert r.status_code == 200, r.text


def example(manager: Api, project_id: int, item_id: int, section: str, control: str, label: str) -> None:
    body = {"kind": "example", "section": section, "control": control, "label": label}
    r = manager.put(f"/api/projects/{project_id}/guideline/examples/{item_id}", json=body)
    assert r.status_code == 200, r.text


def serve(database: Database, project_id: int, email: str, item_id: int) -> None:
    """What the queue does when it serves an item: a lock for the user."""
    with database.session(write=True) as db:
        user_id = db.scalars(select(User.id).where(User.email == email)).one()
        db.add(
            Assignment(
                project_id=project_id,
                item_id=item_id,
                user_id=user_id,
                status=AssignmentStatus.LOCKED,
                expires_at=datetime(2100, 1, 1),
            )
        )


def user_id(database: Database, email: str) -> int:
    with database.session() as db:
        return int(db.scalars(select(User.id).where(User.email == email)).one())


def annotator(client_for: Any, manager: Api, project_id: int, email: str = "ann@example.com") -> Api:
    api = client_for(email)
    add_member(manager, project_id, email, "annotator")
    return api


def configure(manager: Api, project_id: int, **training: Any) -> dict[str, Any]:
    r = manager.patch(f"/api/projects/{project_id}", json={"training": training})
    assert r.status_code == 200, r.text
    settings: dict[str, Any] = r.json()["training"]
    return settings
