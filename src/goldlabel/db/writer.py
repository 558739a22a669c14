"""One SQLite writer at a time, across the threads and the processes of a server.

SQLite admits one write transaction at a time and makes the others wait in its busy handler,
which sleeps (1, 2, 5, ... up to 100 ms) between tries: under contention a waiting writer
sleeps through many free moments. Writers here queue on this lock first instead, and so wake
the moment it is free. Threads of one process take a re-entrant lock; server processes
(``goldlabel start --workers N``) also take an ``flock`` on a file beside the database, which
the kernel hands to the next waiter at once.

Two kinds of writer hold it. A request's short unit on an event loop (``acquire_short``) holds
it for a millisecond or so; a worker thread (``acquire``: imports, uploads, settings) may hold
it for seconds, and says so on a second file while it waits and holds. An event loop waits in
the kernel only behind short units: behind a long writer it returns at once and the request
polls, so the loop keeps serving. The lock files are opened per process (after a fork, a new
process must not share its parent's open files, or their flocks would not exclude).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # Windows: one server process, so the thread lock is enough
    fcntl = None  # type: ignore[assignment]


class _LockFile:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[bytes] | None = None
        self._pid = 0

    def fd(self) -> int:
        if self._file is None or self._pid != os.getpid():
            self._file = self.path.open("ab")  # open as long as the process lives
            self._pid = os.getpid()
        return self._file.fileno()

    def lock(self, mode: int) -> bool:
        try:
            fcntl.flock(self.fd(), mode)
        except BlockingIOError:
            return False
        return True


class WriterLock:
    def __init__(self, database_file: Path | None) -> None:
        shared = database_file is not None and fcntl is not None
        self._main = _LockFile(Path(f"{database_file}-writer.lock")) if shared else None
        self._long = _LockFile(Path(f"{database_file}-writer-long.lock")) if shared else None
        self._threads = threading.RLock()
        self._depth = 0
        self._holds_long = False

    def acquire(self) -> None:
        """Wait for the writer, as a possibly long writer (a worker thread's way)."""
        self._threads.acquire()
        if self._depth == 0 and self._main is not None and self._long is not None:
            try:
                self._long.lock(fcntl.LOCK_EX)
                self._holds_long = True
                self._main.lock(fcntl.LOCK_EX)
            except BaseException:
                self._unlock_files()
                self._threads.release()
                raise
        self._depth += 1

    def acquire_short(self) -> bool:
        """Take the writer for a short unit on the event loop, or return False at once while a
        long writer (a thread, here or in another process) holds it or waits for it. Behind
        other processes' short units it waits in the kernel, which wakes it the moment the
        writer is free (polling across processes starves: a busy process takes the writer
        back between two of its own units long before a poller looks)."""
        if not self._threads.acquire(blocking=False):
            return False
        if self._depth == 0 and self._main is not None:
            if self._long_writer_waits():
                self._threads.release()
                return False
            self._main.lock(fcntl.LOCK_EX)
        self._depth += 1
        return True

    def _long_writer_waits(self) -> bool:
        assert self._long is not None
        if not self._long.lock(fcntl.LOCK_SH | fcntl.LOCK_NB):
            return True
        self._long.lock(fcntl.LOCK_UN)
        return False

    def release(self) -> None:
        self._depth -= 1
        if self._depth == 0:
            self._unlock_files()
        self._threads.release()

    def _unlock_files(self) -> None:
        if self._main is not None:
            self._main.lock(fcntl.LOCK_UN)
        if self._holds_long and self._long is not None:
            self._long.lock(fcntl.LOCK_UN)
            self._holds_long = False

    @contextmanager
    def held(self) -> Iterator[None]:
        self.acquire()
        try:
            yield
        finally:
            self.release()
