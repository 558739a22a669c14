"""The load client, run as its own process so its CPU is not the server's: `next` + save rounds.

A round is ``next``, then the system's saves in order (goldlabel's web UI: the autosaved draft,
then the submission of that draft; Label Studio: one submit). A save's path and body may use
what the previous answer returned (``{id}`` in the path, ``carry``: fields copied into the
body, e.g. the annotation's ``version``).

Reads a JSON config on stdin and prints one JSON result on stdout. Two modes:
- ``closed``: every annotator loops next -> submit without pause for ``duration`` seconds;
- ``paced``: every annotator starts one round each ``period`` seconds (phases spread evenly),
  so the offered load is ``len(tokens) / period`` rounds/s.
Latencies are in milliseconds; the client's own CPU share is reported so a saturated client
shows up instead of passing for a slow server.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any

import aiohttp
import psutil
import uvloop


class Annotator:
    def __init__(self, session: aiohttp.ClientSession, cfg: dict[str, Any], token: str, index: int) -> None:
        self.session, self.cfg, self.index = session, cfg, index
        self.headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
        self.next_ms: list[float] = []
        self.draft_ms: list[float] = []  # every save but the last
        self.submit_ms: list[float] = []  # the last save: the submission
        self.round_ms: list[float] = []
        self.errors: dict[str, int] = {}
        self.empty = 0

    def _error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1

    async def round(self) -> bool:
        """One next + the saves; False when the queue had nothing for this annotator."""
        base = self.cfg["base"]
        t0 = time.perf_counter()
        async with self.session.get(base + self.cfg["next_path"], headers=self.headers) as resp:
            raw = await resp.read()
            status = resp.status
        t1 = time.perf_counter()
        self.next_ms.append((t1 - t0) * 1000)
        if status in self.cfg["empty_statuses"]:
            self.empty += 1
            return False
        if status != 200:
            self._error(f"next {status}")
            return True
        previous: dict[str, Any] = {"item": json.loads(raw)["id"]}
        saves = self.cfg["saves"]
        for i, save in enumerate(saves):
            last = i == len(saves) - 1
            body = {**save["body"], **{k: previous[k] for k in save.get("carry", ())}}
            url = base + save["path"].format(**previous)
            t = time.perf_counter()
            async with self.session.request(
                save["method"], url, data=json.dumps(body).encode(), headers=self.headers
            ) as resp:
                raw = await resp.read()
                status = resp.status
            (self.submit_ms if last else self.draft_ms).append((time.perf_counter() - t) * 1000)
            if status not in (200, 201):
                self._error(f"{save['method']} {status}")
                return True
            if not last:
                previous = {"item": previous["item"], **json.loads(raw)}
        self.round_ms.append((time.perf_counter() - t0) * 1000)
        return True

    async def closed(self, deadline: float) -> None:
        while time.perf_counter() < deadline:
            if not await self.round():
                await asyncio.sleep(0.05)

    async def paced(self, start: float, deadline: float, period: float, phase: float) -> None:
        tick = start + phase
        while True:
            delay = tick - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            if tick >= deadline:
                return
            await self.round()
            tick += period
            # A round slower than the period starts the next one at once (no burst catch-up).
            tick = max(tick, time.perf_counter())


async def run(cfg: dict[str, Any]) -> dict[str, Any]:
    connector = aiohttp.TCPConnector(limit=0, force_close=False)
    timeout = aiohttp.ClientTimeout(total=cfg.get("timeout", 120))
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        annotators = [Annotator(session, cfg, tok, i) for i, tok in enumerate(cfg["tokens"])]
        proc = psutil.Process()
        cpu0 = proc.cpu_times()
        start = time.perf_counter()
        deadline = start + cfg["duration"]
        if cfg["mode"] == "closed":
            await asyncio.gather(*(a.closed(deadline) for a in annotators))
        else:
            period = cfg["period"]
            n = len(annotators)
            await asyncio.gather(
                *(a.paced(start, deadline, period, period * i / n) for i, a in enumerate(annotators))
            )
        wall = time.perf_counter() - start
        cpu1 = proc.cpu_times()
    merged: dict[str, int] = {}
    for a in annotators:
        for k, v in a.errors.items():
            merged[k] = merged.get(k, 0) + v
    return {
        "wall_s": wall,
        "client_cpu_share": ((cpu1.user + cpu1.system) - (cpu0.user + cpu0.system)) / wall,
        "rounds": sum(len(a.round_ms) for a in annotators),
        "next_ms": [x for a in annotators for x in a.next_ms],
        "draft_ms": [x for a in annotators for x in a.draft_ms],
        "submit_ms": [x for a in annotators for x in a.submit_ms],
        "round_ms": [x for a in annotators for x in a.round_ms],
        "errors": merged,
        "empty": sum(a.empty for a in annotators),
    }


def main() -> None:
    cfg = json.loads(sys.stdin.read())
    print(json.dumps(uvloop.run(run(cfg))))


if __name__ == "__main__":
    main()
