"""Streaming writers for the export of a project's gold (``export?gold=only``).

Each item is ``{"id", "external_id", "data", "meta", "gold": {"set", "result", "explanations"}}``:
the JSON and JSONL shapes are the import's row shape plus the item's ids, so a gold export can
be imported into another project as it is (its ``gold`` key carries the reference). A CSV has
one row per gold item: the item's id, data fields and meta, then ``gold.set``, one column per
control (the reference value) and one ``explanation.<control>`` column per control, cells made
safe for spreadsheets like every other export.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import orjson

from goldlabel.formats.exports import CSV_FLUSH_BYTES, ExportFormat, safe_cell


def write_gold(
    items: Iterable[dict[str, Any]],
    fmt: ExportFormat,
    *,
    fields: list[str],
    controls: list[str],
    meta_keys: Sequence[str] = (),
) -> Iterator[bytes]:
    if fmt == "json":
        return _write_json(items)
    if fmt == "jsonl":
        return (orjson.dumps(item) + b"\n" for item in items)
    return _write_csv(items, fields=fields, controls=controls, meta_keys=list(meta_keys))


def _write_json(items: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    yield b"["
    first = True
    for item in items:
        yield (b"\n" if first else b",\n") + orjson.dumps(item)
        first = False
    yield b"\n]\n"


def gold_csv_header(fields: list[str], controls: list[str], meta_keys: list[str]) -> list[str]:
    return [
        "item_id",
        "external_id",
        *fields,
        *(f"meta.{k}" for k in meta_keys),
        "gold.set",
        *controls,
        *(f"explanation.{c}" for c in controls),
    ]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_cell(value)
    return safe_cell(orjson.dumps(value).decode())


def _write_csv(
    items: Iterable[dict[str, Any]], *, fields: list[str], controls: list[str], meta_keys: list[str]
) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow([_cell(h) for h in gold_csv_header(fields, controls, meta_keys)])
    for item in items:
        meta = item["meta"] or {}
        gold = item["gold"]
        writer.writerow(
            [
                str(item["id"]),
                _cell(item["external_id"]),
                *(_cell(item["data"].get(f)) for f in fields),
                *(_cell(meta.get(k)) for k in meta_keys),
                _cell(gold["set"]),
                *(_cell(gold["result"].get(c)) for c in controls),
                *(_cell(gold["explanations"].get(c)) for c in controls),
            ]
        )
        if buffer.tell() > CSV_FLUSH_BYTES:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()
