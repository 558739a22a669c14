"""Final-labels benchmark: the background job's cost and the labels=final export at scale.

    python bench/bench_final_labels.py [--items 10000 100000] [--postgres URL]

Builds the quality benchmark's project (``bench_quality_service.build``: two submitted answers
per item from 20 annotators, a single-choice control and a spans control), all items stale,
then times with the services directly (no HTTP):

- ``first``: the job computing every item (Dawid-Skene fit + the spans' own aggregate per item);
- ``round (DS)``: one round after 100 new submissions (the second such round: the process's
  cache is warm) — the project-wide refit, the 100 items, and whatever other rows the refit
  moved (``rows rewritten``);
- ``round (MV)``: the same round with majority vote (no project-wide fit: only the 100 items);
- ``export``: ``export?format=jsonl&labels=final`` read to the end (rows read from
  ``final_labels``), and ``labels=annotations`` beside it for scale.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import tempfile
import time
from pathlib import Path

from bench_quality_service import build
from sqlalchemy import select, update

from goldlabel.db.engine import Database
from goldlabel.db.migrate import upgrade
from goldlabel.db.models import Item, Project, User
from goldlabel.services.access import Actor
from goldlabel.services.exports import export_project
from goldlabel.services.final_labels import refresh_project, run_job

NEW_SUBMISSIONS = 100


def _stale(database: Database, pid: int, ids: list[int] | None) -> None:
    with database.session(write=True) as db:
        query = update(Item).where(Item.project_id == pid)
        if ids is not None:
            query = query.where(Item.id.in_(ids))
        db.execute(query.values(final_stale=True))


def _timed(work: object) -> float:
    start = time.perf_counter()
    work()  # type: ignore[operator]
    return time.perf_counter() - start


def run(url: str, n_items: int) -> dict[str, float]:
    database = Database(url)
    upgrade(database.engine)
    pid, _ = build(database, 2 * n_items)
    with database.session() as db:
        ids = list(db.scalars(select(Item.id).where(Item.project_id == pid)))
        manager = db.scalars(select(User).where(User.email == "manager@bench.local")).one()
        actor = Actor(id=manager.id, email=manager.email, is_admin=False)
    rng = random.Random(1)
    _stale(database, pid, None)
    out = {"first": _timed(lambda: refresh_project(database, pid))}
    written: list[int] = []
    for _ in range(2):  # the second round is the steady state: the process's cache is warm
        _stale(database, pid, rng.sample(ids, NEW_SUBMISSIONS))
        out["round (DS)"] = _timed(lambda: written.append(refresh_project(database, pid)))
    out["rows (DS)"] = written[-1]
    with database.session(write=True) as db:
        db.execute(update(Project).where(Project.id == pid).values(consensus={"method": "majority_vote"}))
    _stale(database, pid, rng.sample(ids, NEW_SUBMISSIONS))
    out["round (MV)"] = _timed(lambda: run_job(database))
    for labels in ("final", "annotations"):
        out[f"export {labels}"] = _timed(
            lambda labels=labels: sum(
                len(c) for c in export_project(database, actor, pid, "jsonl", labels=labels)
            )
        )
    database.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--postgres", help="a PostgreSQL URL to use instead of a temporary SQLite file")
    args = parser.parse_args()
    machine = platform.processor() or platform.machine()
    print(f"machine: {machine}, {os.cpu_count()} cores, Python {platform.python_version()}")
    keys = ("first", "round (DS)", "rows (DS)", "round (MV)", "export final", "export annotations")
    print("| items | " + " | ".join(k.replace("rows", "rows rewritten") for k in keys) + " |")
    print("|---" * (len(keys) + 1) + "|")
    for n in args.items:
        with tempfile.TemporaryDirectory() as tmp:
            url = args.postgres or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
            t = run(url, n)
        cells = " | ".join(f"{int(t[k])}" if k.startswith("rows") else f"{t[k]:.2f} s" for k in keys)
        print(f"| {n:,} | {cells} |", flush=True)


if __name__ == "__main__":
    main()
