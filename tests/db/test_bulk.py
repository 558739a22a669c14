"""The db package's dialect-specific pieces, on SQLite and PostgreSQL: the bulk item insert and
the random queue rank."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import orjson
import pytest
from sqlalchemy import select, update

from goldlabel.db.bulk import ItemRow, insert_items
from goldlabel.db.dialect import RANK_SPACE, random_rank
from goldlabel.db.engine import Database
from goldlabel.db.models import Item, Project

STAMP = datetime(2026, 3, 1, 12, 30, 15, 123456, tzinfo=UTC)


def row(
    data: dict[str, Any], meta: dict[str, Any], rank: int | None, external_id: str | None = None
) -> ItemRow:
    return (external_id, orjson.dumps(data).decode(), orjson.dumps(meta).decode(), rank)


def new_project(database: Database) -> int:
    with database.session(write=True) as db:
        project = Project(name="p", schema={"fields": {"text": "text"}, "controls": []})
        db.add(project)
        db.flush()
        return project.id


def test_insert_items_stores_what_the_orm_reads_back(database: Database) -> None:
    pid = new_project(database)
    rows = [
        row({"text": 'é ünïcode \u2028 "quoted"'}, {"gold": [1, 2]}, 5, external_id="a-1"),
        row({"text": "plain", "n": 3.5}, {}, None),
        row({"text": "again"}, {}, 6, external_id="a-1"),  # an id the project holds: left out
    ]
    with database.session(write=True) as db:
        assert insert_items(db, pid, rows, STAMP) == 2
    with database.session() as db:
        items = db.scalars(
            select(Item).where(Item.project_id == pid).order_by(Item.external_id.is_(None))
        ).all()
    assert [(i.data, i.meta, i.external_id) for i in items] == [
        ({"text": 'é ünïcode \u2028 "quoted"'}, {"gold": [1, 2]}, "a-1"),
        ({"text": "plain", "n": 3.5}, {}, None),
    ]
    assert items[0].rank == 5 and 0 <= items[1].rank < RANK_SPACE
    assert all(i.created_at == STAMP for i in items)  # the same instant, timezone-aware, both dialects
    assert all((i.claimed, i.open, i.submitted_count) == (0, True, 0) for i in items)


def test_insert_items_is_part_of_the_callers_transaction(database: Database) -> None:
    pid = new_project(database)
    with pytest.raises(RuntimeError), database.session(write=True) as db:
        insert_items(db, pid, [row({"text": "x"}, {}, 1)], STAMP)
        raise RuntimeError("the import fails further on")
    with database.session() as db:
        assert db.scalars(select(Item.id).where(Item.project_id == pid)).all() == []
    with database.session(write=True) as db:
        assert insert_items(db, pid, [], STAMP) == 0


def test_random_ranks_are_drawn_per_row_in_range(database: Database) -> None:
    pid = new_project(database)
    with database.session(write=True) as db:
        assert insert_items(db, pid, [row({"text": str(i)}, {}, None) for i in range(200)], STAMP) == 200
    with database.session(write=True) as db:
        drawn_at_insert = db.scalars(select(Item.rank).where(Item.project_id == pid)).all()
        db.execute(update(Item).where(Item.project_id == pid).values(rank=random_rank(db)))
    with database.session() as db:
        redrawn = db.scalars(select(Item.rank).where(Item.project_id == pid)).all()
    for ranks in (drawn_at_insert, redrawn):
        assert all(0 <= r < RANK_SPACE for r in ranks)
        assert len(set(ranks)) == len(ranks)  # 200 draws from 2**62 (PostgreSQL: 2**52) collide ~never
        assert max(ranks) > RANK_SPACE // 2 > min(ranks)  # spread over the range, not squeezed into a corner
    assert drawn_at_insert != redrawn
