"""Dashboard benchmark: ``GET /dashboard``'s service and one alert evaluation on a big project.

    python bench/bench_dashboard.py [--quick] [--items N]

Builds a SQLite project with N production items (default 100,000), two submitted answers each
from 20 annotators (``bench_quality_service.build``), spread over the last 30 days; 5% of the
items then become honeypots with gold, and 2,000 answers wait for review. Measures the
dashboard service in this process (the route only adds serialisation): the first (cold) call,
which computes and caches the series, then the p50 of warm calls (the cache's fingerprint and
the per-request counts), and one round of the alert job with three rules on cached series.
Then 50 answers are revised (new ``updated_at`` and version: the fingerprint changes) and it
measures the next call (served stale from the previous series), the dashboard job's round
(``dashboard_refresh.refresh_viewed``: recomputes the viewed series) and the call after it.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from bench_quality_service import build
from sqlalchemy import select, update

from goldlabel.core.settings import Settings
from goldlabel.db.engine import Database
from goldlabel.db.migrate import upgrade
from goldlabel.db.models import AlertRule, Annotation, Gold, Item, User, utcnow
from goldlabel.services import alerts, dashboard, dashboard_refresh
from goldlabel.services.access import Actor

REPEATS = 10


def spread_and_mark(database: Database, pid: int) -> None:
    now = utcnow()
    with database.session(write=True) as db:
        for d in range(30):
            db.execute(
                update(Annotation)
                .where(Annotation.project_id == pid, Annotation.id % 30 == d)
                .values(updated_at=now - timedelta(days=d, minutes=d))
            )
        honeypots = list(db.scalars(select(Item.id).where(Item.project_id == pid, Item.rank % 20 == 0)))
        db.execute(update(Item).where(Item.id.in_(honeypots)).values(gold_set="honeypot"))
        for item_id in honeypots:
            db.add(Gold(item_id=item_id, project_id=pid, result={"sentiment": "positive"}, source="manual"))
        pending = list(db.scalars(select(Annotation.id).where(Annotation.project_id == pid).limit(2000)))
        db.execute(
            update(Annotation)
            .where(Annotation.id.in_(pending))
            .values(review_status="pending", review_tier=1)
        )
        for metric, direction, threshold in (
            ("honeypot_accuracy", "below", 0.9),
            ("agreement", "below", 0.9),
            ("review_backlog", "above", 100),
        ):
            db.add(AlertRule(project_id=pid, metric=metric, direction=direction, threshold=threshold))


def ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5,000 items, a smoke run")
    parser.add_argument("--items", type=int, default=100_000)
    args = parser.parse_args()
    n_items = 5_000 if args.quick else args.items
    with tempfile.TemporaryDirectory(prefix="goldlabel-dashboard-bench-") as tmp:
        settings = Settings(data_dir=Path(tmp))
        database = Database(settings.effective_database_url, background_checkpoints=True)
        upgrade(database.engine)
        t0 = time.perf_counter()
        pid, _token = build(database, 2 * n_items)
        spread_and_mark(database, pid)
        build_s = time.perf_counter() - t0
        with database.session() as db:
            manager = db.scalars(select(User).where(User.email == "manager@bench.local")).one()
            actor = Actor(id=manager.id, email=manager.email, is_admin=False)
        load = os.getloadavg()[0]
        t = time.perf_counter()
        body = dashboard.dashboard(database, actor, pid)
        cold = ms(t)
        warm = []
        for _ in range(REPEATS):
            t = time.perf_counter()
            dashboard.dashboard(database, actor, pid)
            warm.append(ms(t))
        t = time.perf_counter()
        alerts.evaluate(database, allow_private=False)
        alert_cold = ms(t)
        t = time.perf_counter()
        alerts.evaluate(database, allow_private=False)
        alert_warm = ms(t)
        with database.session(write=True) as db:
            revised = list(db.scalars(select(Annotation.id).where(Annotation.project_id == pid).limit(50)))
            db.execute(
                update(Annotation)
                .where(Annotation.id.in_(revised))
                .values(updated_at=utcnow(), version=Annotation.version + 1)
            )
        t = time.perf_counter()
        stale = dashboard.dashboard(database, actor, pid)
        stale_ms = ms(t)
        t = time.perf_counter()
        refreshed = dashboard_refresh.refresh_viewed(database)
        job_ms = ms(t)
        t = time.perf_counter()
        fresh = dashboard.dashboard(database, actor, pid)
        fresh_ms = ms(t)
        assert stale.stale and not fresh.stale and refreshed == 1
        load_end = os.getloadavg()[0]
        database.dispose()
    print(
        f"\n{n_items:,} production items, {2 * n_items:,} answers over 30 days (built in {build_s:.0f} s); "
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, load {load:.1f}\n"
        f"progress {body.progress.annotations_done:,} / {body.progress.annotations_needed:,}, "
        f"{len(body.agreement)} agreement days, {len(body.honeypot_accuracy)} honeypot days\n"
        f"| dashboard first call | {cold:,.0f} ms |\n"
        f"| dashboard warm p50 ({REPEATS} calls) | {statistics.median(warm):,.1f} ms |\n"
        f"| alert round, first (7-day series) | {alert_cold:,.0f} ms |\n"
        f"| alert round, warm | {alert_warm:,.1f} ms |\n"
        f"| dashboard after 50 revisions (stale, from the previous series) | {stale_ms:,.1f} ms |\n"
        f"| dashboard job round (recomputes the viewed series) | {job_ms:,.0f} ms |\n"
        f"| dashboard after the job (fresh) | {fresh_ms:,.1f} ms |\n"
        f"load at the end {load_end:.1f}"
    )


if __name__ == "__main__":
    main()
