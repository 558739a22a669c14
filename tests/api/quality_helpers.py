"""Helpers for the quality API tests: a team of labellers posting answers straight to items."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from tests.api.conftest import Api, add_member


def make_project(
    manager: Api, schema: dict[str, Any], items: Sequence[dict[str, Any]]
) -> tuple[int, list[int]]:
    """A project with ``items`` (data dicts); returns its id and the item ids in order."""
    r = manager.post("/api/projects", json={"name": "Quality", "schema": schema})
    assert r.status_code == 201, r.text
    pid = int(r.json()["id"])
    assert manager.post(f"/api/projects/{pid}/items", json=[{"data": d} for d in items]).status_code == 201
    listed = manager.get(f"/api/projects/{pid}/items?page_size=500").json()["items"]
    return pid, [i["id"] for i in listed]  # import order (the listing is in queue order)


def team(client_for: Callable[..., Api], manager: Api, pid: int, names: Sequence[str]) -> dict[str, Api]:
    """Labellers with the manager role, so each may answer any item without the queue."""
    clients = {}
    for name in names:
        email = f"{name}@example.com"
        clients[name] = client_for(email)
        add_member(manager, pid, email, "manager")
    return clients


def submit(api: Api, item_id: int, result: dict[str, Any], lead_time_ms: int = 1000) -> dict[str, Any]:
    r = api.post(
        f"/api/items/{item_id}/annotations",
        json={"result": result, "status": "submitted", "lead_time_ms": lead_time_ms},
    )
    assert r.status_code == 201, r.text
    return dict(r.json())


def cards(manager: Api, pid: int) -> dict[str, dict[str, Any]]:
    r = manager.get(f"/api/projects/{pid}/annotators")
    assert r.status_code == 200, r.text
    return {c["annotator"].split("@")[0]: c["controls"] for c in r.json()}


def consensus_by_item(manager: Api, pid: int) -> dict[int, dict[str, Any]]:
    r = manager.get(f"/api/projects/{pid}/consensus?page_size=500")
    assert r.status_code == 200, r.text
    return {i["item_id"]: i["controls"] for i in r.json()["items"]}
