"""Scoring an answer against a gold reference, control by control, with each control type's
own ``score`` (practice, exams and honeypots all grade the same way).

Only the controls the reference answers are graded. An unanswered control is scored as the
type's empty answer (``[]`` for regions and multi-choice, ``""`` for text) or 0 when the type
has none; a stored value a control can no longer score (a schema change since) scores 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from goldlabel.controls.base import ControlSpec, Stored
from goldlabel.controls.registry import type_of
from goldlabel.controls.schema import ProjectSchema


@dataclass(frozen=True, slots=True)
class Grade:
    """``score``: the mean of ``scores`` (1.0 when the reference answers no control)."""

    score: float
    scores: dict[str, float]


def graded_controls(schema: ProjectSchema, reference: Mapping[str, Any]) -> list[ControlSpec]:
    """The schema's controls the reference answers, in schema order."""
    return [c for c in schema.controls if reference.get(c.name) is not None]


def control_score(
    spec: ControlSpec, answer: Stored | None, reference: Stored, data: Mapping[str, Any]
) -> float:
    ctype = type_of(spec)
    value = answer if answer is not None else ctype.empty(spec)
    if value is None:
        return 0.0
    try:
        return float(ctype.score(spec, value, reference, data).score)
    except (ValueError, TypeError, KeyError):
        return 0.0


def grade(
    schema: ProjectSchema,
    answer: Mapping[str, Any] | None,
    reference: Mapping[str, Any],
    data: Mapping[str, Any],
) -> Grade:
    answer = answer or {}
    scores = {
        c.name: control_score(c, answer.get(c.name), reference[c.name], data)
        for c in graded_controls(schema, reference)
    }
    score = sum(scores.values()) / len(scores) if scores else 1.0
    return Grade(score=score, scores=scores)
