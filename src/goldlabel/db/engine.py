"""Engine and session factories: SQLite (WAL, immediate write transactions) or PostgreSQL.

SQLite write transactions start with ``BEGIN IMMEDIATE`` so two writers never deadlock when a
read transaction tries to upgrade to a write, and they queue on the ``WriterLock`` first
(threads and server processes alike), so a waiting writer wakes the moment the writer is free.

The db package is synchronous code, except ``Database.run``: the one place that knows where a
request's unit of work runs best (see "Execution model" in docs/ARCHITECTURE.md). It uses anyio,
the async runtime the server runs on, and never the web framework.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any, TypeVar

import anyio
import anyio.to_thread
import orjson
from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.exc import DataError
from sqlalchemy.orm import Session, sessionmaker

from goldlabel.core.errors import NotFound
from goldlabel.core.limits import DB_POOL_OVERFLOW, DB_POOL_SIZE, SQLITE_BUSY_TIMEOUT_S, SQLITE_WAL_SIZE_LIMIT
from goldlabel.core.periodic import every
from goldlabel.db.writer import WriterLock

NUMERIC_VALUE_OUT_OF_RANGE = "22003"  # SQLSTATE
T = TypeVar("T")
# While a thread of this process holds the SQLite writer, a request polls for it from the loop.
WRITER_POLL_S = 0.002
CHECKPOINT_EVERY_S = 1.0


def _json_dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def make_engine(url: str, *, background_checkpoints: bool = False) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            json_serializer=_json_dumps,
            json_deserializer=orjson.loads,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_S},
            pool_size=DB_POOL_SIZE,
            max_overflow=DB_POOL_OVERFLOW,
        )
        _configure_sqlite(engine, autocheckpoint=not background_checkpoints)
        return engine
    return create_engine(
        url,
        json_serializer=_json_dumps,
        json_deserializer=orjson.loads,
        pool_size=DB_POOL_SIZE,
        max_overflow=DB_POOL_OVERFLOW,
        pool_pre_ping=True,
    )


def _configure_sqlite(engine: Engine, *, autocheckpoint: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
        if not autocheckpoint:
            cur.execute("PRAGMA wal_autocheckpoint=0")
            cur.execute(f"PRAGMA journal_size_limit={SQLITE_WAL_SIZE_LIMIT}")  # trim the log file on restart
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Straight to the driver: every transaction starts here, and SQLAlchemy's statement
        # machinery costs more than SQLite's BEGIN itself.
        mode = conn.get_execution_options().get("sqlite_begin", "")
        conn.connection.driver_connection.execute(f"BEGIN {mode}".strip())


class Database:
    """Holds the engine and hands out read or write sessions (one transaction each)."""

    def __init__(self, url: str, *, background_checkpoints: bool = False) -> None:
        """``background_checkpoints`` (the server's choice, SQLite only): commits never copy the
        write-ahead log back into the database file; ``checkpoints()`` does it in a thread.
        SQLite's automatic checkpoint runs inside the commit that crosses 1,000 log pages and
        fsyncs while that writer still holds the writer lock: under load every writer stalled
        behind it every few seconds (docs/BENCHMARKS.md has the figures)."""
        self.url = url
        self.engine = make_engine(url, background_checkpoints=background_checkpoints)
        self.is_sqlite = url.startswith("sqlite")
        self.background_checkpoints = background_checkpoints and self.is_sqlite
        write_engine = (
            self.engine.execution_options(sqlite_begin="IMMEDIATE") if self.is_sqlite else self.engine
        )
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(write_engine, expire_on_commit=False)
        self._writer = WriterLock(_sqlite_file(url)) if self.is_sqlite else None

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """One transaction: committed on success, rolled back on any error.

        An id beyond a column's range (PostgreSQL's INTEGER ids end at 2**31 - 1; the API takes
        any 64-bit id) names a row that cannot exist: a ``NotFound``, not a server error."""
        try:
            if not write:
                with self._read() as session, session.begin():
                    yield session
                return
            writer = self._writer.held() if self._writer else nullcontext()
            with writer, self._write() as session, session.begin():
                yield session
        except DataError as exc:
            if getattr(exc.orig, "sqlstate", None) != NUMERIC_VALUE_OUT_OF_RANGE:
                raise
            raise NotFound("not found: an id in the request is beyond any stored one") from exc

    async def run(self, work: Callable[[Session], T], *, write: bool = False, long: bool = False) -> T:
        """Run a request's unit of work in one transaction.

        A short unit (a few indexed statements) on SQLite runs right here on the event loop: a
        local file answers in well under a millisecond, less than the hop to a worker thread
        costs, and a worker thread holding the writer waits for the GIL between statements
        while every other writer queues behind it. While a thread of this process holds the
        writer (an import, say), the request polls for it, so the loop keeps serving meanwhile.
        A database across the network is used from a worker thread: a round trip must not stall
        the loop. ``long`` work (it grows with the project, touches files or hashes a password)
        always runs on a worker thread; a long write on SQLite waits there for the writer and
        holds it as a long writer, so requests writing meanwhile poll for it.
        """

        def unit() -> T:
            with self.session(write=write) as session:
                return work(session)

        if long or self._writer is None:
            return await anyio.to_thread.run_sync(unit)
        if not write:
            return unit()
        while not self._writer.acquire_short():
            await anyio.sleep(WRITER_POLL_S)
        try:
            return unit()
        finally:
            self._writer.release()

    @contextmanager
    def checkpoints(self, every_s: float = CHECKPOINT_EVERY_S) -> Iterator[None]:
        """While open, a thread copies the log into the database file every ``every_s``
        seconds (PASSIVE: it never waits for writers or readers, nor they for it)."""
        if not self.background_checkpoints:
            yield
            return

        def checkpoint() -> int:
            """The frames in the log (0: nothing written since it last started afresh)."""
            raw = self.engine.raw_connection()
            try:
                driver = raw.driver_connection
                assert driver is not None  # a pooled connection is open while checked out
                _busy, log_frames, _copied = driver.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            finally:
                raw.close()
            return int(log_frames)

        def tick() -> None:
            assert self._writer is not None
            if not checkpoint():  # the bulk of the copying, beside the writers
                return  # an empty log: nothing written since it started afresh
            # The frames written meanwhile, with writers held off (requests poll, the loops
            # keep serving): a log copied to its end is started afresh by the next writer,
            # where one that writers keep extending would grow without bound.
            with self._writer.held():
                checkpoint()

        with every(every_s, tick, name="sqlite-checkpoints"):
            yield

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL (None in memory): its writer lock lives beside it."""
    name = make_url(url).database
    return Path(name).resolve() if name and name != ":memory:" and not name.startswith("file:") else None
