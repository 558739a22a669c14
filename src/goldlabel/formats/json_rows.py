"""Readers for a JSON list of items (streamed with ijson) and for JSON Lines, one row at a time.

ijson's cost grows with the square of the nesting depth and of a token's length (see
core/json_guard.py), so a ``JsonGuard`` reads the file ahead of it: ijson is handed the file up
to where it goes too deep or a token grows too long, and the row it was reading is refused.
A JSON Lines file is read line by line (each line at most ``MAX_LINE_CHARS``) with orjson.
"""

from __future__ import annotations

import codecs
from collections.abc import Generator
from copy import copy
from typing import IO, Any

import ijson
import orjson

from goldlabel.core.json_guard import JsonGuard, nests_deeper
from goldlabel.core.limits import MAX_JSON_DEPTH, MAX_JSON_TOKEN_BYTES, MAX_LINE_CHARS
from goldlabel.formats.items import FormatError, Row, row_from_object

# A row's data nests MAX_JSON_DEPTH levels inside the list and, in the task shape, its object.
_FILE_DEPTH = MAX_JSON_DEPTH + 2
_LINE_DEPTH = MAX_JSON_DEPTH + 1
# ijson lexes a token again for every buffer it spans: a larger buffer, fewer times.
_BUFFER_BYTES = 1024 * 1024
TOO_DEEP = f"the item nests deeper than {MAX_JSON_DEPTH} levels"
REFUSED = {
    "depth": TOO_DEEP,
    "token": f"a string or number is longer than {MAX_JSON_TOKEN_BYTES} bytes",
}


def read_json(stream: IO[bytes]) -> Generator[Row, None, None]:
    for number, obj in read_json_objects(stream):
        yield row_from_object(number, obj)


def read_json_objects(stream: IO[bytes]) -> Generator[tuple[int, Any], None, None]:
    """(1-based number, parsed value) of each element of a JSON list, streamed under the guard;
    other readers of JSON lists (Label Studio's tasks) shape the values themselves."""
    head = stream.read(_BUFFER_BYTES).removeprefix(codecs.BOM_UTF8).lstrip()
    while not head and (more := stream.read(_BUFFER_BYTES)):
        head = more.lstrip()
    if not head.startswith(b"["):
        raise FormatError(None, "the items must be a JSON list: [{...}, {...}]")
    guarded = _Guarded(head, stream)
    items = ijson.items(guarded, "item", use_float=True, buf_size=_BUFFER_BYTES)
    number = 1
    while True:
        try:
            obj = next(items)
        except StopIteration:
            return
        # ValueError: bad UTF-8, or a number too long for Python to convert
        except (ijson.JSONError, ValueError) as exc:
            problem = REFUSED.get(guarded.guard.failed or "", f"invalid JSON: {_first_line(exc)}")
            raise FormatError(number, problem) from None
        yield number, obj
        number += 1


def read_jsonl(stream: IO[bytes]) -> Generator[Row, None, None]:
    number = 0
    while line := stream.readline(MAX_LINE_CHARS + 1):
        number += 1
        if len(line) > MAX_LINE_CHARS:
            raise FormatError(number, f"the line is longer than {MAX_LINE_CHARS} bytes")
        if number == 1:
            line = line.removeprefix(codecs.BOM_UTF8)
        if not line.strip():
            continue
        if nests_deeper(line, _LINE_DEPTH):
            raise FormatError(number, TOO_DEEP)
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise FormatError(number, f"invalid JSON: {exc}") from None
        yield row_from_object(number, obj)


def _first_line(exc: Exception) -> str:
    """ijson's messages go on with a picture of the text around the error: the first line."""
    return str(exc).split("\n", 1)[0]


class _Guarded:
    """The stream, with its first bytes pushed back, that ends where the text nests too deep:
    ijson parses up to there, then reports the end of its input inside the row at fault."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self._head = head
        self._stream = stream
        self.guard = JsonGuard(_FILE_DEPTH, MAX_JSON_TOKEN_BYTES)

    def read(self, size: int = -1) -> bytes:
        if self.guard.failed or size == 0:  # ijson reads 0 bytes to learn bytes from text
            return b""
        head, self._head = self._head, b""
        chunk = head + self._stream.read(size - len(head) if size > 0 else -1)
        before = copy(self.guard)
        if self.guard.feed(chunk):
            return chunk
        return chunk[: _within(before, chunk)]


def _within(guard: JsonGuard, chunk: bytes) -> int:
    """How many leading bytes of ``chunk`` stay within the guard's limits (bisected: each probe
    is a C-speed pass, and a prefix of a prefix that stays within does too)."""
    low, high = 0, len(chunk)
    while low < high:
        middle = (low + high + 1) // 2
        if copy(guard).feed(chunk[:middle]):
            low = middle
        else:
            high = middle - 1
    return low
