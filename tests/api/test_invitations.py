"""Adding members by email: the answer never tells whether an account exists, and nobody joins a
project without accepting. Invitations wait for accounts that do not exist yet."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from goldlabel.db.engine import Database
from tests.api.conftest import Api, add_member, table_counts


def _invite(manager: Api, pid: int, email: str, role: str = "annotator") -> Any:
    return manager.post(f"/api/projects/{pid}/members", json={"email": email, "role": role})


def _changed(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {t: after[t] - before[t] for t in after if after[t] != before[t]}


def test_the_answer_is_the_same_whether_or_not_the_account_exists(
    manager: Api, project: dict[str, Any], client_for: Callable[..., Api], database: Database
) -> None:
    pid = project["id"]
    existing = client_for("ann@example.com")
    answers = {}
    for email in ("ann@example.com", "ghost@example.com"):
        before = table_counts(database)
        r = _invite(manager, pid, email)
        answers[email] = r
        # no membership for anyone yet: one pending invitation, nothing else
        assert _changed(before, table_counts(database)) == {"invitations": 1}
    known, unknown = answers["ann@example.com"], answers["ghost@example.com"]
    assert known.status_code == unknown.status_code == 201
    assert known.json() == {"email": "ann@example.com", "role": "annotator", "status": "invited"}
    assert unknown.json() == {"email": "ghost@example.com", "role": "annotator", "status": "invited"}
    assert known.headers.keys() == unknown.headers.keys()
    # the invitee has no access until they accept
    assert existing.get(f"/api/projects/{pid}").status_code == 404
    assert existing.get("/api/projects").json() == []
    pending = manager.get(f"/api/projects/{pid}/invitations").json()
    assert [(i["email"], i["role"], i["invited_by"]) for i in pending] == [
        ("ann@example.com", "annotator", "manager@example.com"),
        ("ghost@example.com", "annotator", "manager@example.com"),
    ]
    emails = {m["email"] for m in manager.get(f"/api/projects/{pid}/members").json()}
    assert emails == {"manager@example.com"}


def test_the_invitee_accepts_and_joins_with_the_role(
    manager: Api, project: dict[str, Any], client_for: Callable[..., Api], database: Database
) -> None:
    pid = project["id"]
    ann = client_for("ann@example.com")
    _invite(manager, pid, "ANN@example.com ", "reviewer")
    [mine] = ann.get("/api/invitations").json()
    assert mine["project_id"] == pid and mine["project_name"] == "Reviews"
    assert mine["role"] == "reviewer" and mine["invited_by"] == "manager@example.com"

    before = table_counts(database)
    r = ann.post(f"/api/invitations/{mine['id']}/accept")
    assert r.status_code == 200, r.text
    assert r.json()["id"] == pid and r.json()["role"] == "reviewer"
    assert _changed(before, table_counts(database)) == {"invitations": -1, "project_members": 1}
    assert ann.get(f"/api/projects/{pid}").json()["role"] == "reviewer"
    assert ann.get("/api/invitations").json() == []
    roles = {m["email"]: m["role"] for m in manager.get(f"/api/projects/{pid}/members").json()}
    assert roles["ann@example.com"] == "reviewer"
    assert manager.get(f"/api/projects/{pid}/invitations").json() == []
    # used up: a second accept is a 404
    assert ann.post(f"/api/invitations/{mine['id']}/accept").status_code == 404


def test_an_invitation_waits_for_the_account_to_exist(
    manager: Api, project: dict[str, Any], client_for: Callable[..., Api]
) -> None:
    pid = project["id"]
    assert _invite(manager, pid, "later@example.com", "annotator").status_code == 201
    later = client_for("later@example.com")  # the account is created afterwards
    [mine] = later.get("/api/invitations").json()
    assert later.post(f"/api/invitations/{mine['id']}/accept").status_code == 200
    assert later.get(f"/api/projects/{pid}").json()["role"] == "annotator"
    assert later.get(f"/api/projects/{pid}/next").status_code == 204  # a member now: the queue answers


def test_declining_leaves_no_membership(
    manager: Api, project: dict[str, Any], client_for: Callable[..., Api], database: Database
) -> None:
    pid = project["id"]
    ann = client_for("ann@example.com")
    _invite(manager, pid, "ann@example.com")
    [mine] = ann.get("/api/invitations").json()
    before = table_counts(database)
    assert ann.delete(f"/api/invitations/{mine['id']}").status_code == 204
    assert _changed(before, table_counts(database)) == {"invitations": -1}
    assert ann.get(f"/api/projects/{pid}").status_code == 404
    assert manager.get(f"/api/projects/{pid}/invitations").json() == []


def test_nobody_uses_anothers_invitation(
    manager: Api, project: dict[str, Any], client_for: Callable[..., Api], database: Database
) -> None:
    pid = project["id"]
    ann = client_for("ann@example.com")
    thief = client_for("thief@example.com")
    admin = client_for("admin@example.com", admin=True)
    _invite(manager, pid, "ann@example.com", "manager")
    [mine] = ann.get("/api/invitations").json()
    for who in (thief, admin):
        assert who.get("/api/invitations").json() == []
        before = table_counts(database)
        for method, url in (("POST", "/api/invitations/{}/accept"), ("DELETE", "/api/invitations/{}")):
            theirs = who.request(method, url.format(mine["id"]))
            missing = who.request(method, url.format(987654))
            assert theirs.status_code == missing.status_code == 404
            assert theirs.json() == missing.json()
        assert table_counts(database) == before
    assert thief.get(f"/api/projects/{pid}").status_code == 404
    assert [i["id"] for i in ann.get("/api/invitations").json()] == [mine["id"]]


def test_managers_list_update_and_revoke_invitations(
    manager: Api, project: dict[str, Any], client_for: Callable[..., Api], database: Database
) -> None:
    pid = project["id"]
    ann = client_for("ann@example.com")
    _invite(manager, pid, "ann@example.com", "annotator")
    before = table_counts(database)
    r = _invite(manager, pid, "ann@example.com", "reviewer")  # inviting again changes the role
    assert r.status_code == 201 and r.json()["status"] == "invited"
    assert table_counts(database) == before
    [pending] = manager.get(f"/api/projects/{pid}/invitations").json()
    assert pending["role"] == "reviewer"
    assert ann.get("/api/invitations").json()[0]["role"] == "reviewer"

    # another project's manager cannot see or revoke it (its project is 404 to them)
    other = client_for("other@example.com", can_create_projects=True)
    other_pid = other.post("/api/projects", json={"name": "Other", "schema": project["schema"]}).json()["id"]
    before = table_counts(database)
    r = other.delete(f"/api/projects/{other_pid}/invitations/{pending['id']}")
    assert r.status_code == 404
    assert other.delete(f"/api/projects/{pid}/invitations/{pending['id']}").status_code == 404
    assert other.get(f"/api/projects/{pid}/invitations").status_code == 404
    assert table_counts(database) == before

    assert manager.delete(f"/api/projects/{pid}/invitations/{pending['id']}").status_code == 204
    assert manager.get(f"/api/projects/{pid}/invitations").json() == []
    assert ann.get("/api/invitations").json() == []
    assert manager.delete(f"/api/projects/{pid}/invitations/{pending['id']}").status_code == 404


def test_a_members_email_changes_their_role_at_once(
    manager: Api, project: dict[str, Any], client_for: Callable[..., Api], database: Database
) -> None:
    """The manager already sees who the members are: for them the answer says ``member``."""
    pid = project["id"]
    ann = client_for("ann@example.com")
    add_member(manager, pid, "ann@example.com", "annotator")
    before = table_counts(database)
    r = _invite(manager, pid, "ann@example.com", "reviewer")
    assert r.status_code == 201
    assert r.json() == {"email": "ann@example.com", "role": "reviewer", "status": "member"}
    assert table_counts(database) == before
    assert ann.get(f"/api/projects/{pid}").json()["role"] == "reviewer"


def test_invitation_refusals_change_nothing(
    manager: Api, project: dict[str, Any], client_for: Callable[..., Api], database: Database
) -> None:
    pid = project["id"]
    reviewer = client_for("rev@example.com")
    add_member(manager, pid, "rev@example.com", "reviewer")
    before = table_counts(database)
    for client, body, status, code in (
        (manager, {"email": "not-an-email", "role": "annotator"}, 422, "invalid_email"),
        (manager, {"email": "x@example.com", "role": "owner"}, 422, "invalid_request"),
        (reviewer, {"email": "x@example.com", "role": "annotator"}, 403, "role_required"),
    ):
        r = client.post(f"/api/projects/{pid}/members", json=body)
        assert r.status_code == status and r.json()["detail"]["code"] == code, r.text
    assert reviewer.get(f"/api/projects/{pid}/invitations").status_code == 403
    assert table_counts(database) == before


def test_the_sdk_invites_and_accepts(
    manager: Api, project: dict[str, Any], client_for: Callable[..., Api], app: Any
) -> None:
    from fastapi.testclient import TestClient

    from goldlabel.sdk import Client

    ann = client_for("ann@example.com")
    manager_token = manager.post("/api/auth/tokens", json={"name": "sdk"}).json()["token"]
    ann_token = ann.post("/api/auth/tokens", json={"name": "sdk"}).json()["token"]
    with Client(token=manager_token, http=TestClient(app)) as gl:
        added = gl.project(project["id"]).members.add("ann@example.com", "reviewer")
        assert added.model_dump() == {"email": "ann@example.com", "role": "reviewer", "status": "invited"}
    with Client(token=ann_token, http=TestClient(app)) as gl:
        [invitation] = gl.invitations()
        assert gl.accept_invitation(invitation["id"])["role"] == "reviewer"
        assert [p.id for p in gl.projects.list()] == [project["id"]]
        assert gl.invitations() == []
