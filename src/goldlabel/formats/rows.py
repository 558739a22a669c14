"""Streaming readers for item imports (JSON list, JSONL, CSV), one row at a time.

Every reader yields ``(row_number, {"data": ..., "meta": ...})`` with 1-based row numbers
(CSV counts the header as row 1, like a spreadsheet) and raises FormatError naming the row.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from typing import IO, Any, Literal

import ijson
import orjson

from goldlabel.core.limits import MAX_FIELD_CHARS

ImportFormat = Literal["json", "jsonl", "csv"]
META_PREFIX = "meta."
NOT_UTF8 = "the file is not valid UTF-8 text; save it as UTF-8 and import again"


class FormatError(ValueError):
    def __init__(self, row: int | None, message: str) -> None:
        super().__init__(f"row {row}: {message}" if row else message)
        self.row = row
        self.message = message


def format_from_filename(filename: str) -> ImportFormat:
    lower = filename.lower()
    for ext, fmt in ((".jsonl", "jsonl"), (".ndjson", "jsonl"), (".json", "json"), (".csv", "csv")):
        if lower.endswith(ext):
            return fmt  # type: ignore[return-value]
    raise FormatError(None, f"cannot tell the format of {filename!r}: use a .json, .jsonl or .csv file")


def as_item(row: int, obj: Any) -> dict[str, Any]:
    """Accept ``{"data": {...}, "meta": {...}}`` (Label Studio's task shape) or a flat object."""
    if not isinstance(obj, dict):
        raise FormatError(row, "each item must be a JSON object")
    if isinstance(obj.get("data"), dict):
        extra = set(obj) - {"data", "meta", "id"}
        if extra:
            raise FormatError(row, f"unexpected key(s) {sorted(extra)} beside 'data'")
        meta = obj.get("meta") or {}
        if not isinstance(meta, dict):
            raise FormatError(row, "'meta' must be an object")
        return {"data": obj["data"], "meta": meta}
    return {"data": obj, "meta": {}}


def read_rows(stream: IO[bytes], fmt: ImportFormat) -> Iterator[tuple[int, dict[str, Any]]]:
    if fmt == "json":
        return _read_json(stream)
    if fmt == "jsonl":
        return _read_jsonl(stream)
    return _read_csv(stream)


def _read_json(stream: IO[bytes]) -> Iterator[tuple[int, dict[str, Any]]]:
    head = stream.read(1)
    while head and head.isspace():
        head = stream.read(1)
    if head != b"[":
        raise FormatError(None, "a .json import must be a list of items: [{...}, {...}]")
    row = 0
    try:
        for row, obj in enumerate(ijson.items(_Prepend(head, stream), "item", use_float=True), 1):
            yield row, as_item(row, obj)
    except ijson.JSONError as exc:
        raise FormatError(row + 1, f"invalid JSON: {exc}") from None


def _read_jsonl(stream: IO[bytes]) -> Iterator[tuple[int, dict[str, Any]]]:
    for row, line in enumerate(stream, 1):
        if len(line) > MAX_FIELD_CHARS * 4:
            raise FormatError(row, "line is too long")
        if not line.strip():
            continue
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise FormatError(row, f"invalid JSON: {exc}") from None
        yield row, as_item(row, obj)


def _read_csv(stream: IO[bytes]) -> Iterator[tuple[int, dict[str, Any]]]:
    text = codecs.getreader("utf-8-sig")(stream, errors="strict")
    reader = csv.reader(text)
    try:
        header = next(reader)
    except StopIteration:
        raise FormatError(None, "the CSV file is empty") from None
    except UnicodeDecodeError:
        raise FormatError(None, NOT_UTF8) from None
    except csv.Error as exc:
        raise FormatError(1, f"cannot read the header: {exc}") from None
    if len(set(header)) != len(header) or any(not h.strip() for h in header):
        raise FormatError(1, "column names must be unique and non-empty")
    row = 1
    try:
        for row, values in enumerate(reader, 2):
            if not values:
                continue
            if len(values) != len(header):
                raise FormatError(row, f"has {len(values)} columns, the header has {len(header)}")
            data: dict[str, Any] = {}
            meta: dict[str, Any] = {}
            for name, value in zip(header, values, strict=True):
                if name.startswith(META_PREFIX):
                    meta[name[len(META_PREFIX) :]] = value
                else:
                    data[name] = value
            yield row, {"data": data, "meta": meta}
    except UnicodeDecodeError:
        raise FormatError(None, NOT_UTF8) from None
    except csv.Error as exc:
        raise FormatError(row + 1, f"cannot read CSV: {exc}") from None


class _Prepend:
    """A read()-able stream with a few bytes pushed back in front."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self._head = head
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        if size == 0:
            return b""
        if self._head:
            head, self._head = self._head, b""
            return head + self._stream.read(max(size - len(head), 0) if size > 0 else -1)
        return self._stream.read(size)
