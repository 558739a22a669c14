"""Honeypots in the production queue: which ``next`` serves a honeypot, and which one.

A project's ``training.honeypot_rate`` (a share of served items, 0 to 0.5; read defensively
from ``projects.training`` — ``services/training_settings.py`` validates it when a manager sets
it) is the chance that ``next`` serves a honeypot instead of a production item. An annotator
who has answered fewer than ``WARMUP_ANSWERS`` honeypots meets them at twice the rate (at most
``MAX_RATE``), so their accuracy is known early. A honeypot is served:

- only while production has an item for the caller (a honeypot after the queue ran dry would
  stand out as the one item after a 204),
- at most once per annotator (the queue never serves an item a user ever held: one assignment
  per item and user),
- without an overlap slot: no claim, no release; its lock is an assignment like any other,
  renewed, expired and skipped by the same statements.

Whether to serve one is decided by one draw of ``rng`` (a module attribute: tests replace it
with a seeded ``random.Random``); the count of answered honeypots is read only when the draw
falls in the warm-up band. ``next`` reads its production candidate first either way (so a
honeypot is served only while production has an item) and, on a hit, reads the honeypot instead
of claiming that candidate: both paths cost the same three statements. Everything the
annotator receives goes through the queue's own ``_served``:
the same shape, random ids like every item (``db/ids.py``), the same errors.
"""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy import Connection, bindparam, exists, func, select

from goldlabel.db.models import Assignment, AssignmentStatus, GoldSet, Item

WARMUP_ANSWERS = 10  # honeypots answered before the rate drops to the project's own
WARMUP_FACTOR = 2.0
MAX_RATE = 0.5
rng: random.Random = random.Random()

# The first honeypot in queue order this user never held. FOR SHARE SKIP LOCKED on PostgreSQL:
# a manager changing or deleting it meanwhile (FOR UPDATE) is waited for by nobody and waits
# for the few readers; SQLite's compiler leaves the clause out.
HONEYPOT = (
    select(Item.id)
    .where(
        Item.project_id == bindparam("project_id"),
        Item.gold_set == GoldSet.HONEYPOT.value,
        ~exists().where(Assignment.item_id == Item.id, Assignment.user_id == bindparam("user_id")),
    )
    .order_by(Item.rank)
    .limit(1)
    .with_for_update(read=True, skip_locked=True)
)
# Honeypots this user has answered, counted up to WARMUP_ANSWERS.
_ANSWERED = select(func.count()).select_from(
    select(Assignment.id)
    .join(Item, Item.id == Assignment.item_id)
    .where(
        Assignment.user_id == bindparam("user_id"),
        Assignment.project_id == bindparam("project_id"),
        Assignment.status == AssignmentStatus.SUBMITTED.value,
        Item.gold_set == GoldSet.HONEYPOT.value,
    )
    .limit(WARMUP_ANSWERS)
    .subquery()
)


def honeypot_rate(training: Any) -> float:
    """The project's rate from its stored training settings; 0 for anything unusable."""
    value = training.get("honeypot_rate") if isinstance(training, dict) else None
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        return 0.0
    return min(float(value), MAX_RATE)


def wants_honeypot(conn: Connection, ids: dict[str, int], rate: float) -> bool:
    """One draw: serve a honeypot this time? (``ids``: ``user_id`` and ``project_id``.)"""
    if rate <= 0.0:
        return False
    draw = rng.random()
    if draw < rate:
        return True
    if draw >= min(rate * WARMUP_FACTOR, MAX_RATE):
        return False
    return int(conn.execute(_ANSWERED, ids).scalar_one()) < WARMUP_ANSWERS


def next_honeypot(conn: Connection, ids: dict[str, int]) -> int | None:
    """The honeypot to serve this user, if one is left that they never met."""
    item_id: int | None = conn.execute(HONEYPOT, ids).scalar()
    return item_id
