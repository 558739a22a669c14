"""The SQLite writer lock across threads and processes, and requests waiting for it."""

from __future__ import annotations

import multiprocessing
import threading
import time
from pathlib import Path
from typing import Any

import anyio
import pytest
from sqlalchemy import text

from goldlabel.db.engine import Database
from goldlabel.db.writer import WriterLock

HOLD_S = 0.4


def _hold_in_child(
    path: str, holding: multiprocessing.synchronize.Event, released_at: multiprocessing.Queue
) -> None:
    lock = WriterLock(Path(path))
    lock.acquire()
    holding.set()
    time.sleep(HOLD_S)
    released_at.put(time.time())
    lock.release()


def test_a_writer_in_another_process_is_waited_for(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("fork")
    holding, released_at = ctx.Event(), ctx.Queue()
    child = ctx.Process(target=_hold_in_child, args=(str(tmp_path / "db.sqlite3"), holding, released_at))
    child.start()
    assert holding.wait(10)
    lock = WriterLock(tmp_path / "db.sqlite3")
    lock.acquire()
    acquired_at = time.time()
    lock.release()
    child.join(10)
    assert acquired_at >= released_at.get(timeout=5)


def test_a_forked_process_opens_its_own_lock_file(tmp_path: Path) -> None:
    """Server workers are forked from a process that used the lock: an inherited open file
    would share the parent's flock, and the two would not exclude each other."""
    lock = WriterLock(tmp_path / "db.sqlite3")
    lock.acquire()
    lock.release()  # the parent has opened its lock file
    ctx = multiprocessing.get_context("fork")
    go, took = ctx.Event(), ctx.Value("b", 0)

    def child() -> None:
        go.wait(10)
        lock.acquire()  # the same object, inherited
        took.value = 1
        lock.release()

    proc = ctx.Process(target=child)
    proc.start()
    lock.acquire()
    go.set()
    time.sleep(HOLD_S)
    assert took.value == 0  # still waiting for the parent
    lock.release()
    proc.join(10)
    assert took.value == 1


def test_threads_queue_and_the_owner_may_reenter(tmp_path: Path) -> None:
    lock = WriterLock(tmp_path / "db.sqlite3")
    lock.acquire()
    lock.acquire()  # re-entrant in one thread (a write session inside a held unit)
    results: list[bool] = []
    other = threading.Thread(target=lambda: results.append(lock.acquire_short()))
    other.start()
    other.join()
    assert results == [False]
    lock.release()
    lock.release()
    other = threading.Thread(target=lambda: results.append(lock.acquire_short()))
    other.start()
    other.join()
    assert results == [False, True]


def _long_write_in_child(url: str, holding: Any, hold_s: float) -> None:
    """Another server process importing: a worker thread's write session, held ``hold_s``."""
    database = Database(url)
    with database.session(write=True) as db:
        holding.set()
        time.sleep(hold_s)
        db.execute(text("INSERT INTO t VALUES (1)"))


@pytest.mark.anyio
async def test_a_long_write_in_another_process_does_not_stall_the_loop(tmp_path: Path) -> None:
    """The loop waits in the kernel only behind short units; behind another process's import
    it polls, so it keeps serving reads meanwhile."""
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    database = Database(url)
    with database.session(write=True) as db:
        db.execute(text("CREATE TABLE t (x INTEGER)"))
    ctx = multiprocessing.get_context("fork")
    holding = ctx.Event()
    child = ctx.Process(target=_long_write_in_child, args=(url, holding, HOLD_S))
    child.start()
    assert holding.wait(10)
    events: list[str] = []

    async def write() -> None:
        await database.run(lambda db: db.execute(text("INSERT INTO t VALUES (2)")), write=True)
        events.append("write done")

    async def read() -> None:
        await anyio.sleep(0.05)
        events.append(
            f"read {await database.run(lambda db: db.execute(text('SELECT count(*) FROM t')).scalar())}"
        )

    async with anyio.create_task_group() as tg:
        tg.start_soon(write)
        tg.start_soon(read)
    child.join(10)
    assert events == ["read 0", "write done"]
    with database.session() as db:
        assert db.execute(text("SELECT x FROM t ORDER BY rowid")).scalars().all() == [1, 2]
    database.dispose()


@pytest.mark.anyio
async def test_a_request_waits_for_a_thread_holding_the_writer_while_the_loop_serves(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    with database.session(write=True) as db:
        db.execute(text("CREATE TABLE t (x INTEGER)"))
    events: list[str] = []
    held = threading.Event()

    def long_import() -> None:
        with database.session(write=True) as db:
            held.set()
            time.sleep(HOLD_S)
            db.execute(text("INSERT INTO t VALUES (1)"))
        events.append("import done")

    thread = threading.Thread(target=long_import)
    thread.start()
    held.wait(5)

    async def write() -> None:
        await database.run(lambda db: db.execute(text("INSERT INTO t VALUES (2)")), write=True)
        events.append("write done")

    async def read() -> None:
        await anyio.sleep(0.05)
        rows = await database.run(lambda db: db.execute(text("SELECT count(*) FROM t")).scalar())
        events.append(f"read {rows}")

    async with anyio.create_task_group() as tg:
        tg.start_soon(write)
        tg.start_soon(read)
    thread.join()
    assert events == ["read 0", "import done", "write done"]
    with database.session() as db:
        assert db.execute(text("SELECT x FROM t ORDER BY rowid")).scalars().all() == [1, 2]
    database.dispose()


def test_the_server_copies_the_log_in_the_background_and_it_restarts(tmp_path: Path) -> None:
    """Commits never checkpoint (that stalled every writer); the server's thread does, and the
    log starts afresh instead of growing while writers keep writing."""
    db_file, wal = tmp_path / "db.sqlite3", tmp_path / "db.sqlite3-wal"
    database = Database(f"sqlite:///{db_file}", background_checkpoints=True)
    with database.session(write=True) as db:
        db.execute(text("CREATE TABLE t (x TEXT)"))

    def write_batch() -> None:  # about 0.5 MB
        with database.session(write=True) as db:
            db.execute(text("INSERT INTO t VALUES (:x)"), [{"x": "y" * 1000}] * 500)

    write_batch()
    before = db_file.stat().st_size
    time.sleep(0.3)
    assert db_file.stat().st_size == before  # still all in the log
    with database.checkpoints(every_s=0.05):
        time.sleep(0.3)
        assert db_file.stat().st_size > before + 400_000
        log_size = wal.stat().st_size
        for _ in range(20):
            write_batch()
            time.sleep(0.06)
        assert wal.stat().st_size < log_size + 5_000_000  # 20 batches would add 10 MB
    with database.session() as db:
        assert db.execute(text("SELECT count(*) FROM t")).scalar() == 21 * 500
    database.dispose()
