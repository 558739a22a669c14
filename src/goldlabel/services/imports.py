"""Item import: the file is read, checked and staged outside any transaction; one write
transaction then inserts every staged row, or none.

On SQLite the writer is one lock for the whole server, and reading a file takes time in
proportion to its size: an import used to parse under that lock, so a slow file stalled every
login and submission. Now the stages are:

1. access and the project's schema, read (the route checks access before reading the body);
2. the rows read and checked (``formats``), validated against the schema, their ids looked up
   among the project's (short reads, a batch at a time) and staged (``staging``): no
   transaction stays open;
3. one write transaction: access again, the schema unchanged (or the import is refused), the
   rows inserted with their labels (``import_labels``: annotations with their queue slots,
   predictions), ``item_count`` raised.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any, Literal

import orjson
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from goldlabel.controls.schema import ProjectSchema, load_schema, validate_item_data
from goldlabel.core.errors import Conflict, ErrorCode, InvalidInput
from goldlabel.core.limits import IMPORT_BATCH_ROWS, MAX_IMPORT_ROWS
from goldlabel.db.bulk import ItemRow, insert_items
from goldlabel.db.dialect import insert_or_skip, random_rank
from goldlabel.db.engine import Database
from goldlabel.db.ids import draw_item_ids
from goldlabel.db.models import GoldSet, Item, Project, utcnow
from goldlabel.formats import registry
from goldlabel.formats.items import FormatError, Row, row_from_object
from goldlabel.formats.registry import FileFormat, LabelsAs, ReadContext
from goldlabel.services import archive_imports, media_library
from goldlabel.services.access import Actor, project_access
from goldlabel.services.gold import add_imported_gold, checked_gold
from goldlabel.services.import_labels import LabelCounts, insert_labels, inserted, place_labels, staged_labels
from goldlabel.services.labelstudio_aliases import unaliased
from goldlabel.services.placeholders import Authors
from goldlabel.services.project_lifecycle import refuse_if_archived
from goldlabel.services.staging import StagedRow, StagedRows
from goldlabel.services.views import ImportResult

OnDuplicate = Literal["error", "skip"]
GoldSetName = Literal["practice", "exam", "honeypot", "example"]  # GoldSet's values, for routes
ID_LOOKUP_BATCH = 500
DUPLICATE_HINT = "give each row its own id, or import with on_duplicate=skip to leave such rows out"
KNOWN_ID = f"the project already has an item with this row's id; {DUPLICATE_HINT}"


def row_error(row: int | None, message: str, *, code: ErrorCode = ErrorCode.INVALID_IMPORT) -> InvalidInput:
    return InvalidInput(message, code=code, row=row)


def import_format(name: str | None, filename: str) -> FileFormat:
    """The format asked for by name, else the one the file's name says."""
    try:
        return registry.readable(name) if name else registry.format_from_filename(filename)
    except FormatError as exc:
        raise row_error(None, exc.message) from None


def check_import_access(db: Session, actor: Actor, project_id: int) -> None:
    """Before a byte of the body is read: only the project's managers may import, and not into
    an archived project."""
    project = project_access(db, actor, project_id, minimum="manager").project
    refuse_if_archived(project.archived_at, "importing items")


@dataclass(frozen=True, slots=True)
class LabelOptions:
    """What the labels a file holds become (``Row.labels``): annotations, predictions, or gold of
    ``gold_set`` (one label set per row)."""

    labels_as: LabelsAs = "annotations"
    gold_set: GoldSetName = "practice"


def import_file(
    database: Database,
    actor: Actor,
    project_id: int,
    stream: IO[bytes],
    fmt: FileFormat,
    on_duplicate: OnDuplicate = "error",
    *,
    filename: str = "",
    options: LabelOptions = LabelOptions(),
    media_dir: Path | None = None,
) -> ImportResult:
    """``media_dir``: where the project's media live, for a zip that brings its images along."""
    assert fmt.read is not None
    with database.session() as db:
        check_import_access(db, actor, project_id)
        project = project_access(db, actor, project_id, minimum="manager").project
        schema, label_config = load_schema(project.schema), project.label_config
        media = media_library.media_index(db, project_id)  # label files name their media (COCO, WebVTT …)
        context = ReadContext(schema, filename, media.size, media.url)
    read = unaliased(fmt, label_config).read  # Label Studio files: aliases back to the shown labels
    assert read is not None
    # An image format's zip with its images: they join the media library first, and leave it
    # again if the import is refused (``archive_imports``).
    prepared = archive_imports.unpacked(database, actor, project_id, stream, fmt, context, media_dir)
    with prepared as (body, ready):
        try:
            reader = read(body, ready)
        except FormatError as exc:
            raise row_error(exc.row, exc.message) from None
        with closing(reader) as rows:
            return import_rows(database, actor, project_id, rows, on_duplicate, options=options)


