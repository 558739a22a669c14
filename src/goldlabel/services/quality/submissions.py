"""The project's submitted answers, as the quality reports read them, and their fingerprint.

An answer is whatever the annotator stored for a control, an empty list included: "no
entities" is an answer, and two annotators who both found nothing agree. Only a control
absent from the result (or None) is unanswered.

Gold items (``items.gold_set``) are not production data: their annotations never enter the
answers, and the fingerprint changes whenever the project's gold changes, so a cached report
never holds (or misses) a gold item's answers.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from goldlabel.controls.base import ControlSpec
from goldlabel.controls.registry import AnyControlType, type_of
from goldlabel.db.models import Annotation, Item

# Bumped whenever a cached payload changes shape, so old rows are recomputed, not misread.
PAYLOAD_VERSION = "q5"

_ID_MODULUS = 1_000_000_007

# answers[control][item_id][author_id] = value
Answers = dict[str, dict[int, dict[int, Any]]]


def ctype(spec: ControlSpec) -> AnyControlType:
    return type_of(spec)


def canonical(value: Any) -> str:
    """A value's identity: equal answers share it, whatever their key order."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


def in_canonical_order(values: list[Any]) -> list[Any]:
    """Answers in an order that does not depend on who answered or when: a control's
    aggregate that breaks ties by position (a medoid, say) then treats everyone alike."""
    return sorted(values, key=canonical)


@dataclass(slots=True)
class Submissions:
    """Every submitted answer of a project, by control, item and author."""

    answers: Answers
    lead_times: dict[int, list[int]]
    item_ids: list[int]  # items with at least one submitted annotation, in queue order
    data: dict[int, dict[str, Any]] = field(default_factory=dict)  # only when asked for


def load_submissions(
    db: Session, project_id: int, controls: list[ControlSpec], *, with_data: bool
) -> Submissions:
    answers: Answers = {c.name: defaultdict(dict) for c in controls}
    lead_times: dict[int, list[int]] = defaultdict(list)
    items: list[int] = []
    rows = db.execute(
        select(Annotation.item_id, Annotation.author_id, Annotation.result, Annotation.lead_time_ms)
        .join(Item, Item.id == Annotation.item_id)
        .where(
            Annotation.project_id == project_id,
            Annotation.status == "submitted",
            Item.gold_set.is_(None),
        )
        # Queue order (import order in a sequential project): item ids are random.
        .order_by(Item.rank, Item.id, Annotation.id)
    )
    for item_id, author, result, lead_time in rows:
        if not items or items[-1] != item_id:
            items.append(item_id)
        lead_times[author].append(lead_time)
        for name, value in result.items():
            if name in answers and value is not None:
                answers[name][item_id][author] = value
    data: dict[int, dict[str, Any]] = {}
    if with_data and items:
        data = {
            i: d
            for i, d in db.execute(
                select(Item.id, Item.data).where(Item.project_id == project_id, Item.gold_set.is_(None))
            )
        }
    return Submissions(answers=answers, lead_times=lead_times, item_ids=items, data=data)


def submissions_fingerprint(db: Session, project_id: int) -> str:
    """Changes whenever a submission is added (count, max id), edited (max updated_at, sum of
    versions) or removed, an item deletion included (count), and whenever the project's gold
    items change (their count and the sum of their ids). One aggregate over the project's rows
    of ``ix_annotations_project_item``, one over its gold items (``ix_items_gold``)."""
    # Item ids are random 53-bit numbers: their plain sum overflows SQLite's 64-bit integers
    # past ~2,000 gold items, so each id is summed modulo a prime (still a change detector).
    gold_count, gold_ids = db.execute(
        select(func.count(Item.id), func.coalesce(func.sum(Item.id % _ID_MODULUS), 0)).where(
            Item.project_id == project_id, Item.gold_set.is_not(None)
        )
    ).one()
    count, max_id, max_updated, versions = db.execute(
        select(
            func.count(Annotation.id),
            func.max(Annotation.id),
            func.max(Annotation.updated_at),
            func.coalesce(func.sum(Annotation.version), 0),
        ).where(Annotation.project_id == project_id, Annotation.status == "submitted")
    ).one()
    stamp = max_updated.isoformat() if max_updated is not None else "-"
    return f"{PAYLOAD_VERSION}:{count}:{max_id or 0}:{stamp}:{versions}:g{gold_count}:{gold_ids}"


def control_fingerprint(submissions: str, spec: ControlSpec) -> str:
    """A control's results also depend on its spec (options, thresholds …)."""
    digest = hashlib.sha256(spec.model_dump_json().encode()).hexdigest()[:16]
    return f"{submissions}:{digest}"
