"""Stored annotations under a schema change: counted before, migrated when confirmed.

Every annotation of the project (drafts and submitted) is read in id-ordered batches and
passed through ``SchemaChange.migrate``. Without ``force`` nothing is written and, if any
annotation would change, the edit is refused (409) with the number of annotations each
change affects. With ``force`` the changed annotations are rewritten in the same
transaction as the schema, their version bumped so an editor holding an older copy gets a
stale-version answer instead of overwriting the migration.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from goldlabel.controls.schema_change import Effect, SchemaChange
from goldlabel.core.errors import Conflict, ErrorCode
from goldlabel.core.limits import SCHEMA_MIGRATION_BATCH
from goldlabel.db.models import Annotation, utcnow

_REWRITE = (
    update(Annotation)
    .where(Annotation.id == bindparam("ann_id"))
    .values(result=bindparam("new_result"), version=Annotation.version + 1, updated_at=bindparam("now"))
)

_DESCRIBE = {
    "control_removed": "control {control!r} removed",
    "control_renamed": "control {control!r} renamed to {to!r}",
    "option_removed": "{option!r} removed from {control!r}",
    "option_renamed": "{option!r} renamed to {to!r} in {control!r}",
    "answer_unfit": "answers of {control!r} that no longer fit it dropped",
}


def migrate_annotations(db: Session, project_id: int, change: SchemaChange, *, force: bool) -> None:
    """Count (and with ``force`` apply) what ``change`` does to the project's annotations."""
    if not change.touches_answers():
        return
    counts: dict[Effect, Counter[str]] = defaultdict(Counter)
    affected = 0
    last_id = 0
    now = utcnow()
    while True:
        batch = db.execute(
            select(Annotation.id, Annotation.result, Annotation.status)
            .where(Annotation.project_id == project_id, Annotation.id > last_id)
            .order_by(Annotation.id)
            .limit(SCHEMA_MIGRATION_BATCH)
        ).all()
        if not batch:
            break
        last_id = batch[-1].id
        rewrites: list[dict[str, Any]] = []
        for ann_id, result, status in batch:
            migrated, effects = change.migrate(result)
            if not effects:
                continue
            affected += 1
            for effect in effects:
                counts[effect][status] += 1
            rewrites.append({"ann_id": ann_id, "new_result": migrated, "now": now})
        if force and rewrites:
            db.connection().execute(_REWRITE, rewrites)
    if affected and not force:
        raise Conflict(
            f"this schema change affects {affected} annotation(s): {_summary(counts)}. Confirm to apply "
            "it: renamed controls and options are migrated, removed ones are deleted from those "
            "annotations (send force: true).",
            code=ErrorCode.SCHEMA_CHANGE_AFFECTS_ANNOTATIONS,
            annotations=affected,
            changes=[
                {
                    "control": e.control,
                    "change": e.change,
                    "option": e.option,
                    "to": e.to,
                    "annotations": c.total(),
                    "submitted": c["submitted"],
                    "drafts": c["draft"],
                }
                for e, c in _ordered(counts)
            ],
        )


def _summary(counts: dict[Effect, Counter[str]], shown: int = 5) -> str:
    parts = [f"{_DESCRIBE[e.change].format(**_fields(e))} ({c.total()})" for e, c in _ordered(counts)]
    more = f"; and {len(parts) - shown} more" if len(parts) > shown else ""
    return "; ".join(parts[:shown]) + more


def _ordered(counts: dict[Effect, Counter[str]]) -> list[tuple[Effect, Counter[str]]]:
    return sorted(
        counts.items(), key=lambda ec: (ec[0].control, ec[0].change, ec[0].option or "", ec[0].to or "")
    )


def _fields(effect: Effect) -> dict[str, str | None]:
    return {"control": effect.control, "option": effect.option, "to": effect.to}
