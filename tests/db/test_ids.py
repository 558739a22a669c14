"""Random item ids: distinct, below 2**53, never one a stored item has (drawn again), and looked
up as 64-bit values on every database (repeatedly: PostgreSQL prepares a statement run often)."""

from __future__ import annotations

from itertools import chain, repeat

import pytest
from sqlalchemy import insert

from goldlabel.db import ids
from goldlabel.db.engine import Database
from goldlabel.db.models import Item, Project, utcnow


def test_draws_are_distinct_big_and_free(database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    with database.session(write=True) as db:
        project = Project(name="p", schema={"fields": {"text": "text"}, "controls": []})
        db.add(project)
        db.flush()
        taken = 2**52 + 12345
        db.execute(
            insert(Item).values(
                id=taken, project_id=project.id, data={}, meta={}, rank=1, created_at=utcnow()
            )
        )
        conn = db.connection()
        for _ in range(8):
            drawn = ids.draw_item_ids(conn, 1200)
            assert len(set(drawn)) == 1200 and all(0 < i < ids.ITEM_ID_BOUND for i in drawn)
        # a drawn id that is taken (or repeated) is drawn again
        sequence = chain([taken, taken, 7], repeat(9))
        monkeypatch.setattr(ids, "random_item_id", lambda: next(sequence))
        assert sorted(ids.draw_item_ids(conn, 2)) == [7, 9]
