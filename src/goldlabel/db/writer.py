"""One SQLite writer at a time, across the threads and the processes of a server.

SQLite admits one write transaction at a time and makes the others wait in its busy handler,
which sleeps (1, 2, 5, ... up to 100 ms) between tries: under contention a waiting writer
sleeps through many free moments. Writers here queue on this lock first instead, and so wake
the moment it is free. Threads of one process take a re-entrant lock; server processes
(``goldlabel start --workers N``) also take an ``flock`` on a file beside the database, which
the kernel hands to the next waiter at once. The lock file is opened per process (after a
fork, a new process must not share its parent's open file, or the flock would not exclude).
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


class WriterLock:
    def __init__(self, database_file: Path | None) -> None:
        self._path = None if database_file is None or fcntl is None else Path(f"{database_file}-writer.lock")
        self._threads = threading.RLock()
        self._depth = 0
        self._file: IO[bytes] | None = None
        self._pid = 0

    def _fd(self) -> int:
        if self._file is None or self._pid != os.getpid():
            assert self._path is not None
            self._file = self._path.open("ab")  # open as long as the process lives
            self._pid = os.getpid()
        return self._file.fileno()

    def acquire(self, *, blocking: bool = True) -> bool:
        """Take the writer. With ``blocking=False`` (the event loop's way) it returns False at once
        while a thread of this process holds the writer, and the caller polls; a writer in
        another server process is waited for in the kernel, which wakes this process the
        moment it is free (polling across processes starves: a busy process takes the writer
        back between two of its own units long before a poller looks)."""
        if not self._threads.acquire(blocking=blocking):
            return False
        if self._depth == 0 and self._path is not None:
            try:
                fcntl.flock(self._fd(), fcntl.LOCK_EX)
            except BaseException:
                self._threads.release()
                raise
        self._depth += 1
        return True

    def release(self) -> None:
        self._depth -= 1
        if self._depth == 0 and self._path is not None:
            fcntl.flock(self._fd(), fcntl.LOCK_UN)
        self._threads.release()

    @contextmanager
    def held(self) -> Iterator[None]:
        self.acquire()
        try:
            yield
        finally:
            self.release()
