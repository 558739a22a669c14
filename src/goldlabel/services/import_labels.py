"""The labels an import brings with its rows: placed (annotations, predictions or gold, as
``labels_as`` says), checked against the schema while the file is staged, and written in the
import's one write transaction beside the items they belong to.

Imported annotations are submitted annotations like any other: each holds one of its item's
overlap slots through an assignment with status ``submitted`` (``db/models/work.py``), so
``items.claimed``, ``submitted_count`` and ``open`` stay what the queue expects (an item is new
in this import, so its counters are set, not raised). Their authors are accounts, by email, or
placeholders (``services.placeholders``). Predictions go to their own table and count nowhere.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from goldlabel.controls.schema import ProjectSchema
from goldlabel.core.errors import ErrorCode, InvalidInput
from goldlabel.core.limits import MAX_LEAD_TIME_MS
from goldlabel.db.models import Annotation, Assignment, AssignmentStatus, Item, Prediction
from goldlabel.formats.items import FormatError, Row, RowLabels
from goldlabel.formats.registry import LabelsAs
from goldlabel.services import review_flow
from goldlabel.services.placeholders import MAX_AUTHOR_CHARS, Authors, author_key
from goldlabel.services.predictions import MODEL_CHARS, checked_prediction

DEFAULT_MODEL = "import"
UNKNOWN_AUTHOR = "unknown"
_COUNT_IMPORTED = (
    update(Item)
    .where(Item.id == bindparam("counted_item"))
    .values(
        claimed=bindparam("slots"),
        submitted_count=bindparam("slots"),
        open=bindparam("still_open"),
        final_stale=True,  # its final label is computed in the background (services.final_labels)
    )
)


def place_labels(row: Row, labels_as: LabelsAs, gold_set: str) -> Row:
    """The row with its file labels (``Row.labels``) made gold, predictions, or left as the
    annotations they are. ``Row.predictions`` stay predictions whatever ``labels_as`` says."""
    if not row.labels:
        return row
    if labels_as == "predictions":
        as_predictions = tuple(
            dataclasses.replace(
                label, model=label.model or label.author or DEFAULT_MODEL, model_version=label.model_version
            )
            for label in row.labels
        )
        return dataclasses.replace(row, labels=(), predictions=row.predictions + as_predictions)
    if labels_as != "gold":
        return row
    if len(row.labels) > 1:
        raise FormatError(
            row.number,
            f"the row holds {len(row.labels)} answers; gold takes one: keep one, or import them "
            "as annotations",
        )
    if row.gold is not None:
        raise FormatError(row.number, "the row has gold already; it cannot take its labels as gold too")
    gold = {"result": row.labels[0].result, "explanations": {}, "set": gold_set}
    return dataclasses.replace(row, labels=(), gold=gold)


def staged_labels(schema: ProjectSchema, row: Row) -> str | None:
    """The row's annotations and predictions checked against the schema (an annotation as a
    submission, a prediction as a draft), as JSON to stage; InvalidInput names the row and the
    control. None when the row has none."""
    if not row.labels and not row.predictions:
        return None
    if row.labels and row.gold is not None:
        raise _refused(row, None, "a gold item holds no annotations: import its labels as predictions")
    annotations = [_annotation(schema, row, i, label) for i, label in enumerate(row.labels, 1)]
    authors = [author_key(a[0]) for a in annotations]
    repeated = next((a for i, a in enumerate(authors) if a in authors[:i]), None)
    if repeated is not None:
        raise _refused(row, None, f"two annotations by {repeated!r}: an author annotates an item once")
    predictions = [p for label in row.predictions for p in _prediction(schema, row, label)]
    return orjson.dumps({"a": annotations, "p": predictions}).decode()


def _refused(row: Row, control: str | None, message: str) -> InvalidInput:
    return InvalidInput(message, code=ErrorCode.INVALID_IMPORT, row=row.number, control=control)


def _annotation(schema: ProjectSchema, row: Row, index: int, label: RowLabels) -> list[Any]:
    # Imported here: ``annotations`` is the save path; its validation is the one answers take.
    from goldlabel.services.annotations import checked_result

    author = (label.author or "").strip() or UNKNOWN_AUTHOR
    what = f"annotation {index} (by {author[:80]!r})"
    if len(author) > MAX_AUTHOR_CHARS:
        raise _refused(row, None, f"{what}: an author has at most {MAX_AUTHOR_CHARS} characters")
    try:
        result = checked_result(schema, label.result, row.data, complete=True)
    except InvalidInput as exc:
        control = exc.fields.get("control")
        where = f"{what}: {control}" if control else what
        raise _refused(row, control, f"{where}: {exc.message}") from None
    lead = label.lead_time_ms or 0
    if not 0 <= lead <= MAX_LEAD_TIME_MS:
        raise _refused(row, None, f"{what}: lead_time_ms must be between 0 and {MAX_LEAD_TIME_MS}")
    return [author, result, lead, _when(row, what, label.created_at)]


def _when(row: Row, what: str, text: str | None) -> str | None:
    if text is None:
        return None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise _refused(row, None, f"{what}: created_at {text[:40]!r} is not an ISO 8601 date") from None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).isoformat()


def _prediction(schema: ProjectSchema, row: Row, label: RowLabels) -> list[list[Any]]:
    model = label.model or DEFAULT_MODEL
    version = label.model_version or ""
    if len(model) > MODEL_CHARS or len(version) > MODEL_CHARS:
        raise _refused(
            row, None, f"prediction: model and model_version have at most {MODEL_CHARS} characters"
        )
    pairs = checked_prediction(schema, label.result, row.data, label.scores, row=row.number)
    scores = label.scores or {}
    return [[control, value, scores.get(control, label.score), model, version] for control, value in pairs]


@dataclasses.dataclass(slots=True)
class LabelCounts:
    annotations: int = 0
    predictions: int = 0


def insert_labels(
    db: Session,
    project_id: int,
    overlap: int,
    labelled: Sequence[tuple[int, str]],
    authors: Authors,
    now: datetime,
    counts: LabelCounts,
) -> None:
    """Write staged labels of newly inserted items ((item id, staged JSON) pairs), in the
    caller's transaction; ``counts`` grows by what went in."""
    if not labelled:
        return
    parsed = [(item_id, orjson.loads(text)) for item_id, text in labelled]
    ids = authors.ids([a[0] for _, labels in parsed for a in labels["a"]])
    assignments: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    predictions: list[dict[str, Any]] = []
    slots: list[dict[str, Any]] = []
    for item_id, labels in parsed:
        for author, result, lead, created in labels["a"]:
            when = datetime.fromisoformat(created) if created else now
            user_id = ids[author]
            assignments.append(_assignment(project_id, item_id, user_id, now))
            annotations.append(_annotation_row(project_id, item_id, user_id, result, lead, when, now))
        if labels["a"]:
            n = len(labels["a"])
            slots.append({"counted_item": item_id, "slots": n, "still_open": n < overlap})
        for control, value, score, model, version in labels["p"]:
            predictions.append(
                {
                    "project_id": project_id,
                    "item_id": item_id,
                    "control": control,
                    "value": value,
                    "score": score,
                    "model": model,
                    "model_version": version,
                    "created_at": now,
                    "created_by": None,
                }
            )
    conn = db.connection()
    for table, rows in ((Assignment, assignments), (Annotation, annotations), (Prediction, predictions)):
        if rows:
            conn.execute(insert(table), rows)
    if slots:
        conn.execute(_COUNT_IMPORTED, slots)
    if annotations:  # their history starts "imported"
        review_flow.record_imported(db, project_id, sorted({a["item_id"] for a in annotations}))
    counts.annotations += len(annotations)
    counts.predictions += len(predictions)


