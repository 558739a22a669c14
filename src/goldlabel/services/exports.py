"""Project export: items with their annotations, streamed in keyset batches in queue order.

Each batch is read in its own short transaction, so memory stays constant and the export
never holds the database for its whole duration. Drafts stay out unless asked for.

A CSV needs its columns up front, and meta keys differ from item to item: a first pass reads
only the items' meta, in the same batches, and keeps the union of their keys (sorted), so
memory grows with the number of distinct keys (capped by ``MAX_EXPORT_META_COLUMNS``), never
with the number of items. JSON and JSONL carry each item's meta as it is and skip that pass.

Gold items (``items.gold_set``) are not production data: the default export leaves them out.
``gold="only"`` exports the gold items instead, each with its reference answer, explanations
and set (``formats/gold_exports.py``), and never their annotations.

With ``consensus`` each item also gets, per control, its final label with the method and the
confidence — read from ``final_labels`` (``services.final_labels``), whose stale items are
brought up to date synchronously first, so the export agrees with ``GET /final`` and is current
right after a submission.

Every format (``formats/registry.py``) writes from the same items: ``labels`` says whether they
carry their annotations, their consensus, or both; a gold item carries its reference instead.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import BigInteger, ColumnElement, literal, select, tuple_

from goldlabel.controls.schema import load_schema
from goldlabel.core.errors import ErrorCode, InvalidInput, TooLarge
from goldlabel.core.limits import MAX_EXPORT_META_COLUMNS
from goldlabel.db.engine import Database
from goldlabel.db.models import Annotation, Gold, Item, User
from goldlabel.formats import registry
from goldlabel.formats.items import FormatError
from goldlabel.formats.registry import Labels, WriteContext
from goldlabel.services import media
from goldlabel.services.access import Actor, project_access
from goldlabel.services.annotations import ANNOTATION_VIEW_COLUMNS
from goldlabel.services.final_labels import refresh_project
from goldlabel.services.final_reads import final_rows

EXPORT_BATCH = 5_000
GoldExport = Literal["exclude", "only"]


def _scope(gold: GoldExport) -> ColumnElement[bool]:
    return Item.gold_set.is_not(None) if gold == "only" else Item.gold_set.is_(None)


# Items go out in queue order (import order in a sequential project; ids are random), in keyset
# batches on (rank, id): a range read of ix_items_gold for either scope.
_queue_key = tuple_(Item.rank, Item.id)
_START = (-(2**63), 0)


def _after(key: tuple[int, int]) -> ColumnElement[bool]:
    return _queue_key > tuple_(literal(key[0], BigInteger), literal(key[1], BigInteger))


def export_project(
    database: Database,
    actor: Actor,
    project_id: int,
    fmt: str,
    *,
    labels: Labels | None = None,
    include_drafts: bool = False,
    gold: GoldExport = "exclude",
    media_dir: Path | None = None,
) -> Iterator[bytes]:
    """A project's items in any writable format (``formats/registry.py``), with the labels asked
    for (None: the format's default). Access, the format, the CSV's columns and the writer's first
    chunk are settled now, so errors surface before streaming starts; then it streams lazily.

    ``media_dir``: copy the project's media files into the export where the format can hold them
    (YOLO, VOC: the writer gets ``options["media_file"]``, a URL to its file in this project)."""
    try:
        file_format = registry.writable(fmt)
    except FormatError as exc:
        raise InvalidInput(exc.message, code=ErrorCode.INVALID_REQUEST) from None
    with database.session() as db:
        project = project_access(db, actor, project_id, minimum="manager").project
        schema = load_schema(project.schema)
    chosen: Labels = labels or file_format.default_labels
    context = WriteContext(
        schema,
        chosen,
        project_id,
        gold=gold == "only",
        options={
            "meta_keys": _meta_keys(database, project_id, gold) if fmt == "csv" else [],
            **({"media_file": media.local_file(media_dir, project_id)} if media_dir is not None else {}),
        },
    )
    if gold == "only":
        items = _gold_items(database, project_id)
    else:
        items = _items(
            database,
            project_id,
            include_drafts=include_drafts,
            consensus=chosen != "annotations",
            annotations=chosen != "final",
        )
    assert file_format.write is not None  # writable() checked it
    body = file_format.write(items, context)
    first = next(body, None)  # a writer's own refusal (no controls it can hold …) is still a status
    return body if first is None else itertools.chain((first,), body)


def _meta_keys(database: Database, project_id: int, gold: GoldExport) -> list[str]:
    keys: set[str] = set()
    after = _START
    while True:
        with database.session() as db:
            rows = db.execute(
                select(Item.id, Item.rank, Item.meta)
                .where(Item.project_id == project_id, _after(after), _scope(gold))
                .order_by(Item.rank, Item.id)
                .limit(EXPORT_BATCH)
            ).all()
        if not rows:
            return sorted(keys)
        after = (rows[-1].rank, rows[-1].id)
        for row in rows:
            keys.update(row.meta or ())
        if len(keys) > MAX_EXPORT_META_COLUMNS:
            raise TooLarge(
                f"the items' meta has more than {MAX_EXPORT_META_COLUMNS} distinct keys, too many "
                "for CSV columns; export JSON or JSONL instead"
            )


def _items(
    database: Database,
    project_id: int,
    *,
    include_drafts: bool,
    consensus: bool,
    annotations: bool = True,
) -> Iterator[dict[str, Any]]:
    """The final labels are brought up to date when the first item is asked for: after a writer
    has looked at the schema and perhaps refused it, which then costs nothing."""
    if consensus:
        refresh_project(database, project_id, include_missing=True)
    after = _START
    while True:
        with database.session() as db:
            rows = db.execute(
                select(Item.id, Item.rank, Item.external_id, Item.data, Item.meta)
                .where(Item.project_id == project_id, _after(after), _scope("exclude"))
                .order_by(Item.rank, Item.id)
                .limit(EXPORT_BATCH)
            ).all()
            if not rows:
                return
            first, after = (rows[0].rank, rows[0].id), (rows[-1].rank, rows[-1].id)
            query = (
                select(*ANNOTATION_VIEW_COLUMNS, User.email)
                .join(User, User.id == Annotation.author_id)
                .join(Item, Item.id == Annotation.item_id)
                .where(
                    Item.project_id == project_id,
                    _scope("exclude"),
                    _queue_key >= tuple_(literal(first[0], BigInteger), literal(first[1], BigInteger)),
                    _queue_key <= tuple_(literal(after[0], BigInteger), literal(after[1], BigInteger)),
                )
                .order_by(Annotation.item_id, Annotation.id)
            )
            if not include_drafts:
                query = query.where(Annotation.status == "submitted")
            ids = [r.id for r in rows]
            finals = final_rows(db, ids) if consensus else {}
            by_item: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
            # Plain columns, not ORM objects: no identity map or object construction per row.
            for a in db.execute(query):
                if a.item_id not in by_item:
                    continue  # a gold item's (gold is not production data)
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
            item = {
                "id": r.id,
                "external_id": r.external_id,
                "data": r.data,
                "meta": r.meta,
                "annotations": by_item[r.id] if annotations else [],
            }
            if consensus:
                item["consensus"] = _consensus(finals.get(r.id))
            yield item


def _gold_items(database: Database, project_id: int) -> Iterator[dict[str, Any]]:
    after = _START
    while True:
        with database.session() as db:
            rows = db.execute(
                select(
                    Item.id,
                    Item.rank,
                    Item.external_id,
                    Item.data,
                    Item.meta,
                    Item.gold_set,
                    Gold.result,
                    Gold.explanations,
                )
                .join(Gold, Gold.item_id == Item.id)
                .where(Item.project_id == project_id, _after(after), _scope("only"))
                .order_by(Item.rank, Item.id)
                .limit(EXPORT_BATCH)
            ).all()
        if not rows:
            return
        after = (rows[-1].rank, rows[-1].id)
        for r in rows:
            yield {
                "id": r.id,
                "external_id": r.external_id,
                "data": r.data,
                "meta": r.meta,
                "gold": {"set": r.gold_set, "result": r.result, "explanations": r.explanations or {}},
            }


def _consensus(final: tuple[dict[str, Any], dict[str, Any]] | None) -> dict[str, dict[str, Any]]:
    """An item's final label per control, as the writers read it (``formats.labelsets``)."""
    if final is None:
        return {}
    result, controls = final
    return {
        name: {"value": value, "method": controls[name]["method"], "confidence": controls[name]["confidence"]}
        for name, value in result.items()
        if value is not None and name in controls
    }