def import_rows(
    database: Database,
    actor: Actor,
    project_id: int,
    rows: Iterable[Row],
    on_duplicate: OnDuplicate = "error",
    *,
    options: LabelOptions = LabelOptions(),
) -> ImportResult:
    """Insert every row or none. Rows whose id the project already holds, or an earlier row of
    the file has, are refused (``on_duplicate="error"``, naming the row) or left out and
    counted (``"skip"``). Only the last stage holds the database's writer."""
    with database.session() as db:
        check_import_access(db, actor, project_id)
        schema = project_access(db, actor, project_id, minimum="manager").project.schema
        fill = media_library.row_filler(db, project_id, schema)
    rows = (place_labels(row, options.labels_as, str(options.gold_set)) for row in rows)

    def known_ids(ids: list[str]) -> set[str]:
        with database.session() as db:
            return _known_ids(db, project_id, ids)

    with StagedRows() as staged:
        _stage(staged, schema, map(fill, rows), on_duplicate, known_ids)
        with database.session(write=True) as db:
            return _commit(db, actor, project_id, schema, staged, on_duplicate)


def import_items(
    db: Session, actor: Actor, project_id: int, numbered: Iterable[tuple[int, Any]]
) -> ImportResult:
    """The same stages in the caller's one transaction, for a list built in process (the demo
    project's items, created with the project): ``(row number, item object)`` pairs."""
    check_import_access(db, actor, project_id)
    schema = project_access(db, actor, project_id, minimum="manager").project.schema
    fill = media_library.row_filler(db, project_id, schema)
    rows = (fill(row_from_object(n, obj)) for n, obj in numbered)
    with StagedRows() as staged:
        _stage(staged, schema, rows, "error", lambda ids: _known_ids(db, project_id, ids))
        return _commit(db, actor, project_id, schema, staged, "error")


def _stage(
    staged: StagedRows,
    schema: dict[str, Any],
    rows: Iterable[Row],
    on_duplicate: OnDuplicate,
    known_ids: Callable[[list[str]], set[str]],
) -> None:
    """Validate and stage the rows in batches; the first bad row, in file order, refuses all."""
    project_schema = load_schema(schema)
    batch: list[StagedRow] = []
    try:
        for row in rows:
            problem = validate_item_data(project_schema, row.data)
            error = row_error(row.number, problem) if problem else None
            gold = labels = None
            if error is None and row.gold is not None:
                gold, error = _checked_gold(project_schema, row)
            if error is None:
                try:
                    labels = staged_labels(project_schema, row)
                except InvalidInput as exc:
                    error = exc
            if error is not None:
                _add(staged, batch, on_duplicate, known_ids)  # an earlier row's fault comes first
                raise error
            batch.append((row.number, row.external_id, row.data_json, row.meta_json, gold, labels))
            if len(batch) >= IMPORT_BATCH_ROWS:
                _add(staged, batch, on_duplicate, known_ids)
    except FormatError as exc:
        _add(staged, batch, on_duplicate, known_ids)
        raise row_error(exc.row, exc.message) from None
    _add(staged, batch, on_duplicate, known_ids)
    if staged.count + staged.skipped == 0:
        raise row_error(None, "the file has no items")


def _checked_gold(schema: ProjectSchema, row: Row) -> tuple[str | None, InvalidInput | None]:
    """The row's gold checked like a gold set by hand, as JSON to stage, or the error naming the row."""
    assert row.gold is not None
    if row.gold["set"] not in set(GoldSet):
        return None, row_error(row.number, f"gold: 'set' must be one of {[s.value for s in GoldSet]}")
    try:
        result, explanations = checked_gold(schema, row.data, row.gold["result"], row.gold["explanations"])
    except InvalidInput as exc:
        fields = {k: v for k, v in exc.fields.items() if k != "row"}
        return None, InvalidInput(
            f"gold: {exc.message}", code=ErrorCode.INVALID_IMPORT, row=row.number, **fields
        )
    gold = {"set": row.gold["set"], "result": result, "explanations": explanations}
    return orjson.dumps(gold).decode(), None


def _add(
    staged: StagedRows,
    batch: list[StagedRow],
    on_duplicate: OnDuplicate,
    known_ids: Callable[[list[str]], set[str]],
) -> None:
    """Stage a batch, or refuse the first of its rows whose id is known or repeated."""
    known = known_ids([external_id for _n, external_id, *_ in batch if external_id is not None])
    if on_duplicate == "skip":
        kept = [row for row in batch if row[1] not in known]
        staged.skipped += len(batch) - len(kept)
        staged.add(kept, skip_repeats=True)
    else:
        faults = [(n, KNOWN_ID) for n, external_id, *_ in batch if external_id in known][:1]
        repeat = staged.add(batch, skip_repeats=False)
        if repeat is not None:
            faults.append(
                (repeat[0], f"the id of this row is already the id of row {repeat[1]}; {DUPLICATE_HINT}")
            )
        if faults:
            row, message = min(faults)
            raise row_error(row, message, code=ErrorCode.DUPLICATE_ID)
    if staged.count > MAX_IMPORT_ROWS:
        row = staged.number_at(MAX_IMPORT_ROWS)
        raise row_error(row, f"an import holds at most {MAX_IMPORT_ROWS} items; split the file")
    batch.clear()


