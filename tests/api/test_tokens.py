"""API tokens through HTTP: created with an optional expiry, listed without secrets, revoked by
their owner only, and refused once expired, revoked or their account is deactivated."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from goldlabel.db.engine import Database
from goldlabel.db.models import ApiToken
from tests.api.conftest import Api, table_counts


def _as(app: Any, token: str) -> TestClient:
    client = TestClient(app)
    client.headers["Authorization"] = f"Token {token}"
    return client


def test_create_list_and_revoke_own_tokens(manager: Api, app: Any, database: Database) -> None:
    r = manager.post("/api/auth/tokens", json={"name": "nightly export", "expires_in_days": 30})
    assert r.status_code == 201, r.text
    created = r.json()
    assert set(created) == {"id", "name", "created_at", "expires_at", "expired", "token"}
    expires = datetime.fromisoformat(created["expires_at"])
    assert timedelta(days=29, hours=23) < expires - datetime.now(UTC) <= timedelta(days=30)
    forever = manager.post("/api/auth/tokens", json={"name": "sdk"}).json()
    assert forever["expires_at"] is None and forever["expired"] is False

    listed = manager.get("/api/auth/tokens")
    assert listed.status_code == 200
    assert [(t["name"], t["expires_at"] is None) for t in listed.json()] == [
        ("nightly export", False),
        ("sdk", True),
    ]
    # the secret is shown once: never in the list
    assert created["token"] not in listed.text and forever["token"] not in listed.text
    assert all("token" not in t for t in listed.json())

    with _as(app, created["token"]) as client:
        assert client.get("/api/auth/me").json()["email"] == "manager@example.com"
        assert manager.delete(f"/api/auth/tokens/{created['id']}").status_code == 204
        r = client.get("/api/auth/me")
        assert r.status_code == 401 and r.json()["detail"]["code"] == "invalid_token"
    assert [t["name"] for t in manager.get("/api/auth/tokens").json()] == ["sdk"]
    assert manager.delete(f"/api/auth/tokens/{created['id']}").status_code == 404
    with _as(app, forever["token"]) as client:
        assert client.get("/api/auth/me").status_code == 200  # the other token still works


def test_an_expired_token_authenticates_nobody(manager: Api, app: Any, database: Database) -> None:
    token = manager.post("/api/auth/tokens", json={"name": "short", "expires_in_days": 1}).json()
    with _as(app, token["token"]) as client:
        assert client.get("/api/auth/me").status_code == 200
        with database.session(write=True) as db:  # a day later
            db.execute(
                update(ApiToken)
                .where(ApiToken.id == token["id"])
                .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
            )
        r = client.get("/api/auth/me")
        assert r.status_code == 401 and r.json()["detail"]["code"] == "invalid_token"
    [listed] = manager.get("/api/auth/tokens").json()
    assert listed["expired"] is True


def test_nobody_lists_or_revokes_anothers_tokens(
    manager: Api, client_for: Callable[..., Api], app: Any, database: Database
) -> None:
    token = manager.post("/api/auth/tokens", json={"name": "mine"}).json()
    admin = client_for("admin@example.com", admin=True)
    other = client_for("other@example.com")
    for who in (other, admin):  # even an admin revokes others' tokens only from the CLI
        assert who.get("/api/auth/tokens").json() == []
        before = table_counts(database)
        theirs = who.delete(f"/api/auth/tokens/{token['id']}")
        missing = who.delete("/api/auth/tokens/987654")
        assert theirs.status_code == missing.status_code == 404
        assert theirs.json() == missing.json()
        assert table_counts(database) == before
    with _as(app, token["token"]) as client:
        assert client.get("/api/auth/me").status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"name": "x", "expires_in_days": 0},
        {"name": "x", "expires_in_days": -3},
        {"name": "x", "expires_in_days": 3651},
        {"name": "x", "expires_in_days": "soon"},
        {"name": "x" * 201},
    ],
)
def test_bad_token_requests_change_nothing(manager: Api, database: Database, body: dict[str, Any]) -> None:
    before = table_counts(database)
    r = manager.post("/api/auth/tokens", json=body)
    assert r.status_code == 422 and r.json()["detail"]["code"] == "invalid_request"
    assert table_counts(database) == before


def test_token_routes_need_a_login(app: Any, database: Database) -> None:
    with TestClient(app) as anonymous:
        before = table_counts(database)
        assert anonymous.get("/api/auth/tokens").status_code == 401
        assert anonymous.post("/api/auth/tokens", json={"name": "x"}).status_code == 401
        assert anonymous.delete("/api/auth/tokens/1").status_code == 401
        assert table_counts(database) == before
