"""Random item ids: nothing an annotator sees may tell a honeypot from a production item, and a
sequential id would (a honeypot imported in a later batch sits in a recognisable range).

Ids are drawn uniformly from [1, 2**53): every id stays exact in JavaScript (``Number``), and
2**53 values make a collision rare enough that one check per batch settles it. ``draw_item_ids``
looks the drawn ids up inside the caller's write transaction and draws again for any taken (or
repeated) one, so a batch never collides with stored items. On SQLite the one writer makes
that exact; on PostgreSQL two imports drawing the same id at the same moment (a chance of about
n1 * n2 / 2**53) meet at the primary key, and the second one fails whole and can be retried.
Queue and listing order come from ``items.rank``, never from the id.
"""

from __future__ import annotations

import random

from sqlalchemy import BigInteger, Connection, column, select, table

ITEM_ID_BOUND = 2**53  # ids are below this: exact as JavaScript numbers
LOOKUP_BATCH = 500
_items = table("items", column("id", BigInteger))
_rng = random.SystemRandom()


def random_item_id() -> int:
    """One random id (the column default, for items inserted one at a time)."""
    return _rng.randrange(1, ITEM_ID_BOUND)


def draw_item_ids(conn: Connection, n: int) -> list[int]:
    """``n`` distinct random ids that no stored item has (looked up in the caller's transaction)."""
    ids: set[int] = set()
    while len(ids) < n:
        fresh = {random_item_id() for _ in range(n - len(ids))} - ids
        ids |= fresh - _taken(conn, sorted(fresh))
    return list(ids)


def _taken(conn: Connection, ids: list[int]) -> set[int]:
    taken: set[int] = set()
    for start in range(0, len(ids), LOOKUP_BATCH):
        chunk = ids[start : start + LOOKUP_BATCH]
        taken.update(conn.execute(select(_items.c.id).where(_items.c.id.in_(chunk))).scalars())
    return taken
