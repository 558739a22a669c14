"""What differs between SQLite and PostgreSQL, in one place: services never branch on the dialect.

Both dialects have ``INSERT … ON CONFLICT`` with the same SQLAlchemy construct, but it lives in
each dialect's own module; ``insert`` picks the right one for a connection or session, and
``PerDialect`` holds a statement built once per dialect for the hot paths (building a statement
costs more than SQLite takes to run it). A random queue rank is drawn by the database, the same
way for every caller (``random_rank``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from sqlalchemy import BigInteger, ColumnElement, Connection, literal_column
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

T = TypeVar("T")

_INSERTS: dict[str, Any] = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}

# Queue ranks of random-order projects: uniform in [0, RANK_SPACE), drawn by the database.
# PostgreSQL's random() is a double, so its draws are multiples of 2**10 in that range.
RANK_SPACE = 1 << 62
RANDOM_RANK_SQL = {
    "sqlite": f"(random() & {RANK_SPACE - 1})",  # abs(random()) fails on the one value -2**63
    "postgresql": f"floor(random() * {RANK_SPACE})::bigint",
}


def dialect_name(db: Session | Connection) -> str:
    bind = db.get_bind() if isinstance(db, Session) else db
    return bind.dialect.name


def insert(db: Session | Connection, table: Any) -> Any:
    """An INSERT with ``on_conflict_do_nothing`` / ``on_conflict_do_update`` for this database."""
    return _INSERTS[dialect_name(db)](table)


class PerDialect(Generic[T]):
    """One prebuilt statement per dialect; ``for_(conn)`` hands out the one to run."""

    def __init__(self, build: Callable[[Callable[[Any], Any]], T]) -> None:
        """``build`` receives the dialect's ``insert`` and returns the statement."""
        self._by_name = {name: build(make) for name, make in _INSERTS.items()}

    def for_(self, db: Session | Connection) -> T:
        return self._by_name[dialect_name(db)]


def insert_or_skip(table: Any, returning: Any) -> PerDialect[Any]:
    """``INSERT … ON CONFLICT DO NOTHING RETURNING <returning>``: a row that would break a unique
    constraint inserts nothing and returns no row, so the caller answers 409 without the
    savepoint an IntegrityError would need."""
    return PerDialect(lambda make: make(table).on_conflict_do_nothing().returning(returning))


def random_rank(db: Session | Connection) -> ColumnElement[int]:
    """A fresh random queue rank per row, as a SQL expression (``UPDATE … SET rank = …``)."""
    return literal_column(RANDOM_RANK_SQL[dialect_name(db)], BigInteger)
