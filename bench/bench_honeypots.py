"""Honeypots' cost on the labeling loop: `next` + submit at 16 annotators, honeypots at 0% vs 10%.

    python bench/bench_honeypots.py [--quick] [--rounds 5] [--window 10] [--past-warmup]
                                    [--postgres-url URL]

One goldlabel server (``goldlabel start``, the embedded SQLite database by default; PostgreSQL
with ``--postgres-url``, a database whose public schema the bench drops and recreates; the
server migrates it) is driven by the server
benchmark's load client (bench/server/loadgen.py, its own process, closed loop: every annotator
runs next -> draft -> submit without pause). Each round makes two fresh projects with the same
items — production items, then honeypots in a later import, as teams do — one with
``training.honeypot_rate`` 0 and one with 0.1, and runs the load on each for ``--window``
seconds, in alternating order. The goal (issue 8): with honeypots at 10%, rounds/s within 10%
of the rate without them. Prints a markdown table (medians over the rounds) with the machine,
the share of rounds that served a honeypot and the rounds/s ratio.

By default the annotators are new: in a short window every one of them is still in the warm-up
(fewer than ``WARMUP_ANSWERS`` honeypots answered), where ``next`` serves honeypots at twice
the project's rate, so about 20% of rounds, not 10%, get one. ``--past-warmup`` measures the
steady state the goal names: before the timed window every annotator of the honeypot project
has answered ``WARMUP_ANSWERS`` of its honeypots (written straight into the database as the
save path writes them, so no production item is used and both projects start from the same
queue); the served share counts only the timed window's honeypots.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
from pathlib import Path
from typing import Any

import orjson
from bench_server import WORK, machine, make_items, pct, run_load
from server.goldlabel_side import ANSWER, Goldlabel
from server.procs import Server
from sqlalchemy import create_engine, func, select, text, update

from goldlabel.db.engine import Database
from goldlabel.db.models import Annotation, Assignment, AssignmentStatus, GoldSet, Item, Project, User, utcnow
from goldlabel.services.honeypots import WARMUP_ANSWERS

ANNOTATORS = 16
OVERLAP = 2
RATES = (0.0, 0.1)


class Bench(Goldlabel):
    """goldlabel's side of the server benchmark, on SQLite or on a given PostgreSQL database."""

    def __init__(self, work: Path, port: int, postgres_url: str | None) -> None:
        super().__init__(work, port, "ui")
        self.postgres_url = postgres_url

    def make_server(self, data_dir: Path, log: Path) -> Server:
        server = super().make_server(data_dir, log)
        if self.postgres_url:
            server.env["GOLDLABEL_DATABASE_URL"] = self.postgres_url
        return server

    def _db(self) -> Database:
        return Database(self.postgres_url) if self.postgres_url else super()._db()

    def set_rate(self, project_id: int, rate: float) -> None:
        # Stored as the queue reads it (projects.training.honeypot_rate): the training settings
        # route (branch `training`) validates the same value on PATCH.
        database = self._db()
        with database.session(write=True) as db:
            db.execute(
                update(Project).where(Project.id == project_id).values(training={"honeypot_rate": rate})
            )
        database.dispose()


def honeypot_file(n: int, path: Path) -> None:
    # The load client's answer ("pos"): annotators who got honeypots wrong would be paused.
    gold = {"result": {"sentiment": "pos"}, "explanations": {"sentiment": "bench"}, "set": "honeypot"}
    rows = [{"data": {"text": f"honeypot number {i} of the bench"}, "gold": gold} for i in range(n)]
    path.write_bytes(orjson.dumps(rows))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="a short smoke run")
    parser.add_argument("--rounds", type=int, default=None, help="runs of each rate (medians over them)")
    parser.add_argument("--window", type=float, default=None, help="seconds of load per run")
    parser.add_argument("--items", type=int, default=None, help="production items per project")
    parser.add_argument("--honeypots", type=int, default=600, help="honeypot items per project")
    parser.add_argument("--postgres-url", default=None, help="run on this (empty) PostgreSQL database")
    parser.add_argument("--port", type=int, default=18441)
    parser.add_argument(
        "--past-warmup",
        action="store_true",
        help=f"time annotators who already answered {WARMUP_ANSWERS} honeypots (the steady state)",
    )
    args = parser.parse_args()
    rounds = args.rounds or (1 if args.quick else 5)
    window = args.window or (3.0 if args.quick else 10.0)
    n_items = args.items or (3_000 if args.quick else 12_000)

    work = WORK / "honeypots"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    items, pots = work / "items.json", work / "honeypots.json"
    make_items(n_items, items)
    honeypot_file(args.honeypots, pots)
    if args.postgres_url:
        empty_schema(args.postgres_url)
    system = Bench(work, args.port, args.postgres_url)
    system.server = system.make_server(system.data_dir, work / "server.log")
    system.server.start()
    results: dict[float, list[dict[str, Any]]] = {rate: [] for rate in RATES}
    try:
        tokens = system.setup_users(ANNOTATORS)
        for r in range(rounds):
            order = RATES if r % 2 == 0 else RATES[::-1]
            for rate in order:
                pid = system.create_project(f"bench {r} {rate}", OVERLAP, ANNOTATORS)
                system.import_file(pid, items)
                system.import_file(pid, pots)
                before = pre_answer(system, pid) if args.past_warmup and rate > 0 else 0
                system.set_rate(pid, rate)
                res = run_load(system, pid, tokens, mode="closed", duration=window)
                res["honeypots_served"] = honeypots_served(system, pid) - before
                results[rate].append(res)
                print(
                    f"  round {r + 1} rate {rate:.0%}: {res['rounds_per_s']:.1f} rounds/s, next p50 "
                    f"{pct(res['next_ms'], 0.5):.1f} ms p99 {pct(res['next_ms'], 0.99):.1f} ms, "
                    f"honeypots {res['honeypots_served']} of {res['rounds']} rounds "
                    f"({res['honeypots_served'] / max(res['rounds'], 1):.1%}), errors {res['errors']}",
                    flush=True,
                )
    finally:
        system.stop()
    print(report(results, args, rounds, window, n_items))


