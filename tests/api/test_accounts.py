"""Accounts through HTTP: the admin's users API, the project-creation right, password changes
and resets (which end sessions), deactivation (which ends sessions and tokens at once), and the
password policy (length, the bundled common-passwords list, not the email)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from goldlabel.db.engine import Database
from goldlabel.services import auth
from tests.api.conftest import PASSWORD, SCHEMA, Api, table_counts

NEW_PASSWORD = "a brand new passphrase"
RESET_PASSWORD = "an admin chose this one"


def _code(r: Any) -> str:
    return str(r.json()["detail"]["code"])


def _counts(database: Database) -> dict[str, int]:
    """Row counts, less the login counters: a password guess is counted on purpose."""
    return {t: n for t, n in table_counts(database).items() if t != "login_throttles"}


def _login(app: Any, email: str, password: str) -> Any:
    with TestClient(app) as client:
        return client.post("/api/auth/login", json={"email": email, "password": password})


@pytest.fixture
def admin(client_for: Callable[..., Api]) -> Api:
    return client_for("admin@example.com", admin=True)


# ---- the project-creation right ---------------------------------------------------------------


def test_creating_projects_is_a_right_an_admin_grants(
    admin: Api, client_for: Callable[..., Api], database: Database
) -> None:
    ann = client_for("ann@example.com")
    me = ann.get("/api/auth/me").json()
    assert me["can_create_projects"] is False and me["is_admin"] is False
    assert admin.get("/api/auth/me").json()["can_create_projects"] is True  # admins always may
    before = table_counts(database)
    r = ann.post("/api/projects", json={"name": "Mine", "schema": SCHEMA})
    assert r.status_code == 403 and _code(r) == "project_creation_required"
    assert table_counts(database) == before

    r = admin.patch(f"/api/users/{me['id']}", json={"can_create_projects": True})
    assert r.status_code == 200 and r.json()["can_create_projects"] is True
    assert ann.get("/api/auth/me").json()["can_create_projects"] is True
    r = ann.post("/api/projects", json={"name": "Mine", "schema": SCHEMA})
    assert r.status_code == 201 and r.json()["role"] == "manager"

    admin.patch(f"/api/users/{me['id']}", json={"can_create_projects": False})
    r = ann.post("/api/projects", json={"name": "Another", "schema": SCHEMA})
    assert r.status_code == 403 and _code(r) == "project_creation_required"
    assert [p["name"] for p in ann.get("/api/projects").json()] == ["Mine"]  # still manages it


# ---- the admin's users API ----------------------------------------------------------------------


def test_admin_creates_accounts_with_a_generated_or_given_password(admin: Api, app: Any) -> None:
    r = admin.post("/api/users", json={"email": "New@Example.com", "can_create_projects": True})
    assert r.status_code == 201, r.text
    body = r.json()
    generated = body["password"]
    assert isinstance(generated, str) and len(generated) >= 16
    assert body["user"] == {
        "id": body["user"]["id"],
        "email": "new@example.com",
        "is_admin": False,
        "is_active": True,
        "can_create_projects": True,
        "created_at": body["user"]["created_at"],
    }
    assert _login(app, "new@example.com", generated).status_code == 200

    r = admin.post(
        "/api/users", json={"email": "set@example.com", "password": NEW_PASSWORD, "is_admin": True}
    )
    assert r.status_code == 201 and r.json()["password"] is None  # nothing to show: it was given
    assert r.json()["user"]["is_admin"] is True and r.json()["user"]["can_create_projects"] is True
    assert _login(app, "set@example.com", NEW_PASSWORD).status_code == 200

    listed = admin.get("/api/users").json()
    assert [u["email"] for u in listed] == [
        "admin@example.com",
        "new@example.com",
        "set@example.com",
    ]
    assert "password" not in admin.get("/api/users").text  # never a hash, never a password


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"email": "weak@example.com", "password": "short"}, "weak_password"),
        ({"email": "weak@example.com", "password": "password123"}, "weak_password"),
        ({"email": "weak@example.com", "password": "Qwertyuiop"}, "weak_password"),
        ({"email": "weak@example.com", "password": "weak@example.com"}, "weak_password"),
        ({"email": "not-an-email"}, "invalid_email"),
        ({"email": "admin@example.com"}, "already_exists"),
        ({"email": "x@example.com", "is_admin": "maybe"}, "invalid_request"),
    ],
)
def test_bad_account_creation_changes_nothing(
    admin: Api, database: Database, body: dict[str, Any], code: str
) -> None:
    before = table_counts(database)
    r = admin.post("/api/users", json=body)
    assert r.status_code in (409, 422) and _code(r) == code, r.text
    assert table_counts(database) == before


def test_only_admins_manage_accounts(
    admin: Api, manager: Api, client_for: Callable[..., Api], app: Any, database: Database
) -> None:
    target = client_for("ann@example.com")
    ann_id = target.get("/api/auth/me").json()["id"]
    before = table_counts(database)
    with TestClient(app) as anonymous:
        for client, status in ((manager, 403), (target, 403), (anonymous, 401)):
            attempts = [
                client.get("/api/users"),
                client.post("/api/users", json={"email": "sneaky@example.com"}),
                client.patch(f"/api/users/{ann_id}", json={"is_admin": True}),
                client.post(f"/api/users/{ann_id}/password", json={}),
            ]
            for r in attempts:
                assert r.status_code == status, r.text
                if status == 403:
                    assert _code(r) == "admin_required"
    assert table_counts(database) == before
    assert target.get("/api/auth/me").json()["is_admin"] is False


def test_admin_cannot_demote_or_deactivate_themself(admin: Api, database: Database) -> None:
    own = admin.get("/api/auth/me").json()["id"]
    before = table_counts(database)
    for body in ({"is_admin": False}, {"is_active": False}):
        r = admin.patch(f"/api/users/{own}", json=body)
        assert r.status_code == 403, r.text
    assert table_counts(database) == before
    assert admin.get("/api/auth/me").json()["is_admin"] is True
    r = admin.patch("/api/users/987654", json={"is_admin": True})
    assert r.status_code == 404


# ---- deactivation ---------------------------------------------------------------------------------


def test_deactivation_ends_sessions_and_tokens_at_once(
    admin: Api, client_for: Callable[..., Api], app: Any, database: Database
) -> None:
    ann = client_for("ann@example.com")
    ann_id = ann.get("/api/auth/me").json()["id"]
    token = ann.post("/api/auth/tokens", json={"name": "script"}).json()["token"]
    before = table_counts(database)
    r = admin.patch(f"/api/users/{ann_id}", json={"is_active": False})
    assert r.status_code == 200 and r.json()["is_active"] is False
    after = table_counts(database)
    assert after["web_sessions"] == before["web_sessions"] - 1  # ann's one session
    assert after["api_tokens"] == before["api_tokens"] - 1
    assert ann.get("/api/auth/me").status_code == 401
    with TestClient(app) as client:
        assert client.get("/api/auth/me", headers={"Authorization": f"Token {token}"}).status_code == 401
    assert _login(app, "ann@example.com", PASSWORD).status_code == 401

    r = admin.patch(f"/api/users/{ann_id}", json={"is_active": True})
    assert r.status_code == 200 and r.json()["is_active"] is True
    assert _login(app, "ann@example.com", PASSWORD).status_code == 200
    with TestClient(app) as client:  # a revoked token stays revoked
        assert client.get("/api/auth/me", headers={"Authorization": f"Token {token}"}).status_code == 401


# ---- passwords ------------------------------------------------------------------------------------


def test_password_change_needs_the_current_one_and_ends_other_sessions(
    client_for: Callable[..., Api], app: Any, database: Database
) -> None:
    here = client_for("ann@example.com")
    other = Api(TestClient(app), "ann@example.com").login()
    try:
        token = here.post("/api/auth/tokens", json={"name": "kept"}).json()["token"]
        before = _counts(database)
        wrong = here.post(
            "/api/auth/me/password", json={"current_password": "not it at all", "new_password": NEW_PASSWORD}
        )
        assert wrong.status_code == 403 and _code(wrong) == "wrong_password"
        weak = here.post(
            "/api/auth/me/password", json={"current_password": PASSWORD, "new_password": "iloveyou2"}
        )
        assert weak.status_code == 422 and _code(weak) == "weak_password"
        assert _counts(database) == before
        assert other.get("/api/auth/me").status_code == 200

        r = here.post(
            "/api/auth/me/password", json={"current_password": PASSWORD, "new_password": NEW_PASSWORD}
        )
        assert r.status_code == 204, r.text
        assert here.get("/api/auth/me").status_code == 200  # the session that changed it stays
        assert other.get("/api/auth/me").status_code == 401  # every other one ended
        with TestClient(app) as client:  # API tokens are separate credentials: they stay
            assert client.get("/api/auth/me", headers={"Authorization": f"Token {token}"}).status_code == 200
        assert _login(app, "ann@example.com", PASSWORD).status_code == 401
        assert _login(app, "ann@example.com", NEW_PASSWORD).status_code == 200
    finally:
        other.client.close()


def test_a_reset_between_the_check_and_the_store_of_a_change_wins(
    admin: Api, client_for: Callable[..., Api], app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change is checked (both passwords hashed) before the short write that stores it. When an
    admin resets the password in between, the password checked is no longer the current one:
    the change is refused like a wrong one and the reset stays."""
    ann = client_for("ann@example.com")
    ann_id = ann.get("/api/auth/me").json()["id"]
    check = auth.check_password_change

    def check_then_reset(*args: Any, **kwargs: Any) -> auth.PasswordChange:
        change = check(*args, **kwargs)
        reset = admin.post(f"/api/users/{ann_id}/password", json={"password": RESET_PASSWORD})
        assert reset.status_code == 200, reset.text
        return change

    monkeypatch.setattr(auth, "check_password_change", check_then_reset)
    change = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    r = ann.post("/api/auth/me/password", json=change)
    assert r.status_code == 403 and _code(r) == "wrong_password"
    assert _login(app, "ann@example.com", NEW_PASSWORD).status_code == 401
    assert _login(app, "ann@example.com", RESET_PASSWORD).status_code == 200


