"""Server processes for the benchmark: start, wait until they answer, RSS of the process tree."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psutil


def _tree(pid: int) -> list[psutil.Process]:
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def tree_memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process and all its descendants, in bytes.

    RSS counts a page shared by several processes (forked workers share the app's pages) once
    per process; PSS splits it among them, so the PSS sum is the memory the tree really uses.
    """
    rss = pss = 0
    for p in _tree(pid):
        with contextlib.suppress(psutil.NoSuchProcess):
            info = p.memory_full_info()
            rss += info.rss
            pss += info.pss
    return rss, pss


def tree_cpu_seconds(pid: int) -> float:
    total = 0.0
    for p in _tree(pid):
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


class PeakMemory:
    """Polls a process tree's memory every ``interval`` seconds in a thread: peak RSS and PSS."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.pid, self.interval = pid, interval
        self.rss = self.pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _sample(self) -> None:
        rss, pss = tree_memory(self.pid)
        self.rss, self.pss = max(self.rss, rss), max(self.pss, pss)

    def _poll(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakMemory:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()


def answers(url: str) -> bool:
    """True once the server sends any HTTP response (an error status counts)."""
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


@dataclass
class Server:
    name: str
    cmd: list[str]
    probe_url: str
    log: Path
    env: dict[str, str] = field(default_factory=dict)
    proc: subprocess.Popen[bytes] | None = None
    start_s: float = 0.0

    def start(self, timeout: float = 600) -> float:
        """Start and wait until the probe answers; returns the seconds it took."""
        env = {**os.environ, **self.env}
        t0 = time.perf_counter()
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                self.cmd, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
            )
        while not answers(self.probe_url):
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}; see {self.log}")
            if time.perf_counter() - t0 > timeout:
                raise RuntimeError(f"{self.name} did not answer within {timeout} s; see {self.log}")
            time.sleep(0.05)
        self.start_s = time.perf_counter() - t0
        return self.start_s

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
