"""The labeling round's cost in the services alone: CPU per `next` + saves, without HTTP.

    python bench/server/save_path.py [--flow ui|direct] [--rounds N] [--repeats R]

One process, one annotator, a fresh SQLite file; each unit of work in its own write transaction,
as a request runs it. ``ui``: next, a draft (``NewOn``), its submission (``Revision``), as the
web UI saves; ``direct``: next and one submitting save. CPU time (``time.process_time``) is far
steadier than throughput on a shared machine; the server benchmark (bench_server.py) gives the
figures with HTTP and concurrency.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from goldlabel.controls.schema import ProjectSchema
from goldlabel.db.engine import Database
from goldlabel.db.migrate import upgrade
from goldlabel.services import auth, imports, projects, queue
from goldlabel.services.access import Actor
from goldlabel.services.annotations import NewOn, Revision, save_annotation
from goldlabel.services.views import AnnotationStatus, AnnotationView

SCHEMA = {
    "fields": {"text": "text"},
    "controls": [{"name": "sentiment", "type": "choices", "field": "text", "options": ["pos", "neg"]}],
    "overlap": 1,
}
TTL = timedelta(minutes=15)
WARM_UP = 30


class Round:
    def __init__(self, database: Database, items: int) -> None:
        self.database = database
        with database.session(write=True) as db:
            user = auth.create_user(db, "annotator@bench.local", "bench password 1", is_admin=True)
            self.actor = Actor(id=user.id, email=user.email, is_admin=True)
            schema = ProjectSchema.model_validate(SCHEMA)
            self.project = projects.create_project(db, self.actor, name="bench", schema=schema).id
            rows = ((i, {"data": {"text": f"item {i}"}, "meta": {}}) for i in range(items))
            imports.import_items(db, self.actor, self.project, rows)

    def next_id(self) -> int:
        with self.database.session(write=True) as db:
            served = queue.next_item(db, self.actor, self.project, lock_ttl=TTL)
        assert served is not None
        return served.id

    def save(self, target: NewOn | Revision, status: AnnotationStatus) -> AnnotationView:
        result = {"sentiment": "pos"} if status == "submitted" else {}
        with self.database.session(write=True) as db:
            return save_annotation(db, self.actor, target, result=result, status=status, lead_time_ms=1200)

    def run(self, flow: str) -> None:
        item = self.next_id()
        if flow == "ui":
            draft = self.save(NewOn(item), "draft")
            self.save(Revision(draft.id, draft.version), "submitted")
        else:
            self.save(NewOn(item), "submitted")


def cpu_per_round_us(flow: str, rounds: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        database = Database(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        upgrade(database.engine)
        bench = Round(database, WARM_UP + rounds)
        for _ in range(WARM_UP):
            bench.run(flow)
        start = time.process_time()
        for _ in range(rounds):
            bench.run(flow)
        spent = time.process_time() - start
        database.dispose()
    return 1e6 * spent / rounds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--flow", choices=("ui", "direct"), default="ui")
    parser.add_argument("--rounds", type=int, default=1500)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    runs = [cpu_per_round_us(args.flow, args.rounds) for _ in range(args.repeats)]
    shown = ", ".join(f"{r:.0f}" for r in runs)
    print(f"{args.flow}: {statistics.median(runs):.0f} µs of CPU a round (median of {shown})")


if __name__ == "__main__":
    main()