def test_password_guesses_are_rate_limited(
    settings: Any, database: Database, make_user: Callable[..., int]
) -> None:
    from goldlabel.api.app import create_app

    make_user("ann@example.com")
    app = create_app(settings.model_copy(update={"login_attempts_per_minute": 2}), database)
    ann = Api(TestClient(app), "ann@example.com").login()
    try:
        guess = {"current_password": "guess guess 1", "new_password": NEW_PASSWORD}
        codes = [ann.post("/api/auth/me/password", json=guess).status_code for _ in range(3)]
        assert codes == [403, 403, 429]
        right = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
        assert ann.post("/api/auth/me/password", json=right).status_code == 429  # blocked for now
    finally:
        ann.client.close()


def test_admin_reset_ends_every_session_of_the_user(
    admin: Api, client_for: Callable[..., Api], app: Any, database: Database
) -> None:
    ann = client_for("ann@example.com")
    ann_id = ann.get("/api/auth/me").json()["id"]
    before = table_counts(database)
    weak = admin.post(f"/api/users/{ann_id}/password", json={"password": "12345678"})
    assert weak.status_code == 422 and _code(weak) == "weak_password"
    assert table_counts(database) == before
    assert ann.get("/api/auth/me").status_code == 200

    r = admin.post(f"/api/users/{ann_id}/password", json={})
    assert r.status_code == 200, r.text
    generated = r.json()["password"]
    assert ann.get("/api/auth/me").status_code == 401
    assert _login(app, "ann@example.com", PASSWORD).status_code == 401
    assert _login(app, "ann@example.com", generated).status_code == 200

    r = admin.post(f"/api/users/{ann_id}/password", json={"password": NEW_PASSWORD})
    assert r.status_code == 200 and r.json()["password"] is None
    assert _login(app, "ann@example.com", NEW_PASSWORD).status_code == 200
    assert admin.post("/api/users/987654/password", json={}).status_code == 404
