"""Who may use each review route: the manager, a reviewer, the annotation's author, another
annotator, a non-member and an anonymous client. A refused request changes nothing, and a
non-member's 404 reads exactly like the answer for an id that does not exist."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from goldlabel.db.engine import Database
from tests.api.conftest import Api, add_member, import_texts, table_counts
from tests.api.test_review import set_review, submit_all

ROLES = ("manager", "reviewer", "author", "annotator", "outsider", "anonymous")
MISSING = 987_654

Ids = dict[str, int]
ROUTES: dict[str, Callable[[Ids], tuple[str, str, dict[str, Any]]]] = {
    "next": lambda i: ("GET", f"/api/projects/{i['project']}/review/next", {}),
    "verdict": lambda i: (
        "POST",
        f"/api/annotations/{i['annotation']}/review",
        {"json": {"verdict": "accept"}},
    ),
    "summary": lambda i: ("GET", f"/api/projects/{i['project']}/review/summary", {}),
    "reviews": lambda i: ("GET", f"/api/projects/{i['project']}/reviews", {}),
    "reviewers": lambda i: ("GET", f"/api/projects/{i['project']}/reviewers", {}),
    "mine": lambda i: ("GET", f"/api/projects/{i['project']}/my/annotations", {}),
    "open": lambda i: ("POST", f"/api/reviews/{i['review']}/open", {}),
    "history": lambda i: ("GET", f"/api/annotations/{i['annotation']}/history", {}),
}
# In ROLES order: manager, reviewer, author, annotator, outsider, anonymous.
EXPECTED: dict[str, tuple[int, ...]] = {
    "next": (200, 200, 403, 403, 404, 401),
    "verdict": (200, 200, 403, 404, 404, 401),
    "summary": (200, 200, 200, 200, 404, 401),
    "reviews": (200, 403, 403, 403, 404, 401),
    "reviewers": (200, 403, 403, 403, 404, 401),
    "mine": (200, 200, 200, 200, 404, 401),
    "open": (404, 404, 200, 404, 404, 401),
    "history": (200, 200, 200, 404, 404, 401),
}
assert set(EXPECTED) == set(ROUTES)


@pytest.fixture
def world(manager: Api, project: dict[str, Any], client_for: Any, app: Any) -> dict[str, Any]:
    """Two annotations of the author waiting at tier 1, and an earlier rejection of a third one
    (corrected since), whose review the author may open."""
    pid = project["id"]
    import_texts(manager, pid, [f"text {i}" for i in range(4)])
    clients: dict[str, Any] = {"manager": manager}
    for name, role in (("reviewer", "reviewer"), ("author", "annotator"), ("annotator", "annotator")):
        clients[name] = client_for(f"{name}@example.com")
        add_member(manager, pid, f"{name}@example.com", role)
    clients["outsider"] = client_for("outsider@example.com", can_create_projects=True)
    clients["anonymous"] = TestClient(app)
    set_review(manager, pid, sample="all")
    first, _second, third = submit_all(clients["author"], pid, limit=3)
    rejected = clients["reviewer"].post(
        f"/api/annotations/{third}/review", json={"verdict": "reject", "comment": "no"}
    )
    version = clients["author"].get(f"/api/annotations/{third}/history").json()[-1]["version"]
    clients["author"].patch(
        f"/api/annotations/{third}",
        json={"result": {"sentiment": "negative"}, "status": "submitted", "version": version},
    ).raise_for_status()
    return {
        "clients": clients,
        "ids": {"project": pid, "annotation": first, "review": rejected.json()["review_id"]},
    }


def _cases() -> list[Any]:
    return [
        pytest.param(route, role, status, id=f"{route}-{role}")
        for route in ROUTES
        for role, status in zip(ROLES, EXPECTED[route], strict=True)
    ]


@pytest.mark.parametrize(("route", "role", "expected"), _cases())
def test_review_permissions(
    world: dict[str, Any], database: Database, route: str, role: str, expected: int
) -> None:
    client = world["clients"][role]
    method, url, kwargs = ROUTES[route](world["ids"])
    before = table_counts(database)
    r = client.request(method, url, **kwargs)
    assert r.status_code == expected, f"{route} as {role}: {r.status_code} {r.text[:300]}"
    if r.status_code >= 400:
        assert table_counts(database) == before
        if role == "outsider":
            missing_ids = {k: MISSING for k in world["ids"]}
            method, url, kwargs = ROUTES[route](missing_ids)
            missing = client.request(method, url, **kwargs)
            assert missing.status_code == 404 and missing.json() == r.json()
    if route == "mine" and r.status_code == 200:
        authors = {"author": 3, "annotator": 0}
        assert r.json()["total"] == authors.get(role, 0)
    if route == "next" and r.status_code == 200:
        assert "gold" not in r.text and "honeypot" not in r.text
