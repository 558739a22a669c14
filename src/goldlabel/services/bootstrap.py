"""First start: migrate, and on an empty database create the first admin and the demo project.

No built-in default user: the admin's password is generated here and shown once.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import func, select

from goldlabel.db.engine import Database
from goldlabel.db.migrate import upgrade
from goldlabel.db.models import User
from goldlabel.services import auth, demo
from goldlabel.services.access import Actor

ADMIN_EMAIL = "admin@goldlabel.local"


@dataclass(frozen=True, slots=True)
class FirstStart:
    admin_email: str
    admin_password: str
    demo_project_id: int | None


def prepare(database: Database, *, with_demo: bool = True) -> FirstStart | None:
    """Migrate; if there are no users yet, create the admin (and demo) and return the credentials."""
    upgrade(database.engine)
    with database.session(write=True) as db:
        if db.scalar(select(func.count()).select_from(User)):
            return None
        password = secrets.token_urlsafe(12)
        admin = auth.create_user(db, ADMIN_EMAIL, password, is_admin=True)
        project_id = None
        if with_demo:
            project_id = demo.create_demo_project(db, Actor(id=admin.id, email=admin.email, is_admin=True))
    return FirstStart(admin_email=ADMIN_EMAIL, admin_password=password, demo_project_id=project_id)
