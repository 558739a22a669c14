"""Final labels, computed in the background as submissions arrive.

A save that lands or changes a submission marks its item ``final_stale`` (``annotations``,
``import_labels``; a PATCH of the consensus settings marks the whole project). The background
job (:data:`FINAL_LABELS_JOB`, listed in ``api.background.jobs_for``) then, per project with stale
items, in its own short transactions:

1. reads the answers it needs: every submission of the project when a categorical control
   uses a project-wide model (Dawid-Skene and kin: one refit per round), else only the stale
   items'; and the annotators' honeypot answers when the settings weigh or gate by them;
2. computes the stale items' labels (``final_compute``) and, after a project-wide refit, the
   labels of any other item whose categorical label or confidence moved;
3. writes ``final_labels`` rows in batches: an upsert that never replaces a ``reviewed``,
   ``adjudicated`` or ``gold`` row (``Provenance.ORDER``), the adaptive-overlap decision per
   item (``adaptive_overlap``), and clears the items' flags — except on items whose
   submissions changed since step 1 (checked in the same transaction, after the flags' rows
   are locked), which stay stale for the next round.

Exports call :func:`refresh_project` synchronously first, so an export right after a
submission is current. Gold items have no row: their final label is their reference, served
by the gold export. Two server processes never run the job at once (``services.jobs`` lease);
an export's refresh running beside it computes the same rows.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import exists, func, select, update
from sqlalchemy.orm import Session

from goldlabel.controls.base import ControlSpec
from goldlabel.controls.schema import load_schema
from goldlabel.db.dialect import insert
from goldlabel.db.engine import Database
from goldlabel.db.models import Annotation, FinalLabel, Item, Project, Provenance, utcnow
from goldlabel.services import adaptive_overlap, final_cache
from goldlabel.services.consensus_settings import ConsensusSettings, read_consensus
from goldlabel.services.final_compute import ComputedLabel, categorical_methods, compute_item
from goldlabel.services.final_inference import Anchors, Inferred, infer
from goldlabel.services.jobs import Job
from goldlabel.services.monitoring import scored_answers

log = logging.getLogger(__name__)

WRITE_BATCH = 1_000  # rows per write transaction: short enough that requests never wait long
ACCURACY_WINDOW = 100  # each annotator's latest honeypot answers that weigh and gate them
CONFIDENCE_EPSILON = 0.005  # a refit moving a label's confidence less than this rewrites nothing

Signature = tuple[int, int, int]  # (submissions, sum of versions, max annotation id)


@dataclass(slots=True)
class _Snapshot:
    """What step 1 read: the categorical controls' answers[control][item][author] (of every item
    for a project-wide fit, else of the stale items), each such item's signature, and (project-wide)
    each item's last row as (provenance, control -> (label, confidence))."""

    settings: ConsensusSettings
    controls: list[ControlSpec]
    project_overlap: int
    stale: set[int]  # production items flagged stale
    stale_gold: set[int]  # gold items flagged stale (their flag is only cleared)
    answers: dict[str, dict[int, dict[int, Any]]] = field(default_factory=dict)
    signatures: dict[int, Signature] = field(default_factory=dict)  # of the stale items
    answered: set[int] = field(default_factory=set)  # items with answers
    existing: final_cache.LabelRows = field(default_factory=dict)
    cache_key: str = ""
    accuracy: dict[int, float] = field(default_factory=dict)
    anchors: dict[str, Anchors] = field(default_factory=dict)


def mark_project_stale(db: Session, project_id: int) -> None:
    """Every production item with submissions is recomputed (the consensus settings changed)."""
    db.execute(
        update(Item)
        .where(Item.project_id == project_id, Item.gold_set.is_(None), Item.submitted_count > 0)
        .values(final_stale=True)
    )


def run_job(database: Database) -> None:
    """One round of the background job: every project with stale items, one after the other."""
    with database.session() as db:
        stale = exists().where(Item.project_id == Project.id, Item.final_stale.is_(True))
        project_ids = list(db.scalars(select(Project.id).where(stale).order_by(Project.id)))
    for project_id in project_ids:
        refresh_project(database, project_id)


FINAL_LABELS_JOB = Job("final_labels", run_job)


