"""Adaptive overlap through the queue: one more annotation only while the answers disagree, up
to the maximum, then adjudication; the consensus overlap's min is the project's overlap; and
per-item priority in the queue order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from goldlabel.db.engine import Database
from goldlabel.db.models import Item
from tests.api.conftest import Api, table_counts
from tests.api.final_helpers import choice_project, finals, members, patch_consensus, settle


def _take(api: Api, pid: int) -> int | None:
    r = api.get(f"/api/projects/{pid}/next")
    if r.status_code == 204:
        return None
    assert r.status_code == 200, r.text
    return int(r.json()["id"])


def _submit(api: Api, item_id: int, label: str) -> None:
    body = {"result": {"label": label}, "status": "submitted", "lead_time_ms": 500}
    r = api.post(f"/api/items/{item_id}/annotations", json=body)
    assert r.status_code == 201, r.text


def _targets(database: Database, pid: int) -> dict[int, tuple[int | None, bool]]:
    with database.session() as db:
        rows = db.execute(select(Item.id, Item.overlap, Item.open).where(Item.project_id == pid))
        return {i: (o, bool(op)) for i, o, op in rows}


def test_one_more_answer_only_on_disagreement_up_to_max_then_adjudication(
    manager: Api, client_for: Callable[..., Api], database: Database
) -> None:
    pid, (calm, torn) = choice_project(manager, 2, overlap=2)
    view = patch_consensus(
        manager, pid, {"method": "majority_vote", "overlap": {"min": 2, "max": 4, "confidence": 0.9}}
    )
    assert view["schema"]["overlap"] == 2
    team = members(client_for, manager, pid, ["p1", "p2", "p3", "p4", "p5"], "annotator")
    says = {calm: ["a", "a"], torn: ["a", "b"]}
    for name in ("p1", "p2"):
        for _ in range(2):
            item = _take(team[name], pid)
            assert item is not None
            _submit(team[name], item, says[item][int(name[1]) - 1])
    assert _take(team["p3"], pid) is None  # both items have their 2 answers
    settle(database)
    assert _targets(database, pid) == {calm: (None, False), torn: (3, True)}
    got = finals(manager, pid)
    assert got[calm]["confidence"] == 1.0 and not got[calm]["needs_adjudication"]
    assert got[torn]["confidence"] == 0.5 and not got[torn]["needs_adjudication"]

    # Only the torn item is asked for again; a third "a" leaves it at 2/3 < 0.9: a fourth.
    assert _take(team["p3"], pid) == torn
    _submit(team["p3"], torn, "a")
    assert _take(team["p4"], pid) is None  # nothing open until the job has judged the answer
    settle(database)
    assert _targets(database, pid)[torn] == (4, True)
    assert _take(team["p4"], pid) == torn
    _submit(team["p4"], torn, "b")
    settle(database)
    # At max and still 2-2: no more answers, an expert decides.
    assert _targets(database, pid)[torn] == (4, False)
    assert _take(team["p5"], pid) is None
    got = finals(manager, pid)
    assert got[torn]["needs_adjudication"] and got[torn]["n_annotations"] == 4
    assert not got[calm]["needs_adjudication"] and got[calm]["n_annotations"] == 2
    queue = manager.get(f"/api/projects/{pid}/adjudication").json()
    assert [i["item_id"] for i in queue["items"]] == [torn] and queue["total"] == 1
    # A lower maximum caps the item's own target.
    patch_consensus(manager, pid, {"overlap": {"min": 2, "max": 3, "confidence": 0.9}})
    assert _targets(database, pid)[torn] == (3, False)


def test_fixed_overlap_never_asks_for_more(
    manager: Api, client_for: Callable[..., Api], database: Database
) -> None:
    pid, (item,) = choice_project(manager, 1, overlap=2)
    patch_consensus(
        manager, pid, {"method": "majority_vote", "overlap": {"min": 2, "max": 2, "confidence": 0.9}}
    )
    team = members(client_for, manager, pid, ["p1", "p2", "p3"], "annotator")
    for name, label in (("p1", "a"), ("p2", "b")):
        assert _take(team[name], pid) == item
        _submit(team[name], item, label)
    settle(database)
    assert _targets(database, pid) == {item: (None, False)}
    assert _take(team["p3"], pid) is None
    assert finals(manager, pid)[item]["needs_adjudication"]


def test_raising_the_consensus_min_reopens_items_and_follows_in_the_project(
    manager: Api, client_for: Callable[..., Api], database: Database
) -> None:
    pid, (item,) = choice_project(manager, 1, overlap=1)
    team = members(client_for, manager, pid, ["p1", "p2"], "annotator")
    assert _take(team["p1"], pid) == item
    _submit(team["p1"], item, "a")
    assert _targets(database, pid) == {item: (None, False)}
    view = patch_consensus(manager, pid, {"overlap": {"min": 2, "max": 3}})
    assert view["schema"]["overlap"] == 2
    assert view["consensus"]["overlap"] == {"min": 2, "max": 3, "confidence": 0.0}
    assert _targets(database, pid) == {item: (None, True)}
    assert _take(team["p2"], pid) == item
    # And the schema's overlap PATCHed moves the consensus min with it.
    schema = {**view["schema"], "overlap": 4}
    r = manager.patch(f"/api/projects/{pid}", json={"schema": schema})
    assert r.status_code == 200, r.text
    assert r.json()["consensus"]["overlap"]["min"] == 4 and r.json()["consensus"]["overlap"]["max"] == 4


def test_priority_serves_an_item_sooner(
    manager: Api, client_for: Callable[..., Api], database: Database
) -> None:
    pid, ids = choice_project(manager, 5, overlap=1)
    team = members(client_for, manager, pid, ["p1", "p2", "p3"], "annotator")
    r = manager.post(f"/api/projects/{pid}/items/priority", json={"item_ids": [ids[3]], "priority": 5})
    assert r.status_code == 200 and r.json() == {"updated": 1}
    r = manager.post(f"/api/projects/{pid}/items/priority", json={"item_ids": [ids[1]], "priority": 2})
    assert r.status_code == 200
    r = manager.post(f"/api/projects/{pid}/items/priority", json={"item_ids": [ids[0]], "priority": -1})
    assert r.status_code == 200
    order = []
    while (item := _take(team["p1"], pid)) is not None:
        order.append(item)
        _submit(team["p1"], item, "a")
    assert order == [ids[3], ids[1], ids[2], ids[4], ids[0]]
    # Back to 0: served in its import place again (sequential order keeps the counter).
    listed = [i["id"] for i in manager.get(f"/api/projects/{pid}/items").json()["items"]]
    assert listed == order
    # Only managers; other projects' ids change nothing.
    before = table_counts(database)
    r = team["p2"].post(f"/api/projects/{pid}/items/priority", json={"item_ids": [ids[2]], "priority": 9})
    assert r.status_code == 403
    _other, (foreign,) = choice_project(manager, 1)
    r = manager.post(f"/api/projects/{pid}/items/priority", json={"item_ids": [foreign], "priority": 9})
    assert r.status_code == 200 and r.json() == {"updated": 0}
    r = manager.post(f"/api/projects/{pid}/items/priority", json={"item_ids": [ids[2]], "priority": 5000})
    assert r.status_code == 422
    with database.session() as db:
        assert db.scalar(select(Item.priority).where(Item.id == ids[2])) == 0
    assert table_counts(database)["items"] == before["items"] + 1


def test_priority_survives_a_change_of_queue_order(manager: Api, client_for: Callable[..., Any]) -> None:
    pid, ids = choice_project(manager, 6, overlap=1)
    team = members(client_for, manager, pid, ["p1"], "annotator")
    manager.post(f"/api/projects/{pid}/items/priority", json={"item_ids": [ids[5]], "priority": 3})
    schema = manager.get(f"/api/projects/{pid}").json()["schema"]
    r = manager.patch(f"/api/projects/{pid}", json={"schema": {**schema, "order": "random"}})
    assert r.status_code == 200, r.text
    assert _take(team["p1"], pid) == ids[5]
