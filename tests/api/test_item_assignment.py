"""Assigning items to a person or a team: the queue serves them to nobody else; unassigned
items go to anyone; managers assign by ids or by the Items tab's filters, all or nothing."""

from __future__ import annotations

from typing import Any

from goldlabel.db.engine import Database
from tests.api.conftest import Api, add_member, import_texts, table_counts

SUBMIT = {"result": {"sentiment": "positive"}, "status": "submitted"}


def drain(api: Api, pid: int) -> list[str]:
    """Label until the queue is empty; the texts served."""
    texts = []
    while (r := api.get(f"/api/projects/{pid}/next")).status_code == 200:
        texts.append(r.json()["data"]["text"])
        assert api.post(f"/api/items/{r.json()['id']}/annotations", json=SUBMIT).status_code == 201
    assert r.status_code == 204
    return texts


def ids_by_text(manager: Api, pid: int) -> dict[str, int]:
    return {i["data"]["text"]: i["id"] for i in manager.get(f"/api/projects/{pid}/items").json()["items"]}


def test_items_assigned_to_a_person_go_only_to_them(
    manager: Api, project: dict[str, Any], client_for: Any
) -> None:
    pid = project["id"]
    manager.patch(f"/api/projects/{pid}", json={"overlap": 2})
    import_texts(manager, pid, ["free", "for-a", "for-b"])
    a, b = client_for("a@example.com"), client_for("b@example.com")
    for api in (a, b):
        add_member(manager, pid, api.email, "annotator")
    ids = ids_by_text(manager, pid)
    uid = {m["email"]: m["user_id"] for m in manager.get(f"/api/projects/{pid}/members").json()}
    for text, who in (("for-a", "a@example.com"), ("for-b", "b@example.com")):
        r = manager.post(
            f"/api/projects/{pid}/items/assign", json={"ids": [ids[text]], "assignee_id": uid[who]}
        )
        assert r.status_code == 200, r.text
        assert r.json() == {"items": 1, "assignee_id": uid[who], "team_id": None}
    assert sorted(drain(a, pid)) == ["for-a", "free"]
    assert sorted(drain(b, pid)) == ["for-b", "free"]
    # Releasing gives the item to anyone again.
    c = client_for("c@example.com")
    add_member(manager, pid, c.email, "annotator")
    assert drain(c, pid) == []  # "free" is full (overlap 2); the others are reserved
    manager.post(f"/api/projects/{pid}/items/assign", json={"ids": [ids["for-a"]]})
    assert drain(c, pid) == ["for-a"]


def test_items_assigned_to_a_team_go_to_its_members(
    manager: Api, project: dict[str, Any], client_for: Any
) -> None:
    pid = project["id"]
    manager.patch(f"/api/projects/{pid}", json={"overlap": 1})
    import_texts(manager, pid, ["x1", "x2", "y1"])
    inside, outside = client_for("in@example.com"), client_for("out@example.com")
    add_member(manager, pid, outside.email, "annotator")
    team = manager.post("/api/teams", json={"name": "Experts"}).json()["id"]
    manager.post(f"/api/teams/{team}/members", json={"email": inside.email})
    manager.post(f"/api/projects/{pid}/teams", json={"team_id": team, "role": "annotator"})
    # By the Items tab's filter: a search for "x".
    r = manager.post(f"/api/projects/{pid}/items/assign", json={"query": {"q": "x"}, "team_id": team})
    assert r.status_code == 200 and r.json()["items"] == 2
    assert drain(outside, pid) == ["y1"]
    assert sorted(drain(inside, pid)) == ["x1", "x2"]


def test_assignment_is_all_or_nothing_and_for_managers_only(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    pid = project["id"]
    import_texts(manager, pid, ["one", "two"])
    a = client_for("a@example.com")
    add_member(manager, pid, a.email, "reviewer")
    stranger = client_for("s@example.com")
    ids = list(ids_by_text(manager, pid).values())
    me = manager.get("/api/auth/me").json()["id"]
    before = table_counts(database)
    cases = [
        (manager, {"ids": [*ids, 999_999], "assignee_id": me}, 404),  # an id not in the project
        (manager, {"ids": ids, "assignee_id": stranger.get("/api/auth/me").json()["id"]}, 422),  # no member
        (manager, {"ids": ids, "team_id": 12345}, 422),  # no such team on the project
        (manager, {"ids": ids, "assignee_id": me, "team_id": 1}, 422),  # both
        (manager, {"assignee_id": me}, 422),  # neither ids nor query
        (a, {"ids": ids, "assignee_id": me}, 403),  # reviewers do not assign
        (stranger, {"ids": ids, "assignee_id": me}, 404),
    ]
    for api, body, status in cases:
        r = api.post(f"/api/projects/{pid}/items/assign", json=body)
        assert r.status_code == status, (body, r.text)
    assert table_counts(database) == before
    # Nothing changed hands: a new annotator still gets both items.
    b = client_for("b@example.com")
    add_member(manager, pid, b.email, "annotator")
    assert sorted(drain(b, pid)) == ["one", "two"]
