"""Engine and session factories: SQLite (WAL, immediate write transactions) or PostgreSQL.

SQLite write transactions start with ``BEGIN IMMEDIATE`` so two writers queue on the busy
timeout instead of failing when a read transaction tries to upgrade to a write. Within one
process, writers also queue on a lock first: SQLite lets only one writer in at a time anyway,
and its busy handler polls with sleeps of up to 100 ms, so under contention a waiting thread
would sleep through many free moments (16 writers: tens of rounds/s and seconds of p99,
against hundreds of rounds/s when they wait on the lock and wake the moment it is free).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

import orjson
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker


def _json_dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            json_serializer=_json_dumps,
            json_deserializer=orjson.loads,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_size=16,
            max_overflow=16,
        )
        _configure_sqlite(engine)
        return engine
    return create_engine(
        url,
        json_serializer=_json_dumps,
        json_deserializer=orjson.loads,
        pool_size=16,
        max_overflow=16,
        pool_pre_ping=True,
    )


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "")
        conn.exec_driver_sql(f"BEGIN {mode}".strip())


class Database:
    """Holds the engine and hands out read or write sessions (one transaction each)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.is_sqlite = url.startswith("sqlite")
        write_engine = (
            self.engine.execution_options(sqlite_begin="IMMEDIATE") if self.is_sqlite else self.engine
        )
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(write_engine, expire_on_commit=False)
        self._write_lock = threading.RLock() if self.is_sqlite else None

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """One transaction: committed on success, rolled back on any error."""
        if not write:
            with self._read() as session, session.begin():
                yield session
            return
        with self._write_lock or nullcontext(), self._write() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
