"""Streaming writers for exports: JSON list, JSONL and CSV, one item at a time.

Writers take an iterator of export items ``{"id", "data", "meta", "annotations": [...]}``
and yield bytes, so an export of any size runs in constant memory.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any, Literal

import orjson

ExportFormat = Literal["json", "jsonl", "csv"]
MEDIA_TYPES: dict[str, str] = {
    "json": "application/json",
    "jsonl": "application/x-ndjson",
    "csv": "text/csv; charset=utf-8",
}
ANNOTATION_COLUMNS = ("annotation_id", "author", "status", "lead_time_ms", "updated_at")


def write(
    items: Iterable[dict[str, Any]], fmt: ExportFormat, *, fields: list[str], controls: list[str]
) -> Iterator[bytes]:
    if fmt == "json":
        return _write_json(items)
    if fmt == "jsonl":
        return (orjson.dumps(item) + b"\n" for item in items)
    return _write_csv(items, fields=fields, controls=controls)


def _write_json(items: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    yield b"["
    first = True
    for item in items:
        yield (b"\n" if first else b",\n") + orjson.dumps(item)
        first = False
    yield b"\n]\n"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return orjson.dumps(value).decode()


def _write_csv(items: Iterable[dict[str, Any]], *, fields: list[str], controls: list[str]) -> Iterator[bytes]:
    """One row per annotation (an item without annotations gets one row with blanks)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["item_id", *fields, *ANNOTATION_COLUMNS, *controls])
    for item in items:
        data_cells = [_cell(item["data"].get(f)) for f in fields]
        for ann in item["annotations"] or [None]:
            ann_cells = (
                [_cell(ann.get(c) if c != "annotation_id" else ann["id"]) for c in ANNOTATION_COLUMNS]
                if ann
                else [""] * len(ANNOTATION_COLUMNS)
            )
            result = ann["result"] if ann else {}
            writer.writerow([item["id"], *data_cells, *ann_cells, *(_cell(result.get(c)) for c in controls)])
        if buffer.tell() > 1 << 16:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()
