"""What a save does for review, called once by ``annotations.save_annotation`` in its transaction:
the change goes into ``annotation_history``; a first submission may be sampled for review; a
correction of reviewed work goes back to tier-1 review.

Sampling (``consensus.review.sample``):

- ``none`` — nothing is reviewed; ``all`` — every submission;
- ``share`` — a fixed share: an annotation is sampled when a hash of its id falls below ``share``
  (deterministic, so the same annotation is always decided the same way, and testable);
- ``adaptive`` — the same hash against a share that grows for new and inaccurate annotators:
  ``max(share, newness, weakness)`` where ``newness = 1 - submitted / NEW_UNTIL`` (their first
  submission in the project is always reviewed; from ``NEW_UNTIL`` on they are no longer new)
  and ``weakness`` rises linearly from 0 at a rolling honeypot accuracy of ``ACCURATE`` to 1 at
  ``INACCURATE`` (no honeypot answers yet: 0; newness covers beginners).

Honeypot submissions are sampled like any other (a reviewer cannot tell them apart): that is what
scores reviewers against gold. Costs: a save writes one history row; a first submission of a
project that samples adds one UPDATE when sampled; ``adaptive`` reads the author's submission count
and rolling honeypot accuracy (two queries) on a first submission.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import Row, String, bindparam, func, insert, literal, select, update
from sqlalchemy.orm import Session

from goldlabel.controls.schema import load_schema
from goldlabel.db.models import Annotation, AnnotationHistory, UTCDateTime, utcnow
from goldlabel.services import stored_settings
from goldlabel.services.consensus_settings import ConsensusSettings, ReviewPolicy

NEW_UNTIL = 50  # submissions in a project after which an annotator no longer counts as new
ACCURATE = 0.9  # rolling honeypot accuracy at or above which no extra review is asked
INACCURATE = 0.5  # ... at or below which every submission is reviewed
ACCURACY_WINDOW = 50  # honeypot answers the adaptive rule looks back on
PENDING = "pending"

_HISTORY = insert(AnnotationHistory)
_SAMPLED = (
    update(Annotation)
    .where(Annotation.id == bindparam("sampled_id"))
    .values(review_status=PENDING, review_tier=1)
)
_SUBMITTED_BY = select(func.count()).where(
    Annotation.project_id == bindparam("count_project"),
    Annotation.author_id == bindparam("count_author"),
    Annotation.status == "submitted",
)


def sampled(annotation_id: int, share: float) -> bool:
    """Whether an annotation falls in a ``share`` of all annotations: a hash of its id in [0, 1)
    below the share (share 1: always; 0: never)."""
    digest = hashlib.blake2b(f"review:{annotation_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64 < share


def adaptive_share(base: float, submitted: int, accuracy: float | None) -> float:
    """The adaptive rule (module docstring): the larger of ``base``, newness and weakness."""
    newness = max(0.0, 1.0 - submitted / NEW_UNTIL)
    weakness = 0.0
    if accuracy is not None:
        weakness = min(1.0, max(0.0, (ACCURATE - accuracy) / (ACCURATE - INACCURATE)))
    return max(base, newness, weakness)


def review_policy(consensus: dict[str, Any] | None) -> ReviewPolicy:
    return stored_settings.read(ConsensusSettings, consensus or {}).review


def change_of(new: bool, before: str | None, after: str) -> str:
    """What a save did: ``created`` (a first draft), ``submitted``, ``saved`` (a draft again) or
    ``corrected`` (a submitted annotation edited)."""
    if before == "submitted":
        return "corrected"
    if after == "submitted":
        return "submitted"
    return "created" if new else "saved"


def after_save(
    db: Session,
    ctx: Row[Any],
    *,
    author_id: int,
    annotation_id: int,
    version: int,
    result: dict[str, Any],
    status: str,
    new: bool,
) -> None:
    """The save's history row, then sampling (a first submission) or a return to review (a
    correction of sampled work). ``ctx`` is the save's context row (the stored annotation's
    status and review status, the project's settings)."""
    conn = db.connection()
    change = change_of(new, None if new else ctx.status, status)
    conn.execute(
        _HISTORY,
        {
            "project_id": ctx.project_id,
            "annotation_id": annotation_id,
            "version": version,
            "result": result,
            "status": status,
            "changed_by": author_id,
            "change": change,
        },
    )
    if change == "corrected":
        if ctx.review_status is not None:  # reviewed work changed: the new answer is reviewed anew
            conn.execute(_SAMPLED, {"sampled_id": annotation_id})
        return
    if change != "submitted":
        return
    policy = review_policy(ctx.consensus)
    if policy.sample == "none":
        return
    share = 1.0 if policy.sample == "all" else policy.share
    if policy.sample == "adaptive":
        share = adaptive_share(share, *_author_record(db, ctx, author_id))
    if sampled(annotation_id, share):
        conn.execute(_SAMPLED, {"sampled_id": annotation_id})


def _author_record(db: Session, ctx: Row[Any], author_id: int) -> tuple[int, float | None]:
    """The author's submissions in the project before this one, and their rolling honeypot
    accuracy (None without honeypot answers)."""
    # Imported here: monitoring loads the control types' scorers.
    from goldlabel.services.monitoring import rolling_accuracy

    count = (
        db.connection()
        .execute(_SUBMITTED_BY, {"count_project": ctx.project_id, "count_author": author_id})
        .scalar_one()
    )
    controls = load_schema(ctx.schema).controls
    accuracy = rolling_accuracy(db, ctx.project_id, controls, window=ACCURACY_WINDOW, user_ids=[author_id])[
        author_id
    ].overall.value
    return max(0, int(count) - 1), accuracy


def record_imported(db: Session, project_id: int, item_ids: list[int]) -> None:
    """History rows (``imported``) for the annotations an import just wrote on these items."""
    conn, now = db.connection(), utcnow()
    for start in range(0, len(item_ids), 500):
        chunk = item_ids[start : start + 500]
        rows = select(
            Annotation.project_id,
            Annotation.id,
            Annotation.version,
            Annotation.result,
            Annotation.status,
            Annotation.author_id,
            literal("imported", String(20)),
            literal(now, UTCDateTime()),
        ).where(Annotation.project_id == project_id, Annotation.item_id.in_(chunk), Annotation.imported)
        conn.execute(
            insert(AnnotationHistory).from_select(
                [
                    "project_id",
                    "annotation_id",
                    "version",
                    "result",
                    "status",
                    "changed_by",
                    "change",
                    "created_at",
                ],
                rows,
            )
        )
