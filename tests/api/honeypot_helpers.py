"""Helpers for monitoring tests: a labelled project with gold put on answered items through the
gold route; ``backdate`` moves an annotator's answer in time (straight in the database)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import update

from goldlabel.controls.schema import load_schema
from goldlabel.db.engine import Database
from goldlabel.db.models import Annotation, Project
from tests.api.conftest import Api, add_member, import_texts

N_ITEMS = 12
N_HONEYPOTS = 6
DAY0 = datetime(2026, 11, 1, 9, tzinfo=UTC)


def _index(item: dict[str, Any]) -> int:
    return int(item["data"]["text"].split()[-1])


def truth(i: int) -> str:
    return "positive" if i % 2 == 0 else "negative"


def mark_gold(
    manager: Api, item_id: int, result: dict[str, Any], gold_set: str = "honeypot", explanations: Any = None
) -> None:
    """Gold through the gold route (``PUT /api/items/{id}/gold``), on items already answered."""
    r = manager.put(
        f"/api/items/{item_id}/gold",
        json={"result": result, "explanations": explanations or {}, "set": gold_set},
    )
    assert r.status_code == 200, r.text


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


def label_with_honeypots(
    manager: Api, project: dict[str, Any], client_for: Callable[..., Api], database: Database
) -> dict[str, Any]:
    """Two annotators label all 12 items through the queue; items 0-5 are honeypots whose gold
    says sentiment positive/negative alternately and 4 stars. ``good`` answers like gold;
    ``lazy`` always says positive and 3 stars. Honeypot i was answered on day i // 2."""
    pid = project["id"]
    import_texts(manager, pid, [f"item {i}" for i in range(N_ITEMS)])
    people: dict[str, Any] = {}
    for name in ("good", "lazy"):
        api = client_for(f"{name}@example.com")
        add_member(manager, pid, f"{name}@example.com", "annotator")
        people[name] = api
    ids: dict[int, int] = {}

    def good(item: dict[str, Any]) -> dict[str, Any]:
        ids[_index(item)] = item["id"]
        return {"sentiment": truth(_index(item)), "stars": 4}

    def lazy(item: dict[str, Any]) -> dict[str, Any]:
        return {"sentiment": "positive", "stars": 3}

    label_queue(people["good"], pid, good)
    label_queue(people["lazy"], pid, lazy)
    users = {name: api.get("/api/auth/me").json()["id"] for name, api in people.items()}
    for i in range(N_HONEYPOTS):
        mark_gold(manager, ids[i], {"sentiment": truth(i), "stars": 4})
        for uid in users.values():
            backdate(database, ids[i], uid, DAY0 + timedelta(days=i // 2, minutes=i))
    with database.session() as db:
        controls = list(load_schema(db.get_one(Project, pid).schema).controls)
    return {"pid": pid, "users": users, "controls": controls, "ids": ids, "apis": people}
