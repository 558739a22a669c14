"""What the final-labels job keeps between rounds in its process, so a project-wide refit does
not reread (and re-parse) every answer and every label of a big project each round.

- ``answers``: the project's production answers that count (``COUNTED``: submitted, not
  rejected by a reviewer) by annotation id. A round rereads only the stale items' answers
  (dropping what it held of them, so an answer rejected since leaves without a reload) and
  the annotations saved since the last read (``updated_at`` after
  a watermark, with a margin for clocks of other hosts), then checks the cache against one
  aggregate (count and sum of ids of the project's submitted production annotations): a
  deletion, an item turned gold or back, or anything else it missed reloads it whole. A schema
  change (its hash is the key) reloads too.
- ``labels``: each item's provenance and categorical labels with their confidence, as last seen
  in ``final_labels``; reused while the table's (count, max ``computed_at``) for the project is
  what this process saw or wrote last, else reloaded.

Each server process has its own; only the process holding the job's lease (and exports) fills
it. Guarded by a lock: the job's thread and export threads share it.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import orjson
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from goldlabel.db.models import Annotation, FinalLabel, Item, utcnow

CLOCK_MARGIN = timedelta(seconds=10)  # server hosts' clocks agree within this (NTP)
MAX_PROJECTS = 8  # caches kept; the least recently used goes first

# annotation id -> (item id, author id, {control: value}, version)
AnswerRows = dict[int, tuple[int, int, dict[str, Any], int]]
# item id -> (provenance, {control: (label, confidence)})
LabelRows = dict[int, tuple[str, dict[str, tuple[Any, float | None]]]]


@dataclass(slots=True)
class _Entry:
    key: str
    watermark: datetime | None = None
    answers: AnswerRows = field(default_factory=dict)
    labels_stamp: tuple[int, Any] | None = None
    labels: LabelRows = field(default_factory=dict)


_lock = threading.Lock()
_entries: dict[int, _Entry] = {}


def schema_key(db: Session, schema: Any, controls: list[str]) -> str:
    """The cache's key beside the project id: the database (an engine of this process) and the
    schema with the controls the cache holds."""
    digest = hashlib.sha256(orjson.dumps([schema, controls], option=orjson.OPT_SORT_KEYS)).hexdigest()
    return f"{id(db.get_bind())}:{digest}"


def _entry(project_id: int, key: str) -> _Entry:
    entry = _entries.pop(project_id, None)
    if entry is None or entry.key != key:
        entry = _Entry(key)
    _entries[project_id] = entry  # most recent last
    while len(_entries) > MAX_PROJECTS:
        _entries.pop(next(iter(_entries)))
    return entry


# The answers a consensus counts: submitted, and not rejected by a reviewer (a correction by the
# author puts a rejected answer back to review as "pending", and it counts again). The verdict
# marks the item stale (``services.review``), so the job rereads it.
COUNTED = and_(
    Annotation.status == "submitted",
    or_(Annotation.review_status.is_(None), Annotation.review_status != "rejected"),
)


def _answers_query(project_id: int) -> Any:
    return (
        select(Annotation.id, Annotation.item_id, Annotation.author_id, Annotation.result, Annotation.version)
        .join(Item, Item.id == Annotation.item_id)
        .where(Annotation.project_id == project_id, COUNTED, Item.gold_set.is_(None))
    )


def _kept(result: dict[str, Any], names: set[str]) -> dict[str, Any]:
    return {k: v for k, v in result.items() if k in names and v is not None}


def answers(db: Session, project_id: int, key: str, names: set[str], stale: list[int]) -> AnswerRows:
    """Every submitted production answer of the project (controls ``names`` only). The answers
    of the ``stale`` items are always read again, whatever the clocks say."""
    started = utcnow()
    with _lock:
        entry = _entry(project_id, key)
        query = _answers_query(project_id)
        if entry.watermark is not None:
            since = Annotation.updated_at > entry.watermark
            reads = [query.where(since)]
            reads += [
                query.where(Annotation.item_id.in_(stale[i : i + 500])) for i in range(0, len(stale), 500)
            ]
            if stale:  # a stale item's answers are read whole: one rejected since drops out
                again = set(stale)
                for a_id in [a for a, row in entry.answers.items() if row[0] in again]:
                    del entry.answers[a_id]
            for read in reads:
                for a_id, item_id, author, result, version in db.execute(read):
                    entry.answers[a_id] = (item_id, author, _kept(result, names), version)
            count, total = db.execute(
                select(func.count(), func.coalesce(func.sum(Annotation.id), 0))
                .join(Item, Item.id == Annotation.item_id)
                .where(Annotation.project_id == project_id, COUNTED, Item.gold_set.is_(None))
            ).one()
            if count != len(entry.answers) or int(total) != sum(entry.answers):
                entry.watermark = None
        if entry.watermark is None:
            entry.answers = {
                a_id: (item_id, author, _kept(result, names), version)
                for a_id, item_id, author, result, version in db.execute(query)
            }
        entry.watermark = started - CLOCK_MARGIN
        return entry.answers


def _labels_stamp(db: Session, project_id: int) -> tuple[int, Any]:
    count, last = db.execute(
        select(func.count(), func.max(FinalLabel.computed_at)).where(FinalLabel.project_id == project_id)
    ).one()
    return int(count), last


def labels(db: Session, project_id: int, key: str, names: set[str]) -> LabelRows:
    """Each item's row as last seen: provenance and the categorical controls' (label, confidence)."""
    with _lock:
        entry = _entry(project_id, key)
        stamp = _labels_stamp(db, project_id)
        if entry.labels_stamp != stamp:
            entry.labels = {}
            rows = db.execute(
                select(
                    FinalLabel.item_id, FinalLabel.provenance, FinalLabel.result, FinalLabel.controls
                ).where(FinalLabel.project_id == project_id)
            )
            for item_id, provenance, result, controls in rows:
                entry.labels[item_id] = (provenance, _pairs(result or {}, controls or {}, names))
            entry.labels_stamp = stamp
        return entry.labels


def _pairs(
    result: dict[str, Any], controls: dict[str, Any], names: set[str]
) -> dict[str, tuple[Any, float | None]]:
    return {n: (result[n], (controls.get(n) or {}).get("confidence")) for n in names if n in result}


def wrote(db: Session, project_id: int, key: str, rows: list[dict[str, Any]], names: set[str]) -> None:
    """After the job's last write of a round: its rows, and the table's new stamp (read in a
    session that sees them)."""
    with _lock:
        entry = _entry(project_id, key)
        for row in rows:
            entry.labels[row["item_id"]] = (row["provenance"], _pairs(row["result"], row["controls"], names))
        entry.labels_stamp = _labels_stamp(db, project_id)


def forget(project_id: int | None = None) -> None:
    """Drop the cache of a project (or all): tests and benchmarks start cold with it."""
    with _lock:
        if project_id is None:
            _entries.clear()
        else:
            _entries.pop(project_id, None)
