"""Honeypot monitoring: an annotator's accuracy per control on the honeypot items they answered,
and what they confuse (their answers against gold).

Written by the training work (pauses need the rolling accuracy); the scorecards work extends
this module with accuracy over time and the confusion matrices it charts. Only submitted
annotations on items of the ``honeypot`` gold set count, newest first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from goldlabel.controls.registry import type_of
from goldlabel.controls.schema import ProjectSchema
from goldlabel.db.models import Annotation, Gold, GoldSet, Item
from goldlabel.services.grading import control_score


@dataclass(frozen=True, slots=True)
class HoneypotAnswer:
    item_id: int
    answer: dict[str, Any]
    reference: dict[str, Any]
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ControlAccuracy:
    """Mean score of ``n`` honeypot answers on one control (0..1)."""

    control: str
    accuracy: float
    n: int


def honeypot_answers(
    db: Session, project_id: int, user_id: int, *, last: int | None = None
) -> list[HoneypotAnswer]:
    """The user's submitted honeypot answers with their gold, newest first (``last``: at most)."""
    query = (
        select(Annotation.item_id, Annotation.result, Gold.result.label("reference"), Item.data)
        .join(Item, Item.id == Annotation.item_id)
        .join(Gold, Gold.item_id == Annotation.item_id)
        .where(
            Annotation.project_id == project_id,
            Annotation.author_id == user_id,
            Annotation.status == "submitted",
            Item.gold_set == GoldSet.HONEYPOT,
        )
        .order_by(Annotation.updated_at.desc(), Annotation.id.desc())
    )
    if last is not None:
        query = query.limit(last)
    return [HoneypotAnswer(r.item_id, r.result, r.reference, r.data) for r in db.execute(query)]


def accuracy_per_control(schema: ProjectSchema, answers: list[HoneypotAnswer]) -> dict[str, ControlAccuracy]:
    """Per control the reference answers: the mean of the control type's ``score``."""
    out: dict[str, ControlAccuracy] = {}
    for spec in schema.controls:
        scores = [
            control_score(spec, a.answer.get(spec.name), a.reference[spec.name], a.data)
            for a in answers
            if a.reference.get(spec.name) is not None
        ]
        if scores:
            out[spec.name] = ControlAccuracy(spec.name, sum(scores) / len(scores), len(scores))
    return out


def confused_labels(schema: ProjectSchema, control: str, answers: list[HoneypotAnswer]) -> Counter[str]:
    """Reference labels of ``control`` the answers got wrong, counted (from the answers against
    gold: a reference label the answer does not use, or every reference label of an answer that
    scores under 1 while using them all, e.g. with wrong boundaries)."""
    spec = schema.control(control)
    counts: Counter[str] = Counter()
    if spec is None:
        return counts
    ctype = type_of(spec)
    for a in answers:
        reference = a.reference.get(control)
        if reference is None:
            continue
        answer = a.answer.get(control)
        if control_score(spec, answer, reference, a.data) >= 1.0:
            continue
        expected = ctype.names_used(reference)
        used = set(ctype.names_used(answer)) if answer is not None else set()
        missed = [label for label in expected if label not in used] or expected
        counts.update(dict.fromkeys(missed, 1))
    return counts
