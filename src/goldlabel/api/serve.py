"""Serve the app: one uvicorn process, or on Linux several forked worker processes.

Python runs one thread at a time per process, so one process uses one core; the labeling
loop needs more (16 annotators on 2 cores: 125 rounds/s in one process, 170 in two). The app
is built once, before the fork, and ``gc.freeze()`` keeps its objects out of the collector's
way, so the workers share those memory pages with the parent instead of copying them. Each
worker listens on its own ``SO_REUSEPORT`` socket: the kernel spreads connections evenly,
where with one shared socket the first worker to wake accepts a whole burst of keep-alive
connections (gunicorn's model; measured: one busy core out of two). Every worker opens its
own database connections after the fork; SQLite writers of all workers queue on one writer
lock (``db.writer``). The parent only supervises: it restarts a worker that dies and stops
them all on SIGINT or SIGTERM; workers stop by themselves if the parent is killed outright.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import signal
import socket
import sys
import threading
import time
from types import FrameType

import uvicorn
from fastapi import FastAPI

from goldlabel.core.errors import InvalidInput
from goldlabel.db.engine import Database

log = logging.getLogger("goldlabel.serve")
BACKLOG = 2048
ORPHAN_CHECK_S = 1.0
CRASH_WINDOW_S = 2.0  # a worker dying this soon after its start is not restarted (it would loop)


def default_workers() -> int:
    """One per core, at most 4 (more only add memory on the embedded database); one off Linux,
    where ``SO_REUSEPORT`` does not spread connections."""
    if sys.platform != "linux":
        return 1
    return max(1, min(os.cpu_count() or 1, 4))


def serve(app: FastAPI, database: Database, *, host: str, port: int, workers: int, access_log: bool) -> None:
    try:
        sock = _listen(host, port)
    except OSError as exc:
        raise InvalidInput(
            f"cannot listen on {host}:{port} ({exc.strerror or exc}); is another server using it? "
            "Choose another with --port"
        ) from None
    config = uvicorn.Config(app, access_log=access_log, log_level="warning", proxy_headers=False)
    if workers <= 1 or sys.platform != "linux":
        uvicorn.Server(config).run(sockets=[sock])
        return
    sock.close()  # each worker listens on its own socket
    database.engine.dispose()
    gc.collect()
    gc.freeze()
    _Supervisor(config, database, host, port).run(workers)


def _listen(host: str, port: int) -> socket.socket:
    family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    return socket.create_server((host, port), family=family, backlog=BACKLOG, reuse_port=True)


def _stop_when_orphaned(supervisor: int) -> None:
    """A worker whose supervisor was killed outright (SIGKILL) stops instead of serving on."""
    while os.getppid() == supervisor:
        time.sleep(ORPHAN_CHECK_S)
    os.kill(os.getpid(), signal.SIGTERM)


class _Supervisor:
    def __init__(self, config: uvicorn.Config, database: Database, host: str, port: int) -> None:
        self.config, self.database, self.host, self.port = config, database, host, port
        self.children: dict[int, float] = {}  # pid -> start time
        self.stopping = False

    def run(self, workers: int) -> None:
        signal.signal(signal.SIGINT, self._stop)
        signal.signal(signal.SIGTERM, self._stop)
        for _ in range(workers):
            self._spawn()
        while self.children:
            try:
                pid, status = os.wait()
            except ChildProcessError:
                break
            started = self.children.pop(pid, None)
            if self.stopping or started is None:
                continue
            code = os.waitstatus_to_exitcode(status)
            if time.monotonic() - started < CRASH_WINDOW_S:
                log.error("a server worker exited at start (code %s); stopping", code)
                self._stop(signal.SIGTERM, None)
                sys.exit(1)
            log.warning("a server worker exited (code %s); starting another", code)
            self._spawn()

    def _spawn(self) -> None:
        pid = os.fork()
        if pid:
            self.children[pid] = time.monotonic()
            return
        code = 0
        try:
            os.setpgid(0, 0)  # Ctrl+C reaches the supervisor, which stops the workers once
            for sig in (signal.SIGINT, signal.SIGTERM):
                signal.signal(sig, signal.SIG_DFL)
            self.database.engine.dispose(close=False)
            threading.Thread(target=_stop_when_orphaned, args=(os.getppid(),), daemon=True).start()
            uvicorn.Server(self.config).run(sockets=[_listen(self.host, self.port)])
        except BaseException:
            log.exception("server worker failed")
            code = 1
        finally:
            os._exit(code)

    def _stop(self, signum: int, _frame: FrameType | None) -> None:
        if self.stopping:
            return
        self.stopping = True
        for pid in self.children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
