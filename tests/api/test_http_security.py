"""HTTP hardening: allowed Host headers, HSTS behind https, the queue's claiming GET needing the
CSRF header on cookie sessions, and API docs that load nothing from elsewhere."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from goldlabel.api import app as app_module
from goldlabel.api.app import create_app
from goldlabel.api.hosts import host_allowed, host_name
from goldlabel.core.settings import Settings
from goldlabel.db.engine import Database
from tests.api.conftest import Api, add_member, import_texts, table_counts

# ---- allowed hosts ------------------------------------------------------------------------------


def test_default_hosts_are_the_local_names_and_the_public_urls() -> None:
    assert Settings().effective_allowed_hosts == ["localhost", "127.0.0.1", "::1"]
    public = Settings(public_url="https://Labels.Example.com:8443/goldlabel")
    assert public.effective_allowed_hosts == ["localhost", "127.0.0.1", "::1", "labels.example.com"]
    assert Settings(allowed_hosts=["a.example", " *.b.example "]).effective_allowed_hosts == [
        "a.example",
        "*.b.example",
    ]


@pytest.mark.parametrize("bad", ["*example.com", "a.*.example.com", "**"])
def test_misplaced_wildcards_are_refused_at_start(bad: str) -> None:
    with pytest.raises(ValueError, match="wildcard"):
        Settings(allowed_hosts=[bad])


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("localhost:8080", "localhost"),
        ("LABELS.example.com", "labels.example.com"),
        ("[::1]:8080", "::1"),
        ("[::1]", "::1"),
        ("127.0.0.1", "127.0.0.1"),
        ("", ""),
        ("[::1", ""),
    ],
)
def test_host_name_drops_the_port(header: str, name: str) -> None:
    assert host_name(header) == name


def test_host_patterns() -> None:
    patterns = ["labels.example.com", "*.corp.example"]
    assert host_allowed("labels.example.com", patterns)
    assert host_allowed("eu.corp.example", patterns)
    assert not host_allowed("corp.example", patterns)  # "*." is for subdomains
    assert not host_allowed("evil.example.com", patterns)
    assert not host_allowed("labels.example.com.evil.net", patterns)
    assert not host_allowed("", ["*"])
    assert host_allowed("anything.at.all", ["*"])


def test_a_wrong_host_is_refused_before_anything_runs(
    settings: Settings, database: Database, make_user: Any
) -> None:
    make_user("ann@example.com")
    app = create_app(settings.model_copy(update={"allowed_hosts": ["labels.example.com"]}), database)
    before = table_counts(database)
    with TestClient(app, base_url="http://rebound.attacker.net") as client:
        r = client.post("/api/auth/login", json={"email": "ann@example.com", "password": "x" * 10})
        assert r.status_code == 400
        detail = r.json()["detail"]
        assert detail["code"] == "invalid_host" and "GOLDLABEL_ALLOWED_HOSTS" in detail["message"]
        assert r.headers["content-security-policy"]  # still with the security headers
        assert client.get("/").status_code == 400
    assert table_counts(database) == before  # the login attempt was not even counted
    with TestClient(app, base_url="https://labels.example.com:443") as client:
        assert client.get("/api/auth/me").status_code == 401  # the right host gets through


# ---- HSTS ------------------------------------------------------------------------------------------


def test_hsts_only_when_the_public_url_is_https(settings: Settings, database: Database) -> None:
    with TestClient(create_app(settings, database)) as client:
        assert "strict-transport-security" not in client.get("/api/auth/me").headers
    https = settings.model_copy(
        update={"public_url": "https://labels.example.com", "allowed_hosts": ["testserver"]}
    )
    with TestClient(create_app(https, database)) as client:
        for path in ("/api/auth/me", "/", "/api/openapi.json"):
            assert client.get(path).headers["strict-transport-security"] == "max-age=31536000"


# ---- the queue's claiming GET ------------------------------------------------------------------


def test_claiming_an_item_with_the_cookie_needs_the_csrf_header(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database, app: Any
) -> None:
    pid = project["id"]
    import_texts(manager, pid, ["one", "two"])
    ann = client_for("ann@example.com")
    add_member(manager, pid, "ann@example.com", "annotator")
    good = ann.client.headers.pop("X-CSRF-Token")
    before = table_counts(database)
    for header in (None, "wrong-token", good + "x"):
        headers = {"X-CSRF-Token": header} if header else {}
        r = ann.get(f"/api/projects/{pid}/next", headers=headers)
        assert r.status_code == 403 and r.json()["detail"]["code"] == "csrf_failed", r.text
    assert table_counts(database) == before  # no assignment: nothing was locked
    # other GETs of the same session need no header
    assert ann.get(f"/api/projects/{pid}").status_code == 200
    r = ann.get(f"/api/projects/{pid}/next", headers={"X-CSRF-Token": good})
    assert r.status_code == 200 and r.json()["data"] == {"text": "one"}
    assert table_counts(database)["assignments"] == before["assignments"] + 1
    # a token client is unaffected
    token = ann.post("/api/auth/tokens", json={"name": "sdk"}, headers={"X-CSRF-Token": good}).json()
    with TestClient(app) as sdk:
        r = sdk.get(f"/api/projects/{pid}/next", headers={"Authorization": f"Token {token['token']}"})
        assert r.status_code == 200 and r.json()["data"] == {"text": "one"}  # the lock it holds


# ---- the API docs, offline ---------------------------------------------------------------------


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script":
            if a.get("src"):
                self.urls.append(a["src"] or "")
            else:
                self.inline_scripts += 1
        if tag == "link" and a.get("href"):
            self.urls.append(a["href"] or "")


STATIC_DOCS = Path(app_module.STATIC_DIR) / "apidocs.html"


@pytest.mark.skipif(not STATIC_DOCS.exists(), reason="the web UI is not built (scripts/build-frontend.sh)")
def test_api_docs_load_only_same_origin_assets(app: Any) -> None:
    with TestClient(app) as client:
        page = client.get("/api/docs")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert "script-src 'self'" in page.headers["content-security-policy"]
        parser = _Assets()
        parser.feed(page.text)
        assert parser.inline_scripts == 0  # the CSP would block an inline script
        assert parser.urls and any(u.endswith(".js") for u in parser.urls)
        assert any(u.endswith(".css") for u in parser.urls)
        for url in parser.urls:
            assert url.startswith("/") and not url.startswith("//"), url  # same origin only
            asset = client.get(url)
            assert asset.status_code == 200, url
        assert not re.search(r"https?://", page.text)
        assert client.get("/api/openapi.json").json()["info"]["title"] == "goldlabel"


def test_api_docs_say_how_to_build_when_the_ui_is_missing(app: Any, monkeypatch: Any, tmp_path: Path) -> None:
    monkeypatch.setattr(app_module, "STATIC_DIR", tmp_path)
    with TestClient(app) as client:
        page = client.get("/api/docs")
    assert page.status_code == 200 and "scripts/build-frontend.sh" in page.text
