"""Parquet: one row per item, a column per data field and per control, for pandas, polars and
Hugging Face ``datasets``.

Columns of an export, in this order:

- ``item_id`` (int64), ``external_id`` (string, null when the item has none);
- one per data field of the schema, plus the measured media keys of image, audio and video
  fields (``<field>_width``, ``_height``, ``_duration``, ``_fps``, ``_frames``; float64, null when
  unmeasured): a media field holds its URL (``/api/projects/{pid}/media/<name>``), a ``json``
  field its value as JSON text;
- ``extra_data``: the item's other data keys (beyond the schema's fields and measured sizes)
  as a JSON object text, null when it has none, so nothing of an item is lost;
- ``meta``: the item's meta as a JSON object text (keys differ from item to item);
- with ``labels=final|both``: per control ``<control>`` (the final label: consensus, or a gold
  item's reference), ``<control>.method`` (string) and ``<control>.confidence`` (float64);
- with ``labels=annotations|both``: ``annotations``, a list of structs
  ``{annotation_id, author, <control>...}``, one per submitted annotation.

A control's value is a native Arrow value where the value is one: a single choice or a text is
a string, a rating an int64, a multiple choice or a ranking a list of strings. Regions (spans,
boxes, polygons, masks, keypoints, segments, tracks) are JSON texts in goldlabel's stored shape:
their shapes differ per control type and nest (a track's keyframes, a mask's RLE), and a JSON
text loads alike in pandas, polars and ``datasets`` and comes back exactly on import, where a
nested Arrow type per control would tie every reader to goldlabel's value models. Load one with
``json.loads`` (pandas ``.map(json.loads)``, polars ``.str.json_decode()``).

The writer keeps one row group (``ROWS_PER_GROUP`` items) in memory and streams each out as it
is written: ``ParquetWriter`` writes forward only (the footer records offsets it counted), so a
sink that hands on what it is given and counts bytes for ``tell`` is enough; no temporary file.

Import reads the file a record batch at a time (the route spools the upload to a seekable
file): ``external_id`` (or ``id``) is the row's id, ``meta`` its meta, ``extra_data`` more of
its data, a ``json`` field's JSON text its value, a column named as a
control gives the row's labels (``Row.labels``; JSON text for regions, as written), an
``annotations`` column one label set per struct; ``item_id`` and ``<control>.method`` /
``.confidence`` are left out; every other column is data (a null cell is no key).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Generator, Iterable, Iterator, Mapping
from typing import IO, TYPE_CHECKING, Any

import orjson

from goldlabel.controls.base import ControlSpec
from goldlabel.core.limits import MAX_IMPORT_ROWS, MAX_PARQUET_COLUMNS, MAX_PARQUET_ROW_GROUP_BYTES
from goldlabel.formats.items import FormatError, Row, RowLabels, row_from_object
from goldlabel.formats.labelsets import label_sets
from goldlabel.formats.registry import ExportItem, ReadContext, WriteContext

if TYPE_CHECKING:
    import pyarrow as pa

ROWS_PER_GROUP = 2_000
READ_BATCH_ROWS = 1_000
MEDIA_KEYS = {
    "image": ("width", "height"),
    "audio": ("duration",),
    "video": ("duration", "fps", "frames"),
}
NATIVE_TEXT = frozenset({"text"})
NATIVE_LISTS = frozenset({"ranking"})
METHOD, CONFIDENCE = ".method", ".confidence"
EXTRA_DATA = "extra_data"
RESERVED = frozenset({"item_id", "external_id", "id", "meta", "annotations", EXTRA_DATA})


def _value_type(spec: ControlSpec) -> pa.DataType:
    """The Arrow type of a control's value (module docstring: native where it is a scalar or a
    list of strings, else a JSON text)."""
    import pyarrow as pa

    if spec.type == "choices":
        return pa.list_(pa.string()) if getattr(spec, "multiple", False) else pa.string()
    if spec.type == "rating":
        return pa.int64()
    if spec.type in NATIVE_LISTS:
        return pa.list_(pa.string())
    return pa.string()


def _is_json(spec: ControlSpec) -> bool:
    return spec.type not in {"choices", "rating", *NATIVE_TEXT, *NATIVE_LISTS}


def _json_text(value: Any) -> str | None:
    return None if value is None else orjson.dumps(value).decode()


def _cell(spec: ControlSpec, value: Any) -> Any:
    if value is None:
        return None
    return orjson.dumps(value).decode() if _is_json(spec) else value


def _data_columns(context: WriteContext) -> list[tuple[str, pa.DataType]]:
    import pyarrow as pa

    columns: list[tuple[str, pa.DataType]] = []
    for name, kind in context.schema.fields.items():
        columns.append((name, pa.string()))
        columns += [(f"{name}_{key}", pa.float64()) for key in MEDIA_KEYS.get(kind, ())]
    return columns


def arrow_schema(context: WriteContext) -> pa.Schema:
    import pyarrow as pa

    controls = context.schema.controls
    fields = [pa.field("item_id", pa.int64()), pa.field("external_id", pa.string())]
    fields += [pa.field(name, kind) for name, kind in _data_columns(context)]
    fields += [pa.field(EXTRA_DATA, pa.string()), pa.field("meta", pa.string())]
    if context.labels != "annotations" or context.gold:
        for spec in controls:
            fields += [
                pa.field(spec.name, _value_type(spec)),
                pa.field(spec.name + METHOD, pa.string()),
                pa.field(spec.name + CONFIDENCE, pa.float64()),
            ]
    if context.labels != "final" and not context.gold:
        entry = pa.struct(
            [pa.field("annotation_id", pa.int64()), pa.field("author", pa.string())]
            + [pa.field(spec.name, _value_type(spec)) for spec in controls]
        )
        fields.append(pa.field("annotations", pa.list_(entry)))
    return pa.schema(fields)


def _record(
    item: ExportItem, context: WriteContext, schema: pa.Schema, columns: list[tuple[str, pa.DataType]]
) -> dict[str, Any]:
    data = item["data"]
    record: dict[str, Any] = {"item_id": item["id"], "external_id": item.get("external_id")}
    for name, kind in columns:
        value = data.get(name)
        if kind == "string":
            json_field = context.schema.fields.get(name) == "json"
            record[name] = _json_text(value) if json_field or not isinstance(value, str) else value
        else:  # a measured media size: a number, else nothing
            number = isinstance(value, int | float) and not isinstance(value, bool)
            record[name] = float(value) if number else None
    known = {name for name, _kind in columns}
    extra = {k: v for k, v in data.items() if k not in known}
    record[EXTRA_DATA] = _json_text(extra) if extra else None
    record["meta"] = orjson.dumps(item.get("meta") or {}).decode()
    annotations: list[dict[str, Any]] = []
    specs = context.schema.controls
    for labelset in label_sets(item, context.labels):
        if labelset.kind == "final":
            for spec in specs:
                record[spec.name] = _cell(spec, labelset.result.get(spec.name))
                record[spec.name + METHOD] = labelset.method.get(spec.name)
                record[spec.name + CONFIDENCE] = labelset.confidence.get(spec.name)
        else:
            entry = {"annotation_id": labelset.annotation_id, "author": labelset.author}
            entry.update({spec.name: _cell(spec, labelset.result.get(spec.name)) for spec in specs})
            annotations.append(entry)
    if "annotations" in schema.names:
        record["annotations"] = annotations
    return record


class _Sink:
    """A forward-only file for ``ParquetWriter``: keeps what it is given until drained."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.position = 0
        self.closed = False

    def write(self, data: bytes | memoryview) -> int:
        chunk = bytes(data)
        self.chunks.append(chunk)
        self.position += len(chunk)
        return len(chunk)

    def tell(self) -> int:
        return self.position

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True

    def drain(self) -> bytes:
        out = b"".join(self.chunks)
        self.chunks.clear()
        return out


