"""Login, sessions, CSRF, tokens, rate limiting and shortcuts through HTTP."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import text

from goldlabel.api.app import create_app
from goldlabel.core.settings import Settings
from tests.api.conftest import PASSWORD, Api, table_counts


def test_login_sets_httponly_session_and_readable_csrf_cookie(client_for: Any) -> None:
    api: Api = client_for("ann@example.com", login=False)
    r = api.post("/api/auth/login", json={"email": "ANN@example.com ", "password": PASSWORD})
    assert r.status_code == 200
    assert r.json()["email"] == "ann@example.com"
    cookies = r.headers.get_list("set-cookie")
    session = next(c for c in cookies if c.startswith("goldlabel_session="))
    csrf = next(c for c in cookies if c.startswith("goldlabel_csrf="))
    assert "HttpOnly" in session and "samesite=lax" in session.lower()
    assert "HttpOnly" not in csrf
    assert "Secure" not in session  # plain http in tests
    assert api.get("/api/auth/me").json()["email"] == "ann@example.com"


def test_secure_cookie_behind_https(settings: Settings, database: Any, make_user: Any) -> None:
    make_user("s@example.com")
    app = create_app(settings.model_copy(update={"public_url": "https://labels.example.com"}), database)
    with TestClient(app) as client:
        r = client.post("/api/auth/login", json={"email": "s@example.com", "password": PASSWORD})
    assert all("Secure" in c for c in r.headers.get_list("set-cookie"))


def test_wrong_password_and_unknown_user_look_the_same(client_for: Any) -> None:
    api: Api = client_for("ann@example.com", login=False)
    wrong = api.post("/api/auth/login", json={"email": "ann@example.com", "password": "nope-nope"})
    unknown = api.post("/api/auth/login", json={"email": "who@example.com", "password": "nope-nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert "goldlabel_session" not in api.cookies


def test_login_is_rate_limited(settings: Settings, database: Any, make_user: Any) -> None:
    make_user("r@example.com")
    app = create_app(settings.model_copy(update={"login_attempts_per_minute": 3}), database)
    with TestClient(app) as client:
        codes = [
            client.post(
                "/api/auth/login", json={"email": "r@example.com", "password": "bad-bad-bad"}
            ).status_code
            for _ in range(4)
        ]
        assert codes == [401, 401, 401, 429]
        blocked = client.post("/api/auth/login", json={"email": "r@example.com", "password": PASSWORD})
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) >= 1


def test_one_address_does_not_lock_out_others_and_backoff_grows(
    settings: Settings, database: Any, make_user: Any
) -> None:
    """Limits are per account and per (account, address): a NAT shared with a guesser is fine."""
    for email in ("victim@example.com", "colleague@example.com"):
        make_user(email)
    app = create_app(settings.model_copy(update={"login_attempts_per_minute": 2}), database)
    bad = {"email": "victim@example.com", "password": "bad-bad-bad"}
    with TestClient(app, client=("10.0.0.1", 1)) as nat, TestClient(app, client=("10.0.0.2", 1)) as home:
        assert [nat.post("/api/auth/login", json=bad).status_code for _ in range(3)] == [401, 401, 429]
        first_wait = int(nat.post("/api/auth/login", json=bad).headers["retry-after"])
        colleague = {"email": "colleague@example.com", "password": PASSWORD}
        assert nat.post("/api/auth/login", json=colleague).status_code == 200  # same address
        victim = {"email": "victim@example.com", "password": PASSWORD}
        assert home.post("/api/auth/login", json=victim).status_code == 200  # another address
    assert 1 <= first_wait <= 60
    with database.session(write=True) as db:  # the block ran out: the next lock-out lasts twice as long
        db.execute(
            text("UPDATE login_throttles SET blocked_until = :past WHERE key LIKE 'pair:victim%'"),
            {"past": datetime(2000, 1, 1)},
        )
    with TestClient(app, client=("10.0.0.1", 1)) as nat:
        codes = [nat.post("/api/auth/login", json=bad).status_code for _ in range(3)]
        assert codes == [401, 401, 429]
        assert int(nat.post("/api/auth/login", json=bad).headers["retry-after"]) > 60


def test_cookie_writes_need_the_csrf_header(manager: Api, database: Any) -> None:
    before = table_counts(database)
    token = manager.client.headers.pop("X-CSRF-Token")
    r = manager.post(
        "/api/projects",
        json={
            "name": "x",
            "schema": {
                "fields": {"t": "text"},
                "controls": [{"name": "c", "type": "choices", "field": "t", "options": ["a"]}],
            },
        },
    )
    assert r.status_code == 403 and r.json()["detail"]["code"] == "csrf_failed"
    assert "CSRF" in r.json()["detail"]["message"]
    manager.client.headers["X-CSRF-Token"] = "forged"
    assert manager.post("/api/auth/tokens", json={}).status_code == 403
    assert table_counts(database) == before
    manager.client.headers["X-CSRF-Token"] = token


def test_api_token_authenticates_without_csrf(manager: Api, app: Any) -> None:
    token = manager.post("/api/auth/tokens", json={"name": "sdk"}).json()["token"]
    with TestClient(app) as sdk:
        sdk.headers["Authorization"] = f"Token {token}"
        assert sdk.get("/api/auth/me").json()["email"] == "manager@example.com"
        assert (
            sdk.post(
                "/api/projects",
                json={
                    "name": "via token",
                    "schema": {
                        "fields": {"t": "text"},
                        "controls": [{"name": "c", "type": "rating", "field": "t"}],
                    },
                },
            ).status_code
            == 201
        )
        sdk.headers["Authorization"] = "Token not-a-token"
        assert sdk.get("/api/auth/me").status_code == 401


def test_logout_ends_the_session(manager: Api) -> None:
    assert manager.post("/api/auth/logout").status_code == 204
    assert manager.get("/api/auth/me").status_code == 401


def test_shortcuts_are_stored_per_user_and_never_collide(manager: Api) -> None:
    r = manager.put("/api/auth/me/shortcuts", json={"shortcuts": {"submit": "Enter", "skip": "k"}})
    assert r.status_code == 200
    assert manager.get("/api/auth/me").json()["shortcuts"] == {"submit": "Enter", "skip": "k"}
    assert (
        manager.put("/api/auth/me/shortcuts", json={"shortcuts": {"submit": "k", "skip": "k"}}).status_code
        == 422
    )
    assert manager.put("/api/auth/me/shortcuts", json={"shortcuts": {"skip": "3"}}).status_code == 422
    assert manager.put("/api/auth/me/shortcuts", json={"shortcuts": {"explode": "x"}}).status_code == 422
    assert manager.get("/api/auth/me").json()["shortcuts"] == {"submit": "Enter", "skip": "k"}
