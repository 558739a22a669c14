"""Every row of every table, for negative tests: a refused request must leave the data exactly as
it was. Row counts alone would let a refused UPDATE (or a delete plus an insert) pass."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import select

from goldlabel.db.engine import Database
from goldlabel.db.models import Base

Contents = dict[str, list[tuple[Any, ...]]]

# Bookkeeping the background loop writes on its own (which process holds which job), whatever
# the requests do: a TestClient started with its lifespan runs the loop.
NOT_DATA = frozenset({"job_leases"})


def _comparable(value: Any) -> Any:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS) if isinstance(value, dict | list) else value


def table_contents(database: Database) -> Contents:
    with database.session() as db:
        return {
            table.name: sorted(
                (tuple(_comparable(v) for v in row) for row in db.execute(select(table))), key=repr
            )
            for table in Base.metadata.sorted_tables
            if table.name not in NOT_DATA
        }


def row_counts(contents: Contents) -> dict[str, int]:
    return {name: len(rows) for name, rows in contents.items()}


def changed_tables(before: Contents, after: Contents) -> set[str]:
    return {name for name in after if after[name] != before[name]}