def refresh_project(database: Database, project_id: int, *, include_missing: bool = False) -> int:
    """Bring the project's final labels up to date; the number of rows written.

    ``include_missing``: also compute production items that have submissions but no row (an
    export's guarantee, whatever wrote the answers)."""
    with database.session() as db:
        snap = _snapshot(db, project_id, include_missing=include_missing)
    if snap is None:
        return 0
    methods = categorical_methods(snap.settings, snap.controls)
    inferred = _infer_all(snap, methods)
    changed = _moved(snap, methods, inferred) if _project_wide(methods) else set()
    targets = sorted(snap.stale | changed)
    written = 0
    for start in range(0, max(len(targets), 1), WRITE_BATCH):
        batch = targets[start : start + WRITE_BATCH]
        gold = sorted(snap.stale_gold) if start == 0 else []
        with database.session(write=True) as db:
            written += _write_batch(db, project_id, snap, methods, inferred, batch, gold)
    return written


def _project_wide(methods: Mapping[str, str]) -> bool:
    return any(m != "majority_vote" for m in methods.values())


def _snapshot(db: Session, project_id: int, *, include_missing: bool) -> _Snapshot | None:
    project = db.get(Project, project_id)
    if project is None:
        return None
    flagged = db.execute(
        select(Item.id, Item.gold_set).where(Item.project_id == project_id, Item.final_stale.is_(True))
    ).all()
    stale = {i for i, g in flagged if g is None}
    stale_gold = {i for i, g in flagged if g is not None}
    if include_missing:
        no_row = ~exists().where(FinalLabel.item_id == Item.id)
        stale.update(
            db.scalars(
                select(Item.id).where(
                    Item.project_id == project_id, Item.gold_set.is_(None), Item.submitted_count > 0, no_row
                )
            )
        )
    if not stale and not stale_gold:
        return None
    schema = load_schema(project.schema)
    settings = read_consensus(project)
    snap = _Snapshot(settings, list(schema.controls), project.overlap, stale, stale_gold)
    methods = categorical_methods(settings, snap.controls)
    names = set(methods)
    if _project_wide(methods):
        snap.cache_key = final_cache.schema_key(db, project.schema, sorted(names))
        cached = final_cache.answers(db, project_id, snap.cache_key, names, sorted(stale))
        rows: Iterable[AnswerRow] = ((i, a, r, v, a_id) for a_id, (i, a, r, v) in cached.items())
        snap.existing = final_cache.labels(db, project_id, snap.cache_key, names)
    else:
        rows = _stale_rows(db, project_id, sorted(stale), names)
    _index_answers(snap, rows, names)
    if settings.weighted or settings.min_honeypot_accuracy > 0:
        _load_honeypots(db, project_id, snap, methods)
    return snap


def _chunks(ids: list[int], size: int = 500) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


AnswerRow = tuple[int, int, dict[str, Any], int, int]  # item, author, {control: value}, version, id


def _stale_rows(db: Session, project_id: int, item_ids: list[int], names: set[str]) -> list[AnswerRow]:
    """The stale items' submitted answers as the cache holds them (controls ``names`` only)."""
    out = []
    for chunk in _chunks(item_ids):
        for a_id, item_id, author, result, version in db.execute(
            select(
                Annotation.id, Annotation.item_id, Annotation.author_id, Annotation.result, Annotation.version
            )
            .join(Item, Item.id == Annotation.item_id)
            .where(Annotation.item_id.in_(chunk), final_cache.COUNTED, Item.gold_set.is_(None))
        ):
            kept = {k: v for k, v in result.items() if k in names and v is not None}
            out.append((item_id, author, kept, version, a_id))
    return out


def _index_answers(snap: _Snapshot, rows: Iterable[AnswerRow], names: set[str]) -> None:
    """answers[control][item][author] and each item's signature from answer rows."""
    answers: dict[str, dict[int, dict[int, Any]]] = {n: defaultdict(dict) for n in names}
    signatures: dict[int, list[int]] = {}
    stale = snap.stale
    answered: set[int] = set()
    for item_id, author, result, version, annotation_id in rows:
        answered.add(item_id)
        if item_id in stale:  # what the write checks again before clearing the flag
            sig = signatures.setdefault(item_id, [0, 0, 0])
            sig[0] += 1
            sig[1] += version
            sig[2] = max(sig[2], annotation_id)
        for name, value in result.items():
            answers[name][item_id][author] = value
    snap.answers = answers
    snap.answered = answered
    snap.signatures = {i: (c, v, m) for i, (c, v, m) in signatures.items()}


