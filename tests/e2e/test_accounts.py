"""Accounts in the browser: the admin's users page (create with a generated password shown once,
grant the project-creation right, deactivate), the account page (change the password, create and
revoke an API token), and the API docs rendering offline under the server's CSP."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server, login

pytestmark = pytest.mark.e2e


def test_admin_creates_a_user_who_manages_their_account(new_page, server: Server) -> None:  # type: ignore[no-untyped-def]
    admin = new_page()
    admin.goto(f"{server.url}/login")
    login(admin, server)
    admin.get_by_role("link", name="Users").click()
    admin.wait_for_url(re.compile(r"/admin/users$"))
    form = admin.get_by_role("form", name="New user")
    form.get_by_label("Email").fill("bea@example.org")
    form.get_by_role("button", name="Create user").click()
    secret = admin.get_by_test_id("secret")
    secret.wait_for()
    generated = secret.inner_text().strip()
    assert len(generated) >= 16
    admin.get_by_role("button", name="Done").click()
    row = admin.get_by_role("table", name="Users").locator("tr").filter(has_text="bea@example.org")
    row.filter(has_text="active").wait_for()

    # bea logs in with the generated password; she may not create projects yet
    bea = new_page()
    bea.goto(f"{server.url}/login")
    login(bea, server, "bea@example.org", generated)
    bea.get_by_role("heading", name="Projects").wait_for()
    assert bea.get_by_role("button", name="New project").count() == 0
    admin.get_by_label("May create projects: bea@example.org").click()
    expect(admin.get_by_label("May create projects: bea@example.org")).to_be_checked()
    bea.reload()
    bea.get_by_role("button", name="New project").wait_for()

    # the account page: a wrong current password is refused, then the change goes through
    bea.get_by_role("link", name="bea@example.org").click()
    bea.wait_for_url(re.compile(r"/account$"))
    password = bea.get_by_role("form", name="Change password")
    password.get_by_label("Current password").fill("not the password")
    password.get_by_label("New password", exact=True).fill("bea's own passphrase")
    password.get_by_label("Repeat the new password").fill("bea's own passphrase")
    password.get_by_role("button", name="Change password").click()
    password.get_by_role("alert").filter(has_text="current password is wrong").wait_for()
    password.get_by_label("Current password").fill(generated)
    password.get_by_role("button", name="Change password").click()
    password.get_by_role("status").filter(has_text="Password changed").wait_for()

    # an API token: created with an expiry, shown once, listed without its secret, revoked
    tokens = bea.get_by_role("region", name="API tokens")
    tokens.get_by_label("Token name").fill("nightly sync")
    tokens.get_by_label("Expires").select_option(label="Expires in 7 days")
    tokens.get_by_role("button", name="Create token").click()
    token = tokens.get_by_test_id("secret").inner_text().strip()
    auth = {"Authorization": f"Token {token}"}
    assert httpx.get(f"{server.url}/api/auth/me", headers=auth).json()["email"] == "bea@example.org"
    tokens.get_by_role("button", name="Done").click()
    token_row = tokens.locator("tr").filter(has_text="nightly sync")
    token_row.wait_for()
    assert token not in bea.content()
    bea.once("dialog", lambda d: d.accept())
    token_row.get_by_role("button", name="Revoke").click()
    token_row.wait_for(state="detached")
    assert httpx.get(f"{server.url}/api/auth/me", headers=auth).status_code == 401

    # deactivation logs bea out at once
    admin.once("dialog", lambda d: d.accept())
    row.get_by_role("button", name="Deactivate").click()
    row.filter(has_text="deactivated").wait_for()
    bea.reload()
    bea.wait_for_url(re.compile(r"/login"))


def test_api_docs_render_from_the_server_alone(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    requested: list[str] = []
    blocked: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{server.url}/api/docs")
    page.locator(".swagger-ui .info .title").filter(has_text="goldlabel").wait_for()
    page.locator(".opblock-summary-path").filter(has_text="/api/auth/login").first.wait_for()
    foreign = [u for u in requested if not u.startswith(server.url) and not u.startswith("data:")]
    assert foreign == [], foreign
    scripts_blocked = [m for m in blocked if "script" in m.lower()]
    assert scripts_blocked == [], scripts_blocked


def test_start_keeps_no_secret_key(server: Server) -> None:
    """Nothing is signed, so `goldlabel start` no longer generates a secret into the data dir."""
    assert (server.data_dir / "goldlabel.sqlite3").exists()
    assert not (server.data_dir / "secret_key").exists()
