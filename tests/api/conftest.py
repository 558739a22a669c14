"""HTTP-level fixtures: a TestClient per user, logged in through the real login route."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from goldlabel.api.app import create_app
from goldlabel.core.settings import Settings
from goldlabel.db.engine import Database
from goldlabel.db.models import Base, Invitation, User
from goldlabel.services import auth, invitations
from goldlabel.services.access import Actor

PASSWORD = "correct horse battery"
SCHEMA: dict[str, Any] = {
    "fields": {"text": "text"},
    "controls": [
        {
            "name": "sentiment",
            "type": "choices",
            "field": "text",
            "options": ["positive", "negative", "neutral"],
            "required": True,
        },
        {"name": "entities", "type": "spans", "field": "text", "labels": ["PER", "ORG", "LOC"]},
        {"name": "stars", "type": "rating", "field": "text", "min": 1, "max": 5},
        {"name": "note", "type": "text", "field": "text", "max_length": 50},
    ],
    "overlap": 2,
}


class Api:
    """A logged-in browser-like client: session cookie plus the CSRF header on writes."""

    def __init__(self, client: TestClient, email: str) -> None:
        self.client = client
        self.email = email

    def login(self, password: str = PASSWORD) -> Api:
        r = self.client.post("/api/auth/login", json={"email": self.email, "password": password})
        assert r.status_code == 200, r.text
        self.client.headers["X-CSRF-Token"] = self.client.cookies["goldlabel_csrf"]
        return self

    def __getattr__(self, name: str) -> Any:
        return getattr(self.client, name)


@pytest.fixture
def app(settings: Settings, database: Database) -> Any:
    return create_app(settings, database)


@pytest.fixture
def make_user(database: Database) -> Callable[..., int]:
    def make(email: str, *, admin: bool = False, can_create_projects: bool = False) -> int:
        with database.session(write=True) as db:
            return auth.create_user(
                db, email, PASSWORD, is_admin=admin, can_create_projects=can_create_projects
            ).id

    return make


@pytest.fixture
def client_for(app: Any, make_user: Callable[..., int]) -> Iterator[Callable[..., Api]]:
    clients: list[TestClient] = []

    def make(
        email: str, *, admin: bool = False, login: bool = True, can_create_projects: bool = False
    ) -> Api:
        make_user(email, admin=admin, can_create_projects=can_create_projects)
        client = TestClient(app)
        clients.append(client)
        api = Api(client, email)
        return api.login() if login else api

    yield make
    for c in clients:
        c.close()


@pytest.fixture
def manager(client_for: Callable[..., Api]) -> Api:
    """A user an admin allowed to create projects (the creator becomes the project's manager)."""
    return client_for("manager@example.com", can_create_projects=True)


@pytest.fixture
def project(manager: Api) -> dict[str, Any]:
    r = manager.post("/api/projects", json={"name": "Reviews", "schema": SCHEMA})
    assert r.status_code == 201, r.text
    return r.json()


def add_member(manager: Api, project_id: int, email: str, role: str) -> None:
    """Invite through HTTP, then accept as the invitee (through the service: setup, not the test)."""
    r = manager.post(f"/api/projects/{project_id}/members", json={"email": email, "role": role})
    assert r.status_code == 201, r.text
    if r.json()["status"] == "invited":
        accept_invitation(manager.client.app.state.database, project_id, email)


def accept_invitation(database: Database, project_id: int, email: str) -> None:
    with database.session(write=True) as db:
        user = db.scalars(select(User).where(User.email == email)).one()
        invitation = db.scalars(
            select(Invitation.id).where(Invitation.project_id == project_id, Invitation.email == email)
        ).one()
        invitations.accept(db, Actor(id=user.id, email=user.email, is_admin=user.is_admin), invitation)


def import_texts(manager: Api, project_id: int, texts: list[str]) -> None:
    r = manager.post(f"/api/projects/{project_id}/items", json=[{"data": {"text": t}} for t in texts])
    assert r.status_code == 201, r.text


def table_counts(database: Database) -> dict[str, int]:
    """Row counts of every table: negative tests assert these did not change."""
    with database.session() as db:
        return {
            t.name: db.scalar(select(func.count()).select_from(t)) or 0
            for t in Base.metadata.sorted_tables
            if t.name != "job_leases"  # the background loop's own bookkeeping, not data
        }
