"""Per-annotator caps: the queue stops serving production items at the cap, says so (403
``cap_reached`` with how many), counts live locks, ignores honeypots, and costs nothing uncapped."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from goldlabel.db.engine import Database
from goldlabel.db.models import Assignment
from goldlabel.services import queue, workload
from tests.api.conftest import Api, add_member, import_texts
from tests.api.test_query_plans import Sent, plan_of, queue_of_three, sent, sqlite_only

__all__ = ["queue_of_three", "sent", "sqlite_only"]  # fixtures shared with the query-plan tests

SUBMIT = {"result": {"sentiment": "positive"}, "status": "submitted"}


def setup(manager: Api, project: dict[str, Any], client_for: Any, n: int = 10) -> tuple[int, Api, Api]:
    pid = project["id"]
    import_texts(manager, pid, [f"t{i}" for i in range(n)])
    a, b = client_for("a@example.com"), client_for("b@example.com")
    for api in (a, b):
        add_member(manager, pid, api.email, "annotator")
    return pid, a, b


def label(api: Api, pid: int) -> Any:
    r = api.get(f"/api/projects/{pid}/next")
    if r.status_code == 200:
        assert api.post(f"/api/items/{r.json()['id']}/annotations", json=SUBMIT).status_code == 201
    return r


def test_a_number_cap_stops_the_queue_and_says_how_many(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    pid, a, b = setup(manager, project, client_for)
    r = manager.patch(f"/api/projects/{pid}", json={"workload": {"cap_items": 2}})
    assert r.status_code == 200, r.text
    assert r.json()["workload"] == {"cap_items": 2, "cap_share": None}
    assert label(a, pid).status_code == 200
    # A live lock counts at once: the second item is held, not yet submitted.
    held = a.get(f"/api/projects/{pid}/next")
    assert held.status_code == 200
    assert a.get(f"/api/projects/{pid}/next").json()["id"] == held.json()["id"]  # the held one again
    a.post(f"/api/items/{held.json()['id']}/annotations", json=SUBMIT)
    capped = a.get(f"/api/projects/{pid}/next")
    assert capped.status_code == 403
    detail = capped.json()["detail"]
    assert detail["code"] == "cap_reached" and detail["done"] == 2 and detail["cap"] == 2
    with database.session() as db:  # nothing was claimed by the refused call
        mine = select(Assignment.id).where(Assignment.user_id == a.get("/api/auth/me").json()["id"])
        assert len(db.scalars(mine).all()) == 2
    # Others still label.
    assert label(b, pid).status_code == 200
    # Raising the cap serves again.
    manager.patch(f"/api/projects/{pid}", json={"workload": {"cap_items": 3}})
    assert label(a, pid).status_code == 200
    assert a.get(f"/api/projects/{pid}/next").json()["detail"]["done"] == 3


def test_a_share_cap_is_of_the_production_items_rounded_up(
    manager: Api, project: dict[str, Any], client_for: Any
) -> None:
    pid, a, _ = setup(manager, project, client_for, n=5)
    manager.patch(f"/api/projects/{pid}", json={"workload": {"cap_share": 0.5}})
    served = [label(a, pid).status_code for _ in range(4)]
    assert served == [200, 200, 200, 403]  # ceil(0.5 * 5) = 3
    r = a.get(f"/api/projects/{pid}/next")
    assert r.json()["detail"]["cap"] == 3
    # Clearing the caps lifts them.
    manager.patch(f"/api/projects/{pid}", json={"workload": {"cap_share": None}})
    assert label(a, pid).status_code == 200


def test_skipped_items_do_not_count(manager: Api, project: dict[str, Any], client_for: Any) -> None:
    pid, a, _ = setup(manager, project, client_for, n=4)
    manager.patch(f"/api/projects/{pid}", json={"workload": {"cap_items": 1}})
    first = a.get(f"/api/projects/{pid}/next").json()
    assert a.post(f"/api/items/{first['id']}/skip", json={"reason": "unclear"}).status_code == 204
    assert label(a, pid).status_code == 200
    assert a.get(f"/api/projects/{pid}/next").status_code == 403


def test_invalid_caps_are_refused(manager: Api, project: dict[str, Any]) -> None:
    pid = project["id"]
    for bad in ({"cap_items": 0}, {"cap_share": 1.5}, {"cap_share": 0}, {"cap_items": "x"}):
        r = manager.patch(f"/api/projects/{pid}", json={"workload": bad})
        assert r.status_code in (400, 422), (bad, r.text)
    assert manager.get(f"/api/projects/{pid}").json()["workload"] == {"cap_items": None, "cap_share": None}


def test_the_cap_costs_one_indexed_count_and_nothing_without_a_cap(
    sqlite_only: Database,
    sent: Callable[[Callable[[], Any]], Sent],
    queue_of_three: tuple[Api, int],
    manager: Api,
) -> None:
    annotator, pid = queue_of_three
    uncapped = sent(lambda: annotator.get(f"/api/projects/{pid}/next"))
    cap_sql = str(workload.CAP_COUNTS.compile(dialect=sqlite_only.engine.dialect))
    assert not [text for text, _ in uncapped if text == cap_sql]
    # The queue's candidate still reads the queue index, assignment clause and all.
    candidate = plan_of(sqlite_only, queue.CANDIDATE, uncapped)
    assert "ix_items_queue" in candidate and "USE TEMP B-TREE FOR ORDER BY" not in candidate
    manager.patch(f"/api/projects/{pid}", json={"workload": {"cap_items": 5, "cap_share": 0.9}})
    held = annotator.get(f"/api/projects/{pid}/next").json()["id"]  # the lock from before
    assert annotator.post(f"/api/items/{held}/annotations", json=SUBMIT).status_code == 201
    capped = sent(lambda: annotator.get(f"/api/projects/{pid}/next"))
    assert [text for text, _ in capped].count(cap_sql) == 1
    plan = plan_of(sqlite_only, workload.CAP_COUNTS, capped)
    assert "ix_assignments_user" in plan and "ix_items_gold" in plan
    full = [s for s in plan.splitlines() if "SCAN" in s and " USING " not in s]
    assert not full, plan


def test_a_share_counts_production_items_only(manager: Api, project: dict[str, Any], client_for: Any) -> None:
    """6 items of which 2 are gold: half of the 4 production items is 2 (3 if gold counted)."""
    pid, a, _ = setup(manager, project, client_for, n=6)
    items = manager.get(f"/api/projects/{pid}/items").json()["items"]
    for item in items[:2]:
        r = manager.put(
            f"/api/items/{item['id']}/gold",
            json={"result": {"sentiment": "positive"}, "explanations": {}, "set": "practice"},
        )
        assert r.status_code == 200, r.text
    manager.patch(f"/api/projects/{pid}", json={"workload": {"cap_share": 0.5}})
    assert [label(a, pid).status_code for _ in range(3)] == [200, 200, 403]
    assert a.get(f"/api/projects/{pid}/next").json()["detail"] == {
        "code": "cap_reached",
        "message": a.get(f"/api/projects/{pid}/next").json()["detail"]["message"],
        "done": 2,
        "cap": 2,
    }
