"""Streaming readers for item imports (JSON list, JSONL, CSV), one checked row at a time.

Every reader yields ``Row``s numbered from 1 (CSV counts the header as row 1, like a
spreadsheet), with data and meta already serialised, and raises FormatError naming the row.
Each runs in time linear in the file, however long its lines or deep its nesting.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import IO, Literal

from goldlabel.formats.csv_rows import read_csv
from goldlabel.formats.items import FormatError, Row, row_from_object
from goldlabel.formats.json_rows import read_json, read_jsonl

__all__ = ["FormatError", "ImportFormat", "Row", "read_rows", "row_from_object"]

ImportFormat = Literal["json", "jsonl", "csv"]


def read_rows(stream: IO[bytes], fmt: ImportFormat) -> Generator[Row, None, None]:
    """Close the generator (``contextlib.closing``) before the stream: a CSV reader lets go of
    the stream it wraps then."""
    if fmt == "json":
        return read_json(stream)
    if fmt == "jsonl":
        return read_jsonl(stream)
    return read_csv(stream)
