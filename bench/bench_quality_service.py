"""Quality service benchmark: /agreement, /consensus and /annotators over HTTP on a big project.

    python bench/bench_quality_service.py [--quick] [--annotations N]

Builds a SQLite project with N submitted annotations (default 100,000: 50,000 items, two
answers each, from 20 annotators) on a realistic schema — a single-choice control (Dawid-Skene
consensus) and a spans control — by inserting rows directly with SQLAlchemy core, then serves
it with uvicorn in this process and measures over HTTP with httpx: the first (cold) call of
each report, then the p50/p95 of repeated calls, which the quality cache answers. The goal
(issue #7, point 14): p50 < 200 ms after the first call.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from bench_server import free_port
from sqlalchemy import insert

from goldlabel.api.app import create_app
from goldlabel.core.settings import Settings
from goldlabel.db.engine import Database
from goldlabel.db.migrate import upgrade
from goldlabel.db.models import Annotation, Item, Member, Project, User, utcnow
from goldlabel.services import auth, tokens

SCHEMA: dict[str, Any] = {
    "fields": {"text": "text"},
    "controls": [
        {
            "name": "sentiment",
            "type": "choices",
            "field": "text",
            "options": ["positive", "negative", "neutral"],
        },
        {"name": "entities", "type": "spans", "field": "text", "labels": ["PER", "ORG", "LOC"]},
    ],
    "overlap": 2,
}
WORDS = ["Ada", "met", "Bob", "in", "Paris", "at", "Acme", "on", "a", "rainy", "day", "again"]
ANNOTATORS = 20
BATCH = 10_000
REPEATS = 30


def build(database: Database, n_annotations: int, seed: int = 7) -> tuple[int, str]:
    """The project (items, members, submitted annotations); returns its id and a manager token."""
    rng = random.Random(seed)
    n_items = n_annotations // 2
    now = utcnow()
    with database.session(write=True) as db:
        manager = auth.create_user(db, "manager@bench.local", "bench-password-123")
        token = tokens.create_token(db, manager.id, name="bench").token
        project = Project(name="quality bench", schema=SCHEMA, overlap=2, created_by=manager.id)
        db.add(project)
        db.flush()
        pid = project.id
        db.add(Member(project_id=pid, user_id=manager.id, role="manager"))
        users = list(  # no password: they never log in
            db.scalars(
                insert(User).returning(User.id),
                [{"email": f"ann{i}@bench.local", "shortcuts": {}} for i in range(ANNOTATORS)],
            )
        )
        db.execute(insert(Member), [{"project_id": pid, "user_id": u, "role": "annotator"} for u in users])
    skill = {u: rng.uniform(0.6, 0.95) for u in users}
    labels = SCHEMA["controls"][0]["options"]
    for start in range(0, n_items, BATCH):
        count = min(BATCH, n_items - start)
        with database.session(write=True) as db:
            texts = [" ".join(rng.choices(WORDS, k=8)) for _ in range(count)]
            first = (
                db.execute(
                    insert(Item).returning(Item.id),
                    [
                        {
                            "project_id": pid,
                            "data": {"text": t},
                            "meta": {},
                            "rank": start + i,
                            "claimed": 2,
                            "open": False,
                            "submitted_count": 2,
                            "created_at": now,
                        }
                        for i, t in enumerate(texts)
                    ],
                )
                .scalars()
                .all()
            )
            rows = []
            for item_id, text in zip(first, texts, strict=True):
                truth = rng.choice(labels)
                entity = {"start": 0, "end": len(text.split()[0]), "label": "PER"}
                for author in rng.sample(users, 2):
                    right = rng.random() < skill[author]
                    result = {
                        "sentiment": truth if right else rng.choice(labels),
                        "entities": [entity] if right else [],
                    }
                    rows.append(
                        {
                            "project_id": pid,
                            "item_id": item_id,
                            "author_id": author,
                            "result": result,
                            "status": "submitted",
                            "lead_time_ms": rng.randint(800, 9000),
                            "version": 1,
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
            db.execute(insert(Annotation), rows)
    return pid, token


def timed(client: httpx.Client, path: str) -> tuple[float, float]:
    """Wall-clock and CPU milliseconds of one request. Server and client share this process,
    so the CPU time is the request's cost whatever else the machine runs meanwhile."""
    start, cpu = time.perf_counter(), time.process_time()
    r = client.get(path)
    elapsed, used = (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000
    r.raise_for_status()
    return elapsed, used


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 annotations, a smoke run")
    parser.add_argument("--annotations", type=int, default=100_000)
    args = parser.parse_args()
    n = 10_000 if args.quick else args.annotations
    with tempfile.TemporaryDirectory(prefix="goldlabel-quality-bench-") as tmp:
        settings = Settings(data_dir=Path(tmp), secret_key="b" * 48)
        database = Database(settings.effective_database_url, background_checkpoints=True)
        upgrade(database.engine)
        t0 = time.perf_counter()
        pid, token = build(database, n)
        build_s = time.perf_counter() - t0
        port = free_port()
        server = uvicorn.Server(
            uvicorn.Config(create_app(settings, database), port=port, log_level="warning")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        rows = []
        load = os.getloadavg()[0]
        try:
            with (
                database.checkpoints(),
                httpx.Client(
                    base_url=f"http://127.0.0.1:{port}",
                    headers={"Authorization": f"Token {token}"},
                    timeout=600,
                ) as client,
            ):
                pages = max(1, (n // 2) // 50)
                rng = random.Random(1)
                for name, path in (
                    ("/agreement", f"/api/projects/{pid}/agreement"),
                    ("/consensus?page=N", ""),
                    ("/annotators", f"/api/projects/{pid}/annotators"),
                ):
                    # random pages of the consensus: most calls are a page's first visit
                    paths = [
                        path or f"/api/projects/{pid}/consensus?page={rng.randint(1, pages)}&page_size=50"
                        for _ in range(REPEATS + 1)
                    ]
                    first = timed(client, paths[0])
                    warm = [timed(client, p) for p in paths[1:]]
                    wall, cpu = [w for w, _ in warm], [c for _, c in warm]
                    rows.append(
                        (name, first, statistics.median(wall), pct(wall, 0.95), statistics.median(cpu))
                    )
        finally:
            server.should_exit = True
            thread.join()
            database.dispose()
    print(
        f"\n{n:,} submitted annotations ({n // 2:,} items, {ANNOTATORS} annotators; choices + spans), "
        f"built in {build_s:.1f} s; {platform.processor() or platform.machine()}, {platform.python_version()}"
    )
    print(f"load average before the requests: {load:.1f} on {os.cpu_count()} cores")
    print(
        "\n| route | first call (ms) | p50 after (ms) | p95 after (ms) | CPU p50 after (ms) |"
        "\n|---|---:|---:|---:|---:|"
    )
    for name, (first_ms, _), p50, p95, cpu_ms in rows:
        print(f"| `{name}` | {first_ms:,.0f} | {p50:.1f} | {p95:.1f} | {cpu_ms:.1f} |")


if __name__ == "__main__":
    main()
