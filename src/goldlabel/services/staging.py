"""An import's checked rows, staged in a private temporary SQLite database until they are inserted.

The file is read and checked outside any transaction on the project's database, so the rows
wait somewhere: not in memory (an upload may hold millions), but in a SQLite database of the
standard library's own that spills to a temporary file once it outgrows its cache and is
deleted when closed. Its unique index finds ids repeated in the file without a dict of every id
(5 million ids took about 600 MB that way). The staging database is private to one import, so
nothing here touches the project's database or its writer lock.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from types import TracebackType

# (row number, external id, data JSON, meta JSON, gold JSON or None, labels JSON or None): the
# labels are the row's checked annotations and predictions (``imports.StagedLabels``).
StagedRow = tuple[int, str | None, str, str, str | None, str | None]
CACHE_KIB = 16 * 1024

_INSERT = "INSERT {} INTO staged (n, external_id, data, meta, gold, labels) VALUES (?, ?, ?, ?, ?, ?)"


class StagedRows:
    """Rows in file order; ``skipped`` counts those left out as repeats or known ids."""

    def __init__(self) -> None:
        self._db = sqlite3.connect("", isolation_level=None)  # "": private, on disk when it grows
        self._db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        self._db.execute(
            "CREATE TABLE staged (n INTEGER PRIMARY KEY, external_id TEXT UNIQUE,"
            " data TEXT NOT NULL, meta TEXT NOT NULL, gold TEXT, labels TEXT)"
        )
        self._db.execute("BEGIN")  # never committed: one transaction is the fastest way in
        self.count = 0
        self.skipped = 0

    def __enter__(self) -> StagedRows:
        return self

    def __exit__(self, *_exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self._db.close()

    def add(self, rows: Sequence[StagedRow], *, skip_repeats: bool) -> tuple[int, int] | None:
        """Stage rows in order. An id that an earlier row has is left out when ``skip_repeats``;
        otherwise the first such row stops the batch: ``(its number, the earlier row's)``."""
        try:
            added = self._db.executemany(_INSERT.format("OR IGNORE" if skip_repeats else ""), rows).rowcount
        except sqlite3.IntegrityError:
            return self._first_repeat(rows)
        self.count += added
        self.skipped += len(rows) - added
        return None

    def _first_repeat(self, rows: Sequence[StagedRow]) -> tuple[int, int]:
        for number, external_id, *_ in rows:
            if external_id is None:
                continue
            earlier = self._db.execute(
                "SELECT n FROM staged WHERE external_id = ? AND n <> ?", (external_id, number)
            ).fetchone()
            if earlier is not None:
                return number, int(earlier[0])
        raise AssertionError("a unique index refused a batch without a repeated id")

    def number_at(self, index: int) -> int:
        """The row number of the staged row at ``index`` (0-based, in file order)."""
        found = self._db.execute("SELECT n FROM staged ORDER BY n LIMIT 1 OFFSET ?", (index,)).fetchone()
        return int(found[0])

    def rows(self, size: int) -> Iterator[list[tuple[str | None, str, str, str | None, str | None]]]:
        """Every staged row, in file order, ``size`` at a time: (external id, data, meta, gold, labels)."""
        cursor = self._db.execute("SELECT external_id, data, meta, gold, labels FROM staged ORDER BY n")
        while batch := cursor.fetchmany(size):
            yield batch