def write(items: Iterable[ExportItem], context: WriteContext) -> Iterator[bytes]:
    """The Parquet file, a row group at a time (``ROWS_PER_GROUP`` items)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema(context)
    columns = _data_columns(context)
    sink = _Sink()
    writer = pq.ParquetWriter(pa.PythonFile(sink, mode="w"), schema, compression="zstd")
    batch: list[dict[str, Any]] = []
    try:
        for item in items:
            batch.append(_record(item, context, schema, columns))
            if len(batch) >= ROWS_PER_GROUP:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch.clear()
                yield sink.drain()
        if batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    finally:
        writer.close()
    yield sink.drain()


# ---- import ---------------------------------------------------------------------------------


def read(stream: IO[bytes], context: ReadContext) -> Generator[Row, None, None]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(stream)
    except (pa.ArrowException, OSError) as exc:
        raise FormatError(None, f"the file is not a Parquet file goldlabel can read ({exc})") from None
    _check_sizes(parquet.metadata)
    specs = {spec.name: spec for spec in context.schema.controls}
    names = parquet.schema_arrow.names
    skipped = {n for n in names if n.endswith((METHOD, CONFIDENCE)) and n.rpartition(".")[0] in specs}
    number = 0
    batches = parquet.iter_batches(batch_size=READ_BATCH_ROWS)
    while True:
        try:
            batch = next(batches, None)
        except (pa.ArrowException, OSError) as exc:
            raise FormatError(number + 1, f"cannot read the Parquet file from here on ({exc})") from None
        if batch is None:
            return
        for record in batch.to_pylist():
            number += 1
            yield _row(number, record, context, specs, skipped)


def _check_sizes(metadata: Any) -> None:
    """Refuse, before reading a row, a file whose footer declares more than the caps."""
    if metadata.num_columns > MAX_PARQUET_COLUMNS:
        raise FormatError(None, f"the file has {metadata.num_columns} columns; at most {MAX_PARQUET_COLUMNS}")
    if metadata.num_rows > MAX_IMPORT_ROWS:
        raise FormatError(
            None, f"the file has {metadata.num_rows} rows; an import holds at most {MAX_IMPORT_ROWS}"
        )
    first_row = 1
    for index in range(metadata.num_row_groups):
        group = metadata.row_group(index)
        if group.total_byte_size > MAX_PARQUET_ROW_GROUP_BYTES:
            raise FormatError(
                first_row,
                f"row group {index + 1} (from this row) holds {group.total_byte_size >> 20} MiB "
                f"uncompressed; at most {MAX_PARQUET_ROW_GROUP_BYTES >> 20} MiB: write smaller row groups",
            )
        first_row += group.num_rows


def _row(
    number: int,
    record: dict[str, Any],
    context: ReadContext,
    specs: Mapping[str, ControlSpec],
    skipped: set[str],
) -> Row:
    external_id = record.get("external_id")
    external_id = record.get("id") if external_id is None else external_id
    meta = _json_object(number, "meta", record.get("meta"))
    data = _json_object(number, EXTRA_DATA, record.get(EXTRA_DATA))
    for name, value in record.items():
        if value is None or name in RESERVED or name in specs or name in skipped:
            continue
        if context.schema.fields.get(name) == "json" and isinstance(value, str):
            value = _json_value(number, name, value)
        data[name] = value
    row = row_from_object(number, {"id": external_id, "data": data, "meta": meta})  # its id checks
    labels: list[RowLabels] = []
    final = _result(number, record, specs, "")
    if final:
        labels.append(RowLabels(final))
    for entry in record.get("annotations") or ():
        if not isinstance(entry, dict):
            raise FormatError(number, "'annotations' must be a list of structs")
        author = entry.get("author")
        labels.append(
            RowLabels(
                _result(number, entry, specs, "annotations: "), author if isinstance(author, str) else None
            )
        )
    return dataclasses.replace(row, labels=tuple(labels)) if labels else row


def _result(
    number: int, record: dict[str, Any], specs: Mapping[str, ControlSpec], where: str
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name, spec in specs.items():
        value = record.get(name)
        if value is None:
            continue
        if _is_json(spec) and isinstance(value, str):
            value = _json_value(number, f"{where}column {name!r}", value)
        elif spec.type == "rating" and isinstance(value, float) and value.is_integer():
            value = int(value)  # pandas keeps an integer column with gaps as float64
        result[name] = value
    return result


def _json_value(number: int, where: str, text: str) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        raise FormatError(number, f"{where} is not JSON text: {text[:40]!r}") from None


def _json_object(number: int, name: str, value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if isinstance(value, dict):
        return value
    if isinstance(value, str):
        try:
            value = orjson.loads(value)
        except orjson.JSONDecodeError:
            raise FormatError(number, f"column {name!r} must hold a JSON object text") from None
        if isinstance(value, dict):
            return value
    raise FormatError(number, f"column {name!r} must hold a JSON object (text or struct)")
