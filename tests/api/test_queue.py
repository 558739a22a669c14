"""The labeling queue: overlap, no repeats, locks with TTL, skip, order."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select, update

from goldlabel.db.engine import Database
from goldlabel.db.models import Assignment, Item
from tests.api.conftest import Api, add_member, import_texts
from tests.api.snapshots import table_contents

SUBMIT = {"result": {"sentiment": "positive"}, "status": "submitted", "lead_time_ms": 1200}


def annotators(client_for: Any, manager: Api, pid: int, n: int) -> list[Api]:
    clients = []
    for i in range(n):
        api = client_for(f"a{i}@example.com")
        add_member(manager, pid, api.email, "annotator")
        clients.append(api)
    return clients


def label_all(api: Api, pid: int) -> list[int]:
    done = []
    while (r := api.get(f"/api/projects/{pid}/next")).status_code == 200:
        item = r.json()
        assert api.post(f"/api/items/{item['id']}/annotations", json=SUBMIT).status_code == 201
        done.append(item["id"])
    assert r.status_code == 204
    return done


def test_overlap_is_honoured_and_nobody_sees_an_item_twice(
    manager: Api, project: dict[str, Any], client_for: Any
) -> None:
    pid = project["id"]
    import_texts(manager, pid, [f"t{i}" for i in range(5)])
    a, b, c = annotators(client_for, manager, pid, 3)
    done_a = label_all(a, pid)
    assert len(done_a) == 5 and len(set(done_a)) == 5
    done_b = label_all(b, pid)
    assert sorted(done_b) == sorted(done_a)
    assert label_all(c, pid) == []  # overlap 2 reached everywhere
    items = manager.get(f"/api/projects/{pid}/items").json()["items"]
    assert [i["annotation_count"] for i in items] == [2] * 5


def test_next_is_sequential_and_returns_the_held_item_again(
    manager: Api, project: dict[str, Any], client_for: Any
) -> None:
    pid = project["id"]
    import_texts(manager, pid, ["first", "second", "third"])
    (a,) = annotators(client_for, manager, pid, 1)
    first = a.get(f"/api/projects/{pid}/next").json()
    assert first["data"] == {"text": "first"} and "meta" not in first
    assert a.get(f"/api/projects/{pid}/next").json()["id"] == first["id"]
    draft = a.post(
        f"/api/items/{first['id']}/annotations", json={"result": {"note": "half done"}, "status": "draft"}
    ).json()
    again = a.get(f"/api/projects/{pid}/next").json()
    assert again["id"] == first["id"] and again["draft"]["id"] == draft["id"]
    assert again["draft"]["result"] == {"note": "half done"}


def test_lock_blocks_the_last_slot_until_it_expires(
    manager: Api, project: dict[str, Any], client_for: Any, database: Any
) -> None:
    pid = project["id"]
    import_texts(manager, pid, ["only"])
    a, b, c = annotators(client_for, manager, pid, 3)
    item = a.get(f"/api/projects/{pid}/next").json()
    assert b.get(f"/api/projects/{pid}/next").json()["id"] == item["id"]
    assert c.get(f"/api/projects/{pid}/next").status_code == 204  # both slots locked
    with database.session(write=True) as db:  # a's lock runs out
        db.execute(
            update(Assignment)
            .where(Assignment.item_id == item["id"], Assignment.status == "locked")
            .values(expires_at=Assignment.created_at)
        )
    assert c.get(f"/api/projects/{pid}/next").json()["id"] == item["id"]


# ---- the web UI's way: a draft saved while holding the lock, submitted later by PATCH ----------


def run_out_locks(database: Database) -> None:
    """Every live lock's time is up (the next ``next`` of anyone sweeps it)."""
    with database.session(write=True) as db:
        db.execute(
            update(Assignment).where(Assignment.status == "locked").values(expires_at=Assignment.created_at)
        )


