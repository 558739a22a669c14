"""Teams: who may manage them, members added to projects at once, joining and leaving later."""

from __future__ import annotations

from typing import Any

import pytest

from goldlabel.db.engine import Database
from tests.api.conftest import Api, add_member, table_counts


def members_of(manager: Api, pid: int) -> dict[str, str]:
    r = manager.get(f"/api/projects/{pid}/members")
    assert r.status_code == 200, r.text
    return {m["email"]: m["role"] for m in r.json()}


@pytest.fixture
def crew(manager: Api, client_for: Any) -> tuple[int, list[Api]]:
    """A team of two annotators, made by the manager (who holds the project-creation right)."""
    people = [client_for(f"crew{i}@example.com") for i in range(2)]
    r = manager.post("/api/teams", json={"name": "Night shift"})
    assert r.status_code == 201, r.text
    team_id = r.json()["id"]
    for p in people:
        assert manager.post(f"/api/teams/{team_id}/members", json={"email": p.email}).status_code == 201
    return team_id, people


def test_adding_a_team_makes_its_members_project_members_in_one_step(
    manager: Api, project: dict[str, Any], crew: tuple[int, list[Api]]
) -> None:
    pid, (team_id, people) = project["id"], crew
    r = manager.post(f"/api/projects/{pid}/teams", json={"team_id": team_id, "role": "annotator"})
    assert r.status_code == 201, r.text
    assert r.json() == {"team_id": team_id, "role": "annotator", "members": 2}
    assert members_of(manager, pid) == {
        "manager@example.com": "manager",
        "crew0@example.com": "annotator",
        "crew1@example.com": "annotator",
    }
    # They can use the project at once: no invitation to accept.
    assert people[0].get(f"/api/projects/{pid}").status_code == 200
    rates = {r["email"]: r["via_team"] for r in manager.get(f"/api/projects/{pid}/rates").json()}
    assert rates == {
        "manager@example.com": None,
        "crew0@example.com": "Night shift",
        "crew1@example.com": "Night shift",
    }
    listed = manager.get(f"/api/projects/{pid}/teams").json()
    assert listed == [{"team_id": team_id, "name": "Night shift", "role": "annotator", "member_count": 2}]


def test_joining_the_team_later_joins_its_projects_and_leaving_leaves_them(
    manager: Api, project: dict[str, Any], crew: tuple[int, list[Api]], client_for: Any
) -> None:
    pid, (team_id, _) = project["id"], crew
    manager.post(f"/api/projects/{pid}/teams", json={"team_id": team_id, "role": "reviewer"})
    late = client_for("late@example.com")
    r = manager.post(f"/api/teams/{team_id}/members", json={"email": "LATE@example.com"})
    assert r.status_code == 201, r.text
    assert members_of(manager, pid)["late@example.com"] == "reviewer"
    assert late.get(f"/api/projects/{pid}").status_code == 200
    uid = r.json()["user_id"]
    assert manager.delete(f"/api/teams/{team_id}/members/{uid}").status_code == 204
    assert "late@example.com" not in members_of(manager, pid)
    assert late.get(f"/api/projects/{pid}").status_code == 404


def test_removing_the_team_removes_only_those_who_came_through_it(
    manager: Api, project: dict[str, Any], crew: tuple[int, list[Api]], client_for: Any
) -> None:
    pid, (team_id, people) = project["id"], crew
    direct = client_for("direct@example.com")
    add_member(manager, pid, direct.email, "annotator")
    manager.post(f"/api/teams/{team_id}/members", json={"email": direct.email})
    manager.post(f"/api/projects/{pid}/teams", json={"team_id": team_id, "role": "annotator"})
    # A second team holds crew1 too: crew1 stays, as that team's.
    other = manager.post("/api/teams", json={"name": "Day shift"}).json()["id"]
    manager.post(f"/api/teams/{other}/members", json={"email": people[1].email})
    manager.post(f"/api/projects/{pid}/teams", json={"team_id": other, "role": "annotator"})
    r = manager.delete(f"/api/projects/{pid}/teams/{team_id}")
    assert r.status_code == 200, r.text
    assert r.json()["members"] == -1
    assert set(members_of(manager, pid)) == {"manager@example.com", "direct@example.com", "crew1@example.com"}
    via = {r["email"]: r["via_team"] for r in manager.get(f"/api/projects/{pid}/rates").json()}
    assert via["crew1@example.com"] == "Day shift" and via["direct@example.com"] is None


def test_deleting_a_team_takes_it_off_its_projects(
    manager: Api, project: dict[str, Any], crew: tuple[int, list[Api]]
) -> None:
    pid, (team_id, _) = project["id"], crew
    manager.post(f"/api/projects/{pid}/teams", json={"team_id": team_id, "role": "annotator"})
    assert manager.delete(f"/api/teams/{team_id}").status_code == 204
    assert set(members_of(manager, pid)) == {"manager@example.com"}
    assert manager.get(f"/api/teams/{team_id}").status_code == 404
    assert manager.get("/api/teams").json() == []