def empty_schema(url: str) -> None:
    """Drop and recreate the PostgreSQL database's public schema: every run starts empty."""
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def pre_answer(system: Bench, project_id: int) -> int:
    """Every annotator answers (correctly) the project's first ``WARMUP_ANSWERS`` honeypots in
    queue order, written as the save path writes a served honeypot's submission: a submitted
    assignment and annotation each, the item's submitted count. No load and no production item
    is used, so the two projects of a round start from the same queue. Returns the assignments."""
    database = system._db()
    with database.session(write=True) as db:
        users = db.scalars(select(User.id).where(User.email.like("annotator%@bench.local"))).all()
        pots = db.scalars(
            select(Item.id)
            .where(Item.project_id == project_id, Item.gold_set == GoldSet.HONEYPOT.value)
            .order_by(Item.rank)
            .limit(WARMUP_ANSWERS)
        ).all()
        now = utcnow()
        for user_id in users:
            for item_id in pots:
                db.add(
                    Assignment(
                        project_id=project_id,
                        item_id=item_id,
                        user_id=user_id,
                        status=AssignmentStatus.SUBMITTED.value,
                        created_at=now,
                    )
                )
                db.add(
                    Annotation(
                        project_id=project_id,
                        item_id=item_id,
                        author_id=user_id,
                        result=ANSWER,
                        status="submitted",
                        created_at=now,
                        updated_at=now,
                    )
                )
        db.execute(
            update(Item).where(Item.id.in_(pots)).values(submitted_count=Item.submitted_count + len(users))
        )
    database.dispose()
    return len(users) * len(pots)


def honeypots_served(system: Bench, project_id: int) -> int:
    database = system._db()
    with database.session() as db:
        served = db.scalar(
            select(func.count())
            .select_from(Assignment)
            .join(Item, Item.id == Assignment.item_id)
            .where(Item.project_id == project_id, Item.gold_set == GoldSet.HONEYPOT.value)
        )
    database.dispose()
    return int(served or 0)


def report(
    results: dict[float, list[dict[str, Any]]], args: argparse.Namespace, rounds: int, window: float, n: int
) -> str:
    def med(rate: float, key: str) -> float:
        return statistics.median(r[key] for r in results[rate])

    def med_pct(rate: float, key: str, q: float) -> float:
        return statistics.median(pct(r[key], q) for r in results[rate])

    base, with_pots = med(0.0, "rounds_per_s"), med(0.1, "rounds_per_s")
    share = statistics.median(r["honeypots_served"] / max(r["rounds"], 1) for r in results[0.1])
    engine = "PostgreSQL" if args.postgres_url else "SQLite"
    phase = (
        f"past the warm-up ({WARMUP_ANSWERS} honeypots answered before timing)"
        if args.past_warmup
        else "new annotators, all in the warm-up (honeypots at twice the rate)"
    )
    lines = [
        f"### Honeypots in the labeling loop ({engine}, {ANNOTATORS} annotators, closed loop; {phase})",
        "",
        f"{machine()}; Python {sys.version.split()[0]}; {rounds} rounds of {window:.0f} s per rate, "
        f"alternating; {n:,} production items and {args.honeypots} honeypots per project, overlap {OVERLAP}; "
        "a round is next, a draft POST and its submission by PATCH (the web UI's flow).",
        "",
        "| honeypot rate | rounds/s (median) | next p50 / p99 ms | submit p50 / p99 ms | honeypots served |",
        "|---|---|---|---|---|",
    ]
    for rate in RATES:
        served = "—" if rate == 0 else f"{share:.1%} of rounds"
        lines.append(
            f"| {rate:.0%} | {med(rate, 'rounds_per_s'):.1f} | {med_pct(rate, 'next_ms', 0.5):.1f} / "
            f"{med_pct(rate, 'next_ms', 0.99):.1f} | {med_pct(rate, 'submit_ms', 0.5):.1f} / "
            f"{med_pct(rate, 'submit_ms', 0.99):.1f} | {served} |"
        )
    change = (with_pots - base) / base if base else float("nan")
    verdict = "within" if abs(change) <= 0.10 or change > 0 else "NOT within"
    lines += [
        "",
        f"10% honeypots vs none: {change:+.1%} rounds/s ({verdict} the 10% goal), "
        f"ratio {with_pots / base if base else float('nan'):.3f}; honeypots served in "
        f"{share:.1%} of the timed rounds (median); {phase}.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