def save_draft(api: Api, item_id: int) -> dict[str, Any]:
    body = {"result": {"note": "half done"}, "status": "draft"}
    r = api.post(f"/api/items/{item_id}/annotations", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def submit_draft(api: Api, draft: dict[str, Any]) -> Any:
    return api.patch(f"/api/annotations/{draft['id']}", json={**SUBMIT, "version": draft["version"]})


def slots(database: Database, item_id: int) -> tuple[int, bool, int]:
    """(claimed, open, submitted_count) of the item."""
    with database.session() as db:
        query = select(Item.claimed, Item.open, Item.submitted_count).where(Item.id == item_id)
        row = db.execute(query).one()
    return row.claimed, row.open, row.submitted_count


@pytest.mark.parametrize("way", ["draft-then-patch", "direct-post"])
def test_submitting_after_a_lost_lock_is_refused_when_the_item_is_full(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database, way: str
) -> None:
    """The web UI submits the draft it saved while holding the lock (PATCH); a script POSTs."""
    pid = project["id"]
    import_texts(manager, pid, ["only"])
    a, b, c = annotators(client_for, manager, pid, 3)
    item_id = a.get(f"/api/projects/{pid}/next").json()["id"]

    def submit(api: Api, draft: dict[str, Any] | None) -> Any:
        if draft is None:
            return api.post(f"/api/items/{item_id}/annotations", json=SUBMIT)
        return submit_draft(api, draft)

    def draft_of(api: Api) -> dict[str, Any] | None:
        return save_draft(api, item_id) if way == "draft-then-patch" else None

    draft = draft_of(a)
    run_out_locks(database)
    for api in (b, c):  # the first of them sweeps a's lock: its slot goes to b, the other to c
        assert api.get(f"/api/projects/{pid}/next").json()["id"] == item_id
        assert submit(api, draft_of(api)).status_code in (200, 201)
    before = table_contents(database)
    r = submit(a, draft)
    assert r.status_code == 409 and r.json()["detail"]["code"] == "item_full"
    assert "already has its 2" in r.json()["detail"]["message"]
    assert table_contents(database) == before
    assert [x["status"] for x in a.get(f"/api/items/{item_id}/annotations").json()] == (
        ["draft"] if draft else []
    )
    assert slots(database, item_id) == (2, False, 2)


@pytest.mark.parametrize("swept", [True, False], ids=["lock-swept", "lock-not-yet-swept"])
def test_submitting_a_draft_after_a_lost_lock_takes_a_free_slot(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database, swept: bool
) -> None:
    """Swept: a's lock went back to the queue, so the submission claims a free slot anew. Not yet
    swept: the expired lock still holds its slot, and becomes the submission."""
    pid = project["id"]
    import_texts(manager, pid, ["only"])
    a, b, c = annotators(client_for, manager, pid, 3)
    item_id = a.get(f"/api/projects/{pid}/next").json()["id"]
    draft = save_draft(a, item_id)
    run_out_locks(database)
    if swept:
        assert b.get(f"/api/projects/{pid}/next").json()["id"] == item_id
        assert slots(database, item_id) == (1, True, 0)  # b's lock only: a's slot went back
    r = submit_draft(a, draft)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "submitted" and r.json()["version"] == 2
    if not swept:
        assert slots(database, item_id) == (1, True, 1)  # the lock became the submission
        assert b.get(f"/api/projects/{pid}/next").json()["id"] == item_id
    assert slots(database, item_id) == (2, False, 1)  # a's submission and b's lock
    assert c.get(f"/api/projects/{pid}/next").status_code == 204
    with database.session() as db:
        statuses = db.execute(select(Assignment.status).order_by(Assignment.id)).scalars().all()
    assert statuses == ["submitted", "locked"]


def test_skip_frees_the_slot_and_is_not_served_again(
    manager: Api, project: dict[str, Any], client_for: Any
) -> None:
    pid = project["id"]
    import_texts(manager, pid, ["one", "two"])
    a, b, c = annotators(client_for, manager, pid, 3)
    one = a.get(f"/api/projects/{pid}/next").json()
    assert a.post(f"/api/items/{one['id']}/skip", json={"reason": "unreadable"}).status_code == 204
    assert a.get(f"/api/projects/{pid}/next").json()["data"]["text"] == "two"
    assert b.get(f"/api/projects/{pid}/next").json()["id"] == one["id"]
    assert c.get(f"/api/projects/{pid}/next").json()["id"] == one["id"]  # a's slot went back
    assert a.post(f"/api/items/{one['id']}/skip", json={"reason": "again"}).status_code == 409
    assert a.post(f"/api/items/{one['id']}/skip", json={"reason": "x" * 501}).status_code == 422


def test_random_order_serves_every_item_once(manager: Api, client_for: Any) -> None:
    schema = {
        "fields": {"text": "text"},
        "order": "random",
        "overlap": 1,
        "controls": [{"name": "sentiment", "type": "choices", "field": "text", "options": ["positive"]}],
    }
    pid = manager.post("/api/projects", json={"name": "random", "schema": schema}).json()["id"]
    texts = [f"t{i}" for i in range(30)]
    import_texts(manager, pid, texts)
    (a,) = annotators(client_for, manager, pid, 1)
    served = label_all(a, pid)
    assert sorted(served) == sorted(
        i["id"] for i in manager.get(f"/api/projects/{pid}/items").json()["items"]
    )
    assert served != sorted(served)  # 30 items in id order by chance: 1 in 30!


def test_empty_project_gives_204(manager: Api, project: dict[str, Any]) -> None:
    assert manager.get(f"/api/projects/{project['id']}/next").status_code == 204