def test_team_crud_and_names(manager: Api, crew: tuple[int, list[Api]]) -> None:
    team_id, _ = crew
    listed = manager.get("/api/teams").json()
    assert listed == [
        {
            "id": team_id,
            "name": "Night shift",
            "created_by": "manager@example.com",
            "member_count": 2,
            "may_manage": True,
        }
    ]
    r = manager.patch(f"/api/teams/{team_id}", json={"name": "  Owls  "})
    assert r.status_code == 200 and r.json()["name"] == "Owls"
    assert [m["email"] for m in r.json()["members"]] == ["crew0@example.com", "crew1@example.com"]
    manager.post("/api/teams", json={"name": "Larks"})
    assert (
        manager.patch(f"/api/teams/{team_id}", json={"name": "larks"}).json()["detail"]["code"]
        == "already_exists"
    )
    blank = manager.post("/api/teams", json={"name": "   "})
    assert blank.status_code == 422 and blank.json()["detail"]["code"] == "invalid_input"
    assert [t["name"] for t in manager.get("/api/teams").json()] == ["Larks", "Owls"]
    r = manager.post(f"/api/teams/{team_id}/members", json={"email": "nobody@example.com"})
    assert r.status_code == 404


def test_who_may_manage_teams(
    manager: Api, project: dict[str, Any], crew: tuple[int, list[Api]], client_for: Any, database: Database
) -> None:
    team_id, people = crew
    other = client_for("lead@example.com", can_create_projects=True)
    other_pid = other.post("/api/projects", json={"name": "P2", "schema": project["schema"]}).json()["id"]
    before = table_counts(database)
    # Without the project-creation right: teams do not exist for you.
    plain = people[0]
    assert plain.get("/api/teams").status_code == 403
    assert plain.post("/api/teams", json={"name": "Mine"}).status_code == 403
    assert plain.post(f"/api/teams/{team_id}/members", json={"email": plain.email}).status_code == 404
    assert plain.delete(f"/api/teams/{team_id}").status_code == 404
    # Another creator sees the team but may not change it or use it on their project.
    assert other.get("/api/teams").json()[0]["may_manage"] is False
    assert other.patch(f"/api/teams/{team_id}", json={"name": "Taken"}).status_code == 403
    r = other.post(f"/api/projects/{other_pid}/teams", json={"team_id": team_id, "role": "annotator"})
    assert r.status_code == 403
    # The team's creator cannot put it on a project they do not manage (404: not visible).
    r = manager.post(f"/api/projects/{other_pid}/teams", json={"team_id": team_id, "role": "annotator"})
    assert r.status_code == 404
    assert table_counts(database) == before
    # An admin manages any team.
    admin = client_for("admin@example.com", admin=True)
    assert admin.patch(f"/api/teams/{team_id}", json={"name": "Renamed"}).status_code == 200


def test_no_role_above_ones_own_and_a_manager_remains(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    pid = project["id"]
    lead = client_for("lead@example.com", can_create_projects=True)
    add_member(manager, pid, lead.email, "reviewer")
    team_id = lead.post("/api/teams", json={"name": "Leads"}).json()["id"]
    lead.post(f"/api/teams/{team_id}/members", json={"email": lead.email})
    before = table_counts(database)
    # A reviewer is no manager of the project: managing its teams needs that role.
    r = lead.post(f"/api/projects/{pid}/teams", json={"team_id": team_id, "role": "annotator"})
    assert r.status_code == 403
    assert table_counts(database) == before
    # A team that brought the only manager cannot be taken off.
    admin = client_for("admin@example.com", admin=True)
    solo = admin.post("/api/projects", json={"name": "Solo", "schema": project["schema"]}).json()["id"]
    admin_team = admin.post("/api/teams", json={"name": "Admins"}).json()["id"]
    admin.post(f"/api/teams/{admin_team}/members", json={"email": lead.email})
    assert (
        admin.post(f"/api/projects/{solo}/teams", json={"team_id": admin_team, "role": "manager"}).status_code
        == 201
    )
    admin.delete(f"/api/projects/{solo}/members/{admin.get('/api/auth/me').json()['id']}")
    r = admin.delete(f"/api/projects/{solo}/teams/{admin_team}")
    assert r.status_code == 422, r.text
    assert members_of(admin, solo)["lead@example.com"] == "manager"


def test_project_routes_of_teams_and_cost_by_role(
    manager: Api,
    project: dict[str, Any],
    crew: tuple[int, list[Api]],
    client_for: Any,
    app: Any,
    database: Database,
) -> None:
    """Reviewers and annotators get 403, outsiders 404, anonymous clients 401; nothing changes."""
    from fastapi.testclient import TestClient

    pid, (team_id, _) = project["id"], crew
    reviewer, annotator = client_for("rev@example.com"), client_for("ann@example.com")
    add_member(manager, pid, reviewer.email, "reviewer")
    add_member(manager, pid, annotator.email, "annotator")
    outsider = client_for("out@example.com", can_create_projects=True)
    me = manager.get("/api/auth/me").json()["id"]
    routes = [
        ("GET", f"/api/projects/{pid}/teams", None),
        ("POST", f"/api/projects/{pid}/teams", {"team_id": team_id, "role": "annotator"}),
        ("DELETE", f"/api/projects/{pid}/teams/{team_id}", None),
        ("POST", f"/api/projects/{pid}/items/assign", {"query": {}, "assignee_id": me}),
        ("GET", f"/api/projects/{pid}/rates", None),
        ("PATCH", f"/api/projects/{pid}/members/{me}/rate", {"rate_kind": "hourly", "rate": 1}),
        ("GET", f"/api/projects/{pid}/costs", None),
        ("GET", f"/api/projects/{pid}/costs.csv", None),
    ]
    before = table_counts(database)
    with TestClient(app) as anonymous:
        for method, url, body in routes:
            kwargs = {"json": body} if body is not None else {}
            for api, status in ((reviewer, 403), (annotator, 403), (outsider, 404), (anonymous, 401)):
                r = api.request(method, url, **kwargs)
                assert r.status_code == status, (method, url, api, r.text)
    assert table_counts(database) == before
