"""Helpers for the final-labels tests: a single-choice project, a team that answers items
directly, the background job's round run on demand, and the final labels by item."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from goldlabel.db.engine import Database
from goldlabel.services.final_labels import run_job
from tests.api.conftest import Api, add_member
from tests.api.quality_helpers import make_project, submit

CHOICE_SCHEMA: dict[str, Any] = {
    "fields": {"text": "text"},
    "controls": [
        {"name": "label", "type": "choices", "field": "text", "options": ["a", "b", "c"], "required": True}
    ],
    "overlap": 5,
}


def choice_project(manager: Api, n_items: int, overlap: int = 5) -> tuple[int, list[int]]:
    schema = {**CHOICE_SCHEMA, "overlap": overlap}
    return make_project(manager, schema, [{"text": f"item {i}"} for i in range(n_items)])


def members(
    client_for: Callable[..., Api], manager: Api, pid: int, names: Sequence[str], role: str
) -> dict[str, Api]:
    out = {}
    for name in names:
        email = f"{name}@example.com"
        out[name] = client_for(email)
        add_member(manager, pid, email, role)
    return out


def answer(api: Api, item_id: int, label: str) -> dict[str, Any]:
    return submit(api, item_id, {"label": label})


def settle(database: Database) -> None:
    """One round of the background job, as the loop would run it."""
    run_job(database)


def finals(api: Api, pid: int) -> dict[int, dict[str, Any]]:
    r = api.get(f"/api/projects/{pid}/final?page_size=500")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["total"] == len(body["items"])
    return {i["item_id"]: i for i in body["items"]}


def patch_consensus(manager: Api, pid: int, consensus: dict[str, Any]) -> dict[str, Any]:
    r = manager.patch(f"/api/projects/{pid}", json={"consensus": consensus})
    assert r.status_code == 200, r.text
    return dict(r.json())
