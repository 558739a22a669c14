"""Authors of imported annotations: an existing account by email, else a placeholder account.

A file names its annotators by email (goldlabel's and Label Studio's exports) or by a name
another tool gave. An email with an account here becomes that account's annotation. Any other
author gets a placeholder account of its own, so per-annotator quality still tells them apart:
its email is under the reserved ``.invalid`` domain (RFC 2606: it can never receive mail nor be
anyone's real address), derived from the name (the same name maps to the same placeholder in
every import), it has no password, is inactive, and keeps the original name. ``auth`` refuses
to create or log in any account under ``.invalid``; an import never makes anyone a member.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from goldlabel.db.dialect import insert_or_skip
from goldlabel.db.models import User, utcnow

PLACEHOLDER_DOMAIN = "imported.invalid"
MAX_AUTHOR_CHARS = 320
_SLUG = re.compile(r"[^a-z0-9]+")
_INSERT_USER = insert_or_skip(User, User.id)


def is_reserved(email: str) -> bool:
    """Whether an email is under the reserved ``.invalid`` domain (placeholders' and no one else's)."""
    domain = email.strip().lower().rpartition("@")[2]
    return domain == "invalid" or domain.endswith(".invalid")


def placeholder_email(name: str) -> str:
    """The placeholder's email for an author name: readable, and unique per name."""
    slug = _SLUG.sub("-", name.lower()).strip("-")[:40] or "author"
    digest = hashlib.sha256(name.encode()).hexdigest()[:16]
    return f"{slug}.{digest}@{PLACEHOLDER_DOMAIN}"


def author_key(name: str) -> str:
    """What two author names must differ in to be two annotators: an email's case does not count."""
    name = name.strip()
    return name.lower() if "@" in name else name


class Authors:
    """Author names -> user ids within one import transaction, placeholders made as needed."""

    def __init__(self, db: Session) -> None:
        self._db = db
        self._ids: dict[str, int] = {}

    def ids(self, names: Iterable[str]) -> dict[str, int]:
        wanted = sorted({author_key(n) for n in names} - self._ids.keys())
        if wanted:
            self._resolve(wanted)
        return {n: self._ids[author_key(n)] for n in names}

    def _resolve(self, keys: list[str]) -> None:
        emails = [k for k in keys if "@" in k and not is_reserved(k)]
        for start in range(0, len(emails), 500):
            chunk = emails[start : start + 500]
            for user_id, email in self._db.execute(select(User.id, User.email).where(User.email.in_(chunk))):
                self._ids[email] = user_id
        for key in keys:
            if key not in self._ids:
                self._ids[key] = self._placeholder(key)

    def _placeholder(self, name: str) -> int:
        email = placeholder_email(name)
        conn = self._db.connection()
        values: dict[str, object] = {
            "email": email,
            "password_hash": None,
            "is_admin": False,
            "is_active": False,
            "can_create_projects": False,
            "shortcuts": {},
            "imported_name": name[:MAX_AUTHOR_CHARS],
            "created_at": utcnow(),
        }
        made = conn.execute(_INSERT_USER.for_(conn), values).scalar()
        if made is not None:
            return int(made)
        found = self._db.scalar(select(User.id).where(User.email == email))
        assert found is not None  # the insert skipped because this very email exists
        return int(found)