def _load_honeypots(db: Session, project_id: int, snap: _Snapshot, methods: Mapping[str, str]) -> None:
    """Each annotator's accuracy over their latest honeypot answers, and (weighted fits) the
    answers themselves with their references, per categorical control."""
    scored = scored_answers(db, project_id, snap.controls, window=ACCURACY_WINDOW)
    per_user: dict[int, list[float]] = defaultdict(list)
    for answer in scored:
        if (score := answer.score) is not None:
            per_user[answer.user_id].append(score)
    snap.accuracy = {u: sum(s) / len(s) for u, s in per_user.items()}
    if not snap.settings.weighted:
        return
    for name, method in methods.items():
        if method == "majority_vote":
            continue
        anchors = Anchors()
        for answer in scored:
            value, ref = answer.answers.get(name), answer.references.get(name)
            if value is not None and ref is not None:
                anchors.answers.setdefault(answer.item_id, {})[answer.user_id] = value
                anchors.truth[answer.item_id] = ref
        snap.anchors[name] = anchors


def _gated(snap: _Snapshot) -> set[int]:
    floor = snap.settings.min_honeypot_accuracy
    if floor <= 0:
        return set()
    return {u for u, acc in snap.accuracy.items() if acc < floor}


def _kept(snap: _Snapshot, control: str) -> dict[int, dict[int, Any]]:
    """The control's answers without those of gated annotators."""
    gated = _gated(snap)
    per_item = snap.answers.get(control, {})
    if not gated:
        return dict(per_item)
    return {i: {a: v for a, v in by.items() if a not in gated} for i, by in per_item.items()}


def _infer_all(snap: _Snapshot, methods: Mapping[str, Any]) -> dict[str, dict[int, Inferred]]:
    out: dict[str, dict[int, Inferred]] = {}
    for name, method in methods.items():
        accuracy = snap.accuracy if snap.settings.weighted and method == "majority_vote" else None
        out[name] = infer(method, _kept(snap, name), accuracy=accuracy, anchors=snap.anchors.get(name))
    return out


def _moved(snap: _Snapshot, methods: Mapping[str, str], inferred: dict[str, dict[int, Inferred]]) -> set[int]:
    """Items outside the stale set whose categorical label or confidence the refit moved, or
    that have answers and no row yet."""
    moved: set[int] = set()
    for item_id in snap.answered:
        if item_id in snap.stale:
            continue
        row = snap.existing.get(item_id)
        if row is None:
            moved.add(item_id)
            continue
        provenance, pairs = row
        if provenance != Provenance.CONSENSUS:
            continue
        for name in methods:
            new = inferred[name].get(item_id)
            old = pairs.get(name)
            if new is None or old is None:
                if (new is None) != (old is None):
                    moved.add(item_id)
                    break
                continue
            label, confidence = old
            if (
                label != new.label
                or confidence is None
                or abs(confidence - new.confidence) > CONFIDENCE_EPSILON
            ):
                moved.add(item_id)
                break
    return moved


