"""Project export: items with their annotations, streamed in keyset batches.

Each batch is read in its own short transaction, so memory stays constant and the export
never holds the database for its whole duration.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select

from goldlabel.controls.schema import load_schema
from goldlabel.db.engine import Database
from goldlabel.db.models import Annotation, Item, User
from goldlabel.formats import exports
from goldlabel.formats.exports import ExportFormat
from goldlabel.services.access import Actor, project_access
from goldlabel.services.annotations import ANNOTATION_VIEW_COLUMNS

EXPORT_BATCH = 5_000


def export_project(database: Database, actor: Actor, project_id: int, fmt: ExportFormat) -> Iterator[bytes]:
    """Check access now (so errors surface before streaming starts), then stream lazily."""
    with database.session() as db:
        project = project_access(db, actor, project_id, minimum="manager").project
        schema = load_schema(project.schema)
    return exports.write(
        _items(database, project_id),
        fmt,
        fields=list(schema.fields),
        controls=[c.name for c in schema.controls],
    )


def _items(database: Database, project_id: int) -> Iterator[dict[str, Any]]:
    after = 0
    while True:
        with database.session() as db:
            rows = db.execute(
                select(Item.id, Item.data, Item.meta)
                .where(Item.project_id == project_id, Item.id > after)
                .order_by(Item.id)
                .limit(EXPORT_BATCH)
            ).all()
            if not rows:
                return
            after = rows[-1].id
            by_item: dict[int, list[dict[str, Any]]] = {r.id: [] for r in rows}
            # Plain columns, not ORM objects: no identity map or object construction per row.
            annotations = db.execute(
                select(*ANNOTATION_VIEW_COLUMNS, User.email)
                .join(User, User.id == Annotation.author_id)
                .where(Annotation.project_id == project_id, Annotation.item_id.between(rows[0].id, after))
                .order_by(Annotation.item_id, Annotation.id)
            )
            for a in annotations:
                by_item[a.item_id].append(
                    {
                        "id": a.id,
                        "author": a.email,
                        "result": a.result,
                        "status": a.status,
                        "lead_time_ms": a.lead_time_ms,
                        "version": a.version,
                        "created_at": a.created_at.isoformat(),
                        "updated_at": a.updated_at.isoformat(),
                    }
                )
        for r in rows:
            yield {"id": r.id, "data": r.data, "meta": r.meta, "annotations": by_item[r.id]}
