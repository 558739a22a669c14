"""Adaptive overlap: after an item's final label is computed, ask for one more answer while its
consensus confidence stays below ``consensus.overlap.confidence``, up to ``max``; at ``max``
and still unsure, send it to adjudication.

The project's ``overlap`` is the baseline (``min``); an item asked for more carries its own
target in ``items.overlap``, which the slot accounting (``services.slots``) reads through
``coalesce(items.overlap, project overlap)``. An item still collecting the answers it was
asked for is not judged yet. Fixed overlap is ``min == max``: nothing more is ever asked, and a
low-confidence item goes straight to adjudication (with the default threshold 0, none does).

With a single answer agreement cannot be judged: the method's confidence decides (Dawid-Skene
and kin give a posterior from the annotator's estimated confusions; a majority of one is sure).
An item whose answers were all left out by the honeypot gate has no confidence: it is unsure,
so it gets another answer (else it would keep no label for good).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, update
from sqlalchemy.orm import Session

from goldlabel.db.models import Item
from goldlabel.services.consensus_settings import OverlapPolicy


@dataclass(frozen=True, slots=True)
class Decision:
    item_id: int
    needs_adjudication: bool
    ask_for: int | None  # the item's new overlap target, when one more answer is wanted


def decide(
    policy: OverlapPolicy,
    item_id: int,
    answers: int,
    item_overlap: int | None,
    project_overlap: int,
    confidence: float | None,
) -> Decision:
    """What the item needs, from its ``answers`` (submissions) and its label's confidence."""
    target = item_overlap if item_overlap is not None else project_overlap
    # No confidence: none of the answers entered the fit (all left out by the honeypot gate),
    # as unsure as it gets, whenever the policy asks for any confidence at all.
    unsure = confidence < policy.confidence if confidence is not None else policy.confidence > 0
    if answers < target or not unsure:
        return Decision(item_id, needs_adjudication=False, ask_for=None)
    if answers < policy.max:
        return Decision(item_id, needs_adjudication=False, ask_for=answers + 1)
    return Decision(item_id, needs_adjudication=True, ask_for=None)


# One more slot: the item's target grows and it opens if its slots are not all held.
_ASK = (
    update(Item)
    .where(Item.id == bindparam("asked_item"), Item.gold_set.is_(None))
    .values(overlap=bindparam("target"), open=Item.claimed < bindparam("target"))
)


def apply(db: Session, decisions: Sequence[Decision]) -> None:
    asks = [{"asked_item": d.item_id, "target": d.ask_for} for d in decisions if d.ask_for is not None]
    if asks:
        db.connection().execute(_ASK, asks)
