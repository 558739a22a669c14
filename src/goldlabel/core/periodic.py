"""A daemon thread that calls a function at a steady pace while a block is open: the SQLite
log checkpoints (``db.engine``) and the background jobs (``api.background``) both run on one."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def every(seconds: float, tick: Callable[[], object], *, name: str) -> Iterator[None]:
    """Call ``tick`` every ``seconds`` on a daemon thread until the block ends; leaving the block
    stops the thread and waits for a running tick to finish."""
    stop = threading.Event()

    def run() -> None:
        while not stop.wait(seconds):
            tick()

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