def _assignment(project_id: int, item_id: int, user_id: int, now: datetime) -> dict[str, Any]:
    return {
        "project_id": project_id,
        "item_id": item_id,
        "user_id": user_id,
        "status": AssignmentStatus.SUBMITTED,
        "expires_at": None,
        "skip_reason": None,
        "created_at": now,
    }


def _annotation_row(
    project_id: int,
    item_id: int,
    user_id: int,
    result: dict[str, Any],
    lead: int,
    created: datetime,
    now: datetime,
) -> dict[str, Any]:
    return {
        "project_id": project_id,
        "item_id": item_id,
        "author_id": user_id,
        "result": result,
        "status": "submitted",
        "lead_time_ms": lead,
        "version": 1,
        "guideline_version_id": None,
        "from_prediction": False,
        "prediction_distance": None,
        "imported": True,
        "created_at": created,
        "updated_at": now,
    }


def inserted(db: Session, drawn: Sequence[int]) -> set[int]:
    """Which of the ids drawn for a batch went in (a row whose external id a concurrent import
    took meanwhile was left out; ids are fresh, so the rest are this import's)."""
    found: set[int] = set()
    for start in range(0, len(drawn), 500):
        found.update(db.scalars(select(Item.id).where(Item.id.in_(drawn[start : start + 500]))))
    return found
