"""The SQLite writer lock across threads and processes, and requests waiting for it."""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio
import pytest
from sqlalchemy import text

from goldlabel.db.engine import Database
from goldlabel.db.writer import WriterLock

WAIT_S = 10  # a bound on every wait: a broken lock fails the test instead of hanging it


def _hold_in_child(path: str, holding: Any, release_now: Any, order: Any, child_at: Any) -> None:
    lock = WriterLock(Path(path))
    lock.acquire()
    holding.set()
    release_now.wait(WAIT_S)
    with order.get_lock():  # stamped while still holding: the parent can only come after
        order.value += 1
        child_at.value = order.value
    lock.release()


def test_a_writer_in_another_process_is_waited_for(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("fork")
    holding, release_now = ctx.Event(), ctx.Event()
    order, child_at = ctx.Value("i", 0), ctx.Value("i", 0)
    path = str(tmp_path / "db.sqlite3")
    child = ctx.Process(target=_hold_in_child, args=(path, holding, release_now, order, child_at))
    child.start()
    assert holding.wait(WAIT_S)
    lock = WriterLock(tmp_path / "db.sqlite3")
    assert lock.acquire_short() is False  # a long writer holds it: an event loop does not wait
    parent_at = ctx.Value("i", 0)
    trying = threading.Event()

    def wait_for_it() -> None:
        trying.set()
        lock.acquire()
        with order.get_lock():
            order.value += 1
            parent_at.value = order.value
        lock.release()

    waiter = threading.Thread(target=wait_for_it)
    waiter.start()
    assert trying.wait(WAIT_S)
    release_now.set()
    waiter.join(WAIT_S)
    child.join(WAIT_S)
    assert (child_at.value, parent_at.value) == (1, 2)


def test_a_forked_process_opens_its_own_lock_file(tmp_path: Path) -> None:
    """Server workers are forked from a process that used the lock: an inherited open file
    would share the parent's flock, and the two would not exclude each other."""
    lock = WriterLock(tmp_path / "db.sqlite3")
    lock.acquire()
    lock.release()  # the parent has opened its lock file
    ctx = multiprocessing.get_context("fork")
    go, answered = ctx.Event(), ctx.Event()
    tried, took = ctx.Value("b", -1), ctx.Value("b", 0)

    def child() -> None:
        go.wait(WAIT_S)
        tried.value = lock.acquire_short()  # the same object, inherited: must see the parent's hold
        answered.set()
        lock.acquire()
        took.value = 1
        lock.release()

    proc = ctx.Process(target=child)
    proc.start()
    lock.acquire()
    go.set()
    assert answered.wait(WAIT_S)
    assert tried.value == 0  # refused at once while the parent holds it
    assert took.value == 0
    lock.release()
    proc.join(WAIT_S)
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


def _long_write_in_child(url: str, holding: Any, finish: Any) -> None:
    """Another server process importing: a worker thread's write session, held until ``finish``."""
    database = Database(url)
    with database.session(write=True) as db:
        holding.set()
        finish.wait(WAIT_S)
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
    holding, finish = ctx.Event(), ctx.Event()
    child = ctx.Process(target=_long_write_in_child, args=(url, holding, finish))
    child.start()
    assert holding.wait(WAIT_S)
    events: list[str] = []
    waiting = anyio.Event()

    async def write() -> None:
        waiting.set()  # from here the write polls for the writer, yielding to the loop
        await database.run(lambda db: db.execute(text("INSERT INTO t VALUES (2)")), write=True)
        events.append("write done")

    async def read() -> None:
        await waiting.wait()
        events.append(
            f"read {await database.run(lambda db: db.execute(text('SELECT count(*) FROM t')).scalar())}"
        )
        finish.set()  # only now may the other process's import end

    async with anyio.create_task_group() as tg:
        tg.start_soon(write)
        tg.start_soon(read)
    child.join(WAIT_S)
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
    held, finish = threading.Event(), threading.Event()

    def long_import() -> None:
        with database.session(write=True) as db:
            held.set()
            finish.wait(WAIT_S)
            db.execute(text("INSERT INTO t VALUES (1)"))
        events.append("import done")

    thread = threading.Thread(target=long_import)
    thread.start()
    assert held.wait(WAIT_S)
    waiting = anyio.Event()

    async def write() -> None:
        waiting.set()
        await database.run(lambda db: db.execute(text("INSERT INTO t VALUES (2)")), write=True)
        events.append("write done")

    async def read() -> None:
        await waiting.wait()
        rows = await database.run(lambda db: db.execute(text("SELECT count(*) FROM t")).scalar())
        events.append(f"read {rows}")
        finish.set()

    async with anyio.create_task_group() as tg:
        tg.start_soon(write)
        tg.start_soon(read)
    thread.join()
    assert events == ["read 0", "import done", "write done"]
    with database.session() as db:
        assert db.execute(text("SELECT x FROM t ORDER BY rowid")).scalars().all() == [1, 2]
    database.dispose()


def wait_until(condition: Callable[[], bool], what: str) -> None:
    """Poll a background thread's observable effect, within a bound."""
    deadline = time.monotonic() + WAIT_S
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.01)


def test_the_server_copies_the_log_in_the_background_and_it_restarts(tmp_path: Path) -> None:
    """Commits never checkpoint (that stalled every writer); the server's thread does, and the
    log starts afresh instead of growing while writers keep writing."""
    db_file, wal = tmp_path / "db.sqlite3", tmp_path / "db.sqlite3-wal"
    database = Database(f"sqlite:///{db_file}", background_checkpoints=True)
    with database.session(write=True) as db:
        db.execute(text("CREATE TABLE t (x TEXT)"))
    batch = 500  # rows of 1 kB: about 0.5 MB, 130 pages of the log

    def write_batch() -> None:
        with database.session(write=True) as db:
            db.execute(text("INSERT INTO t VALUES (:x)"), [{"x": "y" * 1000}] * batch)

    before = db_file.stat().st_size
    for _ in range(10):  # 1,300 log pages: past the 1,000 at which a commit would checkpoint
        write_batch()
    assert db_file.stat().st_size == before  # no commit copied the log: it is all still there
    assert wal.stat().st_size > 5_000_000
    with database.checkpoints(every_s=0.05):
        wait_until(lambda: db_file.stat().st_size > before + 5_000_000, "the log was copied")
        log_size = wal.stat().st_size
        for written in range(11, 31):
            write_batch()
            copied = before + written * 500_000
            wait_until(lambda copied=copied: db_file.stat().st_size > copied, f"batch {written} was copied")
        assert wal.stat().st_size < log_size + 2_000_000  # restarted and reused; 20 batches add 10 MB
    with database.session() as db:
        assert db.execute(text("SELECT count(*) FROM t")).scalar() == 30 * batch
    database.dispose()