def _write_batch(
    db: Session,
    project_id: int,
    snap: _Snapshot,
    methods: Mapping[str, str],
    inferred: dict[str, dict[int, Inferred]],
    batch: list[int],
    gold: list[int],
) -> int:
    conn = db.connection()
    stale_here = [i for i in batch if i in snap.stale] + gold
    if stale_here:
        conn.execute(update(Item).where(Item.id.in_(stale_here)).values(final_stale=False))
    if not batch:
        return 0
    # The flags' rows are locked now: a save that changed an item's submissions since the
    # snapshot either committed (seen here) or marks the item stale again after this commits.
    changed = _changed_since(db, snap, [i for i in batch if i in snap.stale])
    if changed:
        conn.execute(update(Item).where(Item.id.in_(sorted(changed))).values(final_stale=True))
    items = {
        r.id: r
        for r in db.execute(
            select(Item.id, Item.data, Item.overlap, Item.claimed, Item.gold_set).where(Item.id.in_(batch))
        )
    }
    gated = _gated(snap)
    decided = set(
        db.scalars(
            select(FinalLabel.item_id).where(
                FinalLabel.item_id.in_(batch), FinalLabel.provenance != Provenance.CONSENSUS
            )
        )
    )
    answers_of, counts = _batch_answers(db, batch, {c.name for c in snap.controls}, gated)
    rows: list[dict[str, Any]] = []
    decisions: list[adaptive_overlap.Decision] = []
    now = utcnow()
    for item_id in batch:
        item = items.get(item_id)
        if item is None or item.gold_set is not None or item_id in changed:
            continue
        if item_id in decided:  # reviewed or adjudicated: the job leaves it
            continue
        n_answers = counts.get(item_id, 0)
        computed = compute_item(
            snap.controls,
            answers_of.get(item_id, {}),
            item.data or {},
            {name: fit.get(item_id) for name, fit in inferred.items()},
            methods,
        )
        decision = adaptive_overlap.decide(
            snap.settings.overlap, item_id, n_answers, item.overlap, snap.project_overlap, computed.confidence
        )
        decisions.append(decision)
        rows.append(_row(project_id, item_id, computed, n_answers, decision.needs_adjudication, now))
    if rows:
        conn.execute(_upsert(db), rows)
    adaptive_overlap.apply(db, decisions)
    if snap.cache_key:
        final_cache.wrote(db, project_id, snap.cache_key, rows, set(methods))
    return len(rows)


def _batch_answers(
    db: Session, item_ids: list[int], names: set[str], gated: set[int]
) -> tuple[dict[int, dict[str, list[Any]]], dict[int, int]]:
    """Every control's submitted answers of some items (gated annotators and rejected answers
    left out), and each item's number of submissions (everyone's: a rejected answer is being
    corrected by its author, so adaptive overlap asks nobody else for it)."""
    out: dict[int, dict[str, list[Any]]] = {}
    counts: dict[int, int] = defaultdict(int)
    for chunk in _chunks(item_ids):
        for item_id, author, result, review_status in db.execute(
            select(Annotation.item_id, Annotation.author_id, Annotation.result, Annotation.review_status)
            .where(Annotation.item_id.in_(chunk), Annotation.status == "submitted")
            .order_by(Annotation.item_id, Annotation.id)
        ):
            counts[item_id] += 1
            if author in gated or review_status == "rejected":
                continue
            per_control = out.setdefault(item_id, {})
            for name, value in result.items():
                if name in names and value is not None:
                    per_control.setdefault(name, []).append(value)
    return out, counts


def _row(
    project_id: int, item_id: int, computed: ComputedLabel, n: int, needs_adjudication: bool, now: Any
) -> dict[str, Any]:
    return {
        "item_id": item_id,
        "project_id": project_id,
        "result": computed.result,
        "provenance": Provenance.CONSENSUS,
        "confidence": computed.confidence,
        "agreement": computed.agreement,
        "controls": computed.controls,
        "n_annotations": n,
        "needs_adjudication": needs_adjudication,
        "decided_by": None,
        "computed_at": now,
    }


def _upsert(db: Session) -> Any:
    """Insert, or replace a ``consensus`` row; a reviewed, adjudicated or gold row stays."""
    stmt = insert(db, FinalLabel)
    columns = ("result", "provenance", "confidence", "agreement", "controls", "n_annotations")
    return stmt.on_conflict_do_update(
        index_elements=[FinalLabel.item_id],
        set_={
            **{c: stmt.excluded[c] for c in columns},
            "needs_adjudication": stmt.excluded.needs_adjudication,
            "computed_at": stmt.excluded.computed_at,
        },
        where=FinalLabel.provenance == Provenance.CONSENSUS,
    )


def _changed_since(db: Session, snap: _Snapshot, item_ids: list[int]) -> set[int]:
    if not item_ids:
        return set()
    now: dict[int, Signature] = {}
    for chunk in _chunks(item_ids):
        for item_id, count, versions, last in db.execute(
            select(Annotation.item_id, func.count(), func.sum(Annotation.version), func.max(Annotation.id))
            .where(Annotation.item_id.in_(chunk), final_cache.COUNTED)
            .group_by(Annotation.item_id)
        ):
            now[item_id] = (int(count), int(versions), int(last))
    return {i for i in item_ids if now.get(i, (0, 0, 0)) != snap.signatures.get(i, (0, 0, 0))}
