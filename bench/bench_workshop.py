"""Workshop load benchmark: 50 trainees in one live workshop across two server processes.

    python bench/bench_workshop.py [--quick] [--trainees 50] [--items 5] [--workers 2]

Starts ``goldlabel start --workers 2`` on a fresh data dir (SQLite, the default), makes a
project with gold items, a trainer and the trainees (accounts, memberships and API tokens
written to the database before the load starts), then drives everything over HTTP on loopback
with httpx async clients: each trainee joins and listens to the workshop's Server-Sent-Events
stream, and per item answers once at a random moment within ``--spread`` seconds; the trainer
listens too and reveals, then moves on. The kernel spreads the connections over the two
workers (``SO_REUSEPORT``), so answers written through one process reach a trainer listening
on the other through the database poller. Measured: from each answer's POST being sent to its
first appearance in the trainer's stream (p50/p95/max, goal: within 1 s), and from each reveal
to the last trainee seeing it. Prints a markdown table with the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import psutil
from bench_server import free_port, machine, pct

from goldlabel.db.engine import Database
from goldlabel.db.models import Member
from goldlabel.services import auth, tokens

SCHEMA = {
    "fields": {"text": "text"},
    "controls": [
        {
            "name": "sentiment",
            "type": "choices",
            "field": "text",
            "options": ["pos", "neg", "neu"],
            "required": True,
        },
        {"name": "entities", "type": "spans", "field": "text", "labels": ["PER", "ORG"]},
    ],
}
TEXT = "Ada Lovelace met Charles Babbage in London."
POSITION = re.compile(r'"position":(\d+)')
REFERENCE = {"sentiment": "pos", "entities": [{"id": "r1", "start": 0, "end": 12, "label": "PER"}]}


def start_server(data_dir: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    goldlabel = str(Path(sys.executable).with_name("goldlabel"))
    cmd = [goldlabel, "start", "--no-demo", "--host", "127.0.0.1", "--port", str(port)]
    cmd += ["--data-dir", str(data_dir), "--workers", str(workers)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOLDLABEL_")}
    log = (data_dir.parent / "server.log").open("w")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/auth/me", timeout=1).status_code == 401:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.terminate()
    raise SystemExit("the server did not start; see server.log")


def setup(data_dir: Path, base: str, trainees: int, items: int) -> tuple[int, str, list[str], list[int]]:
    """Accounts and tokens in the database; the project, items and gold over HTTP."""
    database = Database(f"sqlite:///{(data_dir / 'goldlabel.sqlite3').resolve()}")
    with database.session(write=True) as db:
        admin = auth.create_user(db, "trainer@bench.local", "bench-password-1", is_admin=True)
        trainer_token = tokens.create_token(db, admin.id, name="bench").token
        people = [
            auth.create_user(db, f"trainee{i}@bench.local", f"bench-password-{i}") for i in range(trainees)
        ]
        trainee_tokens = [tokens.create_token(db, u.id, name="bench").token for u in people]
    http = httpx.Client(base_url=base, headers={"Authorization": f"Token {trainer_token}"}, timeout=60)
    pid = (
        http.post("/api/projects", json={"name": "Workshop bench", "schema": SCHEMA})
        .raise_for_status()
        .json()["id"]
    )
    rows = [{"id": f"w{i}", "data": {"text": f"{TEXT} ({i})"}} for i in range(items)]
    http.post(f"/api/projects/{pid}/items", json=rows).raise_for_status()
    item_ids = [
        i["id"] for i in http.get(f"/api/projects/{pid}/items", params={"page_size": 100}).json()["items"]
    ]
    for item_id in item_ids:
        gold = {"result": REFERENCE, "explanations": {"sentiment": "a happy meeting"}, "set": "practice"}
        http.put(f"/api/items/{item_id}/gold", json=gold).raise_for_status()
    with database.session(write=True) as db:
        for u in people:
            db.add(Member(project_id=pid, user_id=u.id, role="annotator"))
    database.dispose()
    http.close()
    return pid, trainer_token, trainee_tokens, item_ids


async def sse(client: httpx.AsyncClient, wid: int, on_state: Any, ready: asyncio.Event) -> None:
    async with client.stream("GET", f"/api/workshops/{wid}/events", timeout=None) as res:
        res.raise_for_status()
        ready.set()
        name = ""
        async for line in res.aiter_lines():
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: ") and name == "state":
                on_state(line[6:], time.perf_counter())


async def run(
    base: str, pid: int, trainer_token: str, trainee_tokens: list[str], args: argparse.Namespace
) -> dict[str, Any]:
    # Under uvicorn's 5 s keep-alive: a connection the server is closing is never reused.
    limits = httpx.Limits(max_connections=4, keepalive_expiry=3)
    trainer = httpx.AsyncClient(
        base_url=base, headers={"Authorization": f"Token {trainer_token}"}, limits=limits
    )
    res = await trainer.post(
        f"/api/projects/{pid}/workshops", json={"title": "bench", "gold_set": "practice"}
    )
    wid = res.raise_for_status().json()["id"]
    emails = [f"trainee{i}@bench.local" for i in range(len(trainee_tokens))]
    clients = [
        httpx.AsyncClient(base_url=base, headers={"Authorization": f"Token {t}"}, limits=limits, timeout=30)
        for t in trainee_tokens
    ]
    await asyncio.gather(*(c.post(f"/api/workshops/{wid}/join") for c in clients))

    sent: dict[tuple[int, str], float] = {}
    arrived: dict[tuple[int, str], float] = {}
    seen_reveal: dict[tuple[int, int], float] = {}
    answered: dict[tuple[int, str], float] = {}  # each answer POST's round trip

    def trainer_state(data: str, now: float) -> None:
        state = json.loads(data)
        for a in state.get("answers") or []:
            key = (state["position"], a["user"])
            arrived.setdefault(key, now)

    def trainee_state(n: int) -> Any:
        def on(data: str, now: float) -> None:
            """Only whether it is a reveal (no JSON parsing: the client must not be the bottleneck)."""
            if '"state":"revealed"' in data and (found := POSITION.search(data)):
                seen_reveal.setdefault((int(found.group(1)), n), now)

        return on

    readies = [asyncio.Event() for _ in range(len(clients) + 1)]
    tasks = [asyncio.create_task(sse(trainer, wid, trainer_state, readies[0]))]
    tasks += [
        asyncio.create_task(sse(c, wid, trainee_state(n), readies[n + 1])) for n, c in enumerate(clients)
    ]
    await asyncio.wait_for(asyncio.gather(*(r.wait() for r in readies)), 60)
    rng = random.Random(11)
    reveal_lag: list[float] = []
    state = (await trainer.get(f"/api/workshops/{wid}")).json()
    for position in range(state["items"]):
        item_id = (await trainer.get(f"/api/workshops/{wid}")).json()["item"]["id"]

        async def answer(n: int, c: httpx.AsyncClient, position: int, item_id: int) -> None:
            await asyncio.sleep(rng.uniform(0, args.spread))
            body = {"item_id": item_id, "result": {"sentiment": rng.choice(["pos", "pos", "neg", "neu"])}}
            sent[(position, emails[n])] = t = time.perf_counter()
            (await c.post(f"/api/workshops/{wid}/answer", json=body)).raise_for_status()
            answered[(position, emails[n])] = time.perf_counter() - t

        await asyncio.gather(*(answer(n, c, position, item_id) for n, c in enumerate(clients)))
        deadline = time.perf_counter() + 10
        while sum(1 for k in arrived if k[0] == position) < len(clients) and time.perf_counter() < deadline:
            await asyncio.sleep(0.01)
        t0 = time.perf_counter()
        (await trainer.post(f"/api/workshops/{wid}/reveal")).raise_for_status()
        while (
            sum(1 for k in seen_reveal if k[0] == position) < len(clients)
            and time.perf_counter() < deadline + 10
        ):
            await asyncio.sleep(0.01)
        last = max((v for k, v in seen_reveal.items() if k[0] == position), default=float("nan"))
        reveal_lag.append(last - t0)
        if position + 1 < state["items"]:
            (await trainer.post(f"/api/workshops/{wid}/next", json={"position": position})).raise_for_status()
    latencies = [arrived[k] - sent[k] for k in sent if k in arrived]
    lost = len(sent) - len(latencies)
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    for c in (trainer, *clients):
        await c.aclose()
    posts = list(answered.values())
    # What the push adds: from the answer's response (it is stored) to the trainer's stream.
    pushed = [max(0.0, arrived[k] - sent[k] - answered[k]) for k in sent if k in arrived and k in answered]
    return {
        "latencies": latencies,
        "lost": lost,
        "reveal": reveal_lag,
        "answers": len(sent),
        "posts": posts,
        "pushed": pushed,
    }


def connections_per_worker(server: subprocess.Popen[bytes], port: int) -> list[int]:
    """Established connections on the port per worker process (they should share the load)."""
    counts = []
    for child in psutil.Process(server.pid).children():
        conns = [
            c
            for c in child.net_connections(kind="tcp")
            if c.laddr and c.laddr.port == port and c.status == "ESTABLISHED"
        ]
        counts.append(len(conns))
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--trainees", type=int, default=50)
    parser.add_argument("--items", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--spread", type=float, default=3.0, help="seconds over which a round's answers arrive"
    )
    parser.add_argument("--quick", action="store_true", help="10 trainees, 2 items")
    args = parser.parse_args()
    if args.quick:
        args.trainees, args.items = 10, 2
    work = Path(tempfile.mkdtemp(prefix="bench-workshop-"))
    data_dir = work / "data"
    data_dir.mkdir()
    port = free_port()
    server = start_server(data_dir, port, args.workers)
    try:
        base = f"http://127.0.0.1:{port}"
        pid, trainer_token, trainee_tokens, _ = setup(data_dir, base, args.trainees, args.items)
        spread: list[int] = []

        def tree_cpu() -> float:
            procs = [psutil.Process(server.pid), *psutil.Process(server.pid).children()]
            return sum(p.cpu_times().user + p.cpu_times().system for p in procs)

        async def with_probe() -> dict[str, Any]:
            task = asyncio.create_task(run(base, pid, trainer_token, trainee_tokens, args))
            while not task.done():
                await asyncio.sleep(1.0)
                counts = await asyncio.to_thread(connections_per_worker, server, port)
                if sum(counts) > sum(spread):
                    spread[:] = counts
            return await task

        cpu0 = tree_cpu()
        out = asyncio.run(with_probe())
        cpu = tree_cpu() - cpu0
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)
    lat = out["latencies"]
    ms = lambda v: f"{v * 1000:.0f} ms"  # noqa: E731
    print(f"\nMachine: {machine()}")
    print(
        f"{args.trainees} trainees, {args.items} items, {args.workers} server processes, "
        f"answers spread over {args.spread} s"
    )
    print(f"connections per server process at the peak: {spread}")
    per = cpu / out["answers"] * 1000
    print(f"server CPU during the run: {cpu:.1f} s ({per:.0f} ms per answer, all included)")
    print(f"load average during the run (1 min, {os.cpu_count()} cores): {os.getloadavg()[0]:.1f}\n")
    print("| measure | p50 | p95 | max | n |")
    print("|---|---|---|---|---|")
    n = f"{len(lat)} (lost {out['lost']})"
    row = f"{ms(pct(lat, 0.5))} | {ms(pct(lat, 0.95))} | {ms(max(lat))} | {n}"
    print(f"| answer POST → trainer's stream | {row} |")
    po = out["posts"]
    print(
        f"| answer POST round trip | {ms(pct(po, 0.5))} | {ms(pct(po, 0.95))} | {ms(max(po))} | {len(po)} |"
    )
    pu = out["pushed"]
    row = f"{ms(pct(pu, 0.5))} | {ms(pct(pu, 0.95))} | {ms(max(pu))} | {len(pu)}"
    print(f"| answer stored → trainer's stream | {row} |")
    rv = out["reveal"]
    who = f"reveal → last of {args.trainees} trainees"
    print(f"| {who} | {ms(pct(rv, 0.5))} | {ms(pct(rv, 0.95))} | {ms(max(rv))} | {len(rv)} |")
    goal = max(lat) < 1.0 and out["lost"] == 0
    print(f"\nGoal (every answer in the trainer's view within 1 s): {'met' if goal else 'NOT met'}")


if __name__ == "__main__":
    main()
