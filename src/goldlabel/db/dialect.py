"""What differs between SQLite and PostgreSQL, in one place: services never branch on the dialect.

Both dialects have ``INSERT … ON CONFLICT`` with the same SQLAlchemy construct, but it lives in
each dialect's own module; ``insert`` picks the right one for a connection or session.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Connection, func
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

_INSERTS: dict[str, Any] = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def dialect_name(db: Session | Connection) -> str:
    bind = db.get_bind() if isinstance(db, Session) else db
    return bind.dialect.name


def insert(db: Session | Connection, table: Any) -> Any:
    """An INSERT with ``on_conflict_do_nothing`` / ``on_conflict_do_update`` for this database."""
    return _INSERTS[dialect_name(db)](table)


def random_rank(db: Session | Connection) -> Any:
    """A random queue rank per row (an UPDATE's value): shuffles a project's items."""
    if dialect_name(db) == "sqlite":
        return func.abs(func.random()) % (1 << 62)
    return func.floor(func.random() * (1 << 52)).cast(BigInteger())
