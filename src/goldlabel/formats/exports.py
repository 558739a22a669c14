"""Streaming writers for exports: JSON list, JSONL and CSV, one item at a time.

Writers take an iterator of export items ``{"id", "data", "meta", "annotations": [...]}`` (plus
``"consensus": {control: {"value", "method", "confidence"}}`` when asked for) and yield bytes,
so an export of any size runs in constant memory.

CSV cells are made safe to open in a spreadsheet, as OWASP's "CSV Injection" page recommends:
every cell is quoted, and a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return — which a spreadsheet would run as a formula — gets a leading single quote. Plain
numbers (``-3``, ``+1.5``) are left alone: they are no formula, and a rating must stay a number.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal

import orjson

ExportFormat = Literal["json", "jsonl", "csv"]
ANNOTATION_COLUMNS = ("annotation_id", "author", "status", "lead_time_ms", "updated_at")
CONSENSUS_FIELDS = ("value", "method", "confidence")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
CSV_FLUSH_BYTES = 1 << 16


def write(
    items: Iterable[dict[str, Any]],
    fmt: ExportFormat,
    *,
    fields: list[str],
    controls: list[str],
    meta_keys: Sequence[str] = (),
    consensus: bool = False,
) -> Iterator[bytes]:
    if fmt == "json":
        return _write_json(items)
    if fmt == "jsonl":
        return (orjson.dumps(item) + b"\n" for item in items)
    return _write_csv(items, fields=fields, controls=controls, meta_keys=list(meta_keys), consensus=consensus)


def _write_json(items: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    yield b"["
    first = True
    for item in items:
        yield (b"\n" if first else b",\n") + orjson.dumps(item)
        first = False
    yield b"\n]\n"


def safe_cell(text: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_cell(value)
    return safe_cell(orjson.dumps(value).decode())


def csv_header(fields: list[str], controls: list[str], meta_keys: list[str], *, consensus: bool) -> list[str]:
    consensus_columns = [
        f"consensus.{c}" if part == "value" else f"consensus.{c}.{part}"
        for c in controls
        for part in CONSENSUS_FIELDS
    ]
    return [
        "item_id",
        *fields,
        *(f"meta.{k}" for k in meta_keys),
        *ANNOTATION_COLUMNS,
        *controls,
        *(consensus_columns if consensus else []),
    ]


def _write_csv(
    items: Iterable[dict[str, Any]],
    *,
    fields: list[str],
    controls: list[str],
    meta_keys: list[str],
    consensus: bool,
) -> Iterator[bytes]:
    """One row per annotation (an item without annotations gets one row with blanks); the
    item's data, meta and consensus cells repeat on each of its rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow([_cell(h) for h in csv_header(fields, controls, meta_keys, consensus=consensus)])
    for item in items:
        meta = item["meta"] or {}
        item_cells = [
            str(item["id"]),
            *(_cell(item["data"].get(f)) for f in fields),
            *(_cell(meta.get(k)) for k in meta_keys),
        ]
        merged = item.get("consensus", {})
        consensus_cells = (
            [_cell(merged.get(c, {}).get(part)) for c in controls for part in CONSENSUS_FIELDS]
            if consensus
            else []
        )
        for ann in item["annotations"] or [None]:
            ann_cells = (
                [_cell(ann["id"] if c == "annotation_id" else ann.get(c)) for c in ANNOTATION_COLUMNS]
                if ann
                else [""] * len(ANNOTATION_COLUMNS)
            )
            result = ann["result"] if ann else {}
            writer.writerow(
                [*item_cells, *ann_cells, *(_cell(result.get(c)) for c in controls), *consensus_cells]
            )
        if buffer.tell() > CSV_FLUSH_BYTES:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()
