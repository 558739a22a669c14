"""The CSV reader: a header row, then one item per record, in time linear in the file.

Columns become data fields, ``meta.x`` columns go to the item's meta, an ``id`` column is the
row's external id. Rows are numbered like a spreadsheet's (the header is row 1; a quoted field
spanning lines stays one row). The standard library's ``codecs`` stream reader, used here
before, re-split the whole line read so far for every 8 KB it added: a 20 MB line took
minutes. ``io.TextIOWrapper`` reads a line in one pass, and at most ``MAX_LINE_CHARS`` of it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Generator, Iterator
from typing import IO, TYPE_CHECKING

from goldlabel.core.limits import MAX_FIELD_CHARS, MAX_LINE_CHARS
from goldlabel.formats.items import ID_KEY, FormatError, Row, csv_external_id, make_row

if TYPE_CHECKING:
    from _csv import Reader

META_PREFIX = "meta."
NOT_UTF8 = "the file is not valid UTF-8 text; save it as UTF-8 and import again"

# Process-wide in the csv module; nothing else in goldlabel reads CSV. One more than the field
# limit, so a field at the limit is read and one beyond it is refused by the same rule as JSON.
csv.field_size_limit(MAX_FIELD_CHARS + 1)


class _LineTooLong(Exception):
    pass


def read_csv(stream: IO[bytes]) -> Generator[Row, None, None]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict", newline="")
    try:
        yield from _records(csv.reader(_lines(text), strict=True))
    except UnicodeDecodeError:
        raise FormatError(None, NOT_UTF8) from None
    finally:
        text.detach()  # the caller owns the stream


def _lines(text: io.TextIOWrapper) -> Iterator[str]:
    while line := text.readline(MAX_LINE_CHARS + 1):
        if len(line) > MAX_LINE_CHARS:
            raise _LineTooLong
        yield line


def _records(reader: Reader) -> Iterator[Row]:
    header = _next(reader, 1)
    if header is None:
        raise FormatError(None, "the CSV file is empty")
    if len(set(header)) != len(header) or any(not h.strip() for h in header):
        raise FormatError(1, "column names must be unique and non-empty")
    number = 1
    while (values := _next(reader, number + 1)) is not None:
        number += 1
        if not values:
            continue
        if len(values) != len(header):
            raise FormatError(number, f"has {len(values)} columns, the header has {len(header)}")
        data: dict[str, str] = {}
        meta: dict[str, str] = {}
        external_id = None
        for name, value in zip(header, values, strict=True):
            if name == ID_KEY:
                external_id = csv_external_id(number, value)
            elif name.startswith(META_PREFIX):
                meta[name[len(META_PREFIX) :]] = value
            else:
                data[name] = value
        yield make_row(number, data, meta, external_id)


def _next(reader: Reader, number: int) -> list[str] | None:
    """The next record (None at the end), or a FormatError naming its row and first line."""
    first_line = reader.line_num + 1
    try:
        return next(reader)
    except StopIteration:
        return None
    except _LineTooLong:
        raise FormatError(number, f"line {first_line} is longer than {MAX_LINE_CHARS} characters") from None
    except csv.Error as exc:
        raise FormatError(number, _explain(exc, first_line, reader.line_num)) from None


def _explain(exc: csv.Error, first_line: int, last_line: int) -> str:
    """The csv module tells its errors apart only by their text."""
    if "unexpected end of data" in str(exc):
        return (
            f"the quote opened on line {first_line} is never closed; "
            'close it (a quote inside a field is written "")'
        )
    if "field larger than field limit" in str(exc):
        where = f"lines {first_line}–{last_line}: is a quote never closed? " if last_line > first_line else ""
        return f"{where}a field is longer than {MAX_FIELD_CHARS} characters"
    return f"cannot read CSV on line {last_line}: {exc}"
