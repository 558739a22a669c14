"""Helpers for monitoring tests: a labelled project and gold written straight to the database.

``mark_gold`` stands in for the gold route (``PUT /api/items/{id}/gold``) where a test needs
gold on items that were already answered; ``backdate`` moves an annotator's answer in time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import update

from goldlabel.db.engine import Database
from goldlabel.db.models import Annotation, Gold, Item
from tests.api.conftest import Api


def mark_gold(database: Database, item_id: int, result: dict[str, Any], gold_set: str = "honeypot") -> None:
    with database.session(write=True) as db:
        item = db.get_one(Item, item_id)
        item.gold_set = gold_set
        db.merge(
            Gold(item_id=item_id, project_id=item.project_id, result=result, explanations={}, source="manual")
        )


def backdate(database: Database, item_id: int, author_id: int, when: datetime) -> None:
    with database.session(write=True) as db:
        db.execute(
            update(Annotation)
            .where(Annotation.item_id == item_id, Annotation.author_id == author_id)
            .values(updated_at=when, created_at=when)
        )


def label_queue(
    api: Api, pid: int, answer: Callable[[dict[str, Any]], dict[str, Any]], lead_time_ms: int = 1000
) -> list[int]:
    """Take items from ``next`` until it has none, submitting ``answer(item)``; the item ids."""
    done = []
    while (r := api.get(f"/api/projects/{pid}/next")).status_code == 200:
        item = r.json()
        s = api.post(
            f"/api/items/{item['id']}/annotations",
            json={"result": answer(item), "status": "submitted", "lead_time_ms": lead_time_ms},
        )
        assert s.status_code == 201, s.text
        done.append(int(item["id"]))
    assert r.status_code == 204, r.text
    return done