def _known_ids(db: Session, project_id: int, ids: list[str]) -> set[str]:
    """Which of these external ids the project's items already have."""
    known: set[str] = set()
    for start in range(0, len(ids), ID_LOOKUP_BATCH):
        chunk = ids[start : start + ID_LOOKUP_BATCH]
        found = select(Item.external_id).where(Item.project_id == project_id, Item.external_id.in_(chunk))
        known.update(external_id for external_id in db.scalars(found) if external_id is not None)
    return known


def _commit(
    db: Session,
    actor: Actor,
    project_id: int,
    schema: dict[str, Any],
    staged: StagedRows,
    on_duplicate: OnDuplicate,
) -> ImportResult:
    """The write transaction: the project row is locked (PostgreSQL; SQLite has one writer) so
    its schema cannot change under the import, then the staged rows go in."""
    project_access(db, actor, project_id, minimum="manager")
    project = db.execute(
        select(Project.schema, Project.order, Project.overlap, Project.archived_at)
        .where(Project.id == project_id)
        .with_for_update()
    ).one()
    refuse_if_archived(project.archived_at, "importing items")
    if project.schema != schema:
        raise Conflict("the project's schema changed while the file was being checked; import it again")
    sequential = project.order == "sequential"
    rank = (db.scalar(select(func.max(Item.rank)).where(Item.project_id == project_id)) or 0) + 1
    now = utcnow()
    created = 0
    authors, counts = Authors(db), LabelCounts()
    for batch in staged.rows(IMPORT_BATCH_ROWS):
        items: list[ItemRow] = []
        labelled: list[tuple[int, str]] = []  # (item id, staged labels)
        waiting: list[tuple[int, str]] = []  # (index in ``items``, staged labels)
        for external_id, data, meta, gold, labels in batch:
            item_rank = rank if sequential else None
            if gold is None:
                if labels is not None:
                    waiting.append((len(items), labels))
                items.append((external_id, data, meta, item_rank))
            else:
                gold_id = _insert_gold_item(
                    db, actor, project_id, (external_id, data, meta, item_rank), gold, now
                )
                created += gold_id is not None
                if gold_id is not None and labels is not None:
                    labelled.append((gold_id, labels))
            rank += 1
        drawn: list[int] = []
        went_in = insert_items(db, project_id, items, now, drawn=drawn)
        created += went_in
        if waiting:
            kept = inserted(db, drawn) if went_in < len(items) else set(drawn)
            labelled += [(drawn[i], labels) for i, labels in waiting if drawn[i] in kept]
        insert_labels(db, project_id, project.overlap, labelled, authors, now, counts)
    if created < staged.count and on_duplicate == "error":
        raise Conflict(
            "another import added items with the same ids meanwhile; nothing was imported: "
            "import the file again",
            code=ErrorCode.DUPLICATE_ID,
        )
    counted = update(Project).where(Project.id == project_id)
    db.flush()
    db.execute(counted.values(item_count=Project.item_count + created))
    return ImportResult(
        created=created,
        skipped=staged.skipped + staged.count - created,
        annotations=counts.annotations,
        predictions=counts.predictions,
    )


_INSERT_ITEM = insert_or_skip(Item, Item.id)


def _insert_gold_item(
    db: Session, actor: Actor, project_id: int, row: ItemRow, gold_json: str, now: datetime
) -> int | None:
    """A gold row goes in on its own (gold rows are few): out of production from the start, with
    its gold; its id, or None when a concurrent import took its id (the caller counts and decides)."""
    external_id, data, meta, rank = row
    gold = orjson.loads(gold_json)
    conn = db.connection()
    values = {
        "id": draw_item_ids(conn, 1)[0],
        "project_id": project_id,
        "external_id": external_id,
        "data": orjson.loads(data),
        "meta": orjson.loads(meta),
        "rank": rank if rank is not None else random_rank(db),
        "claimed": 0,
        "open": False,
        "submitted_count": 0,
        "gold_set": gold["set"],
        "created_at": now,
    }
    item_id = conn.execute(_INSERT_ITEM.for_(conn).values(values)).scalar()
    if item_id is None:
        return None
    add_imported_gold(db, actor, project_id, item_id, gold["result"], gold["explanations"])
    return int(item_id)
