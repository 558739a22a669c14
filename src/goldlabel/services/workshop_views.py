"""What each person in a live workshop sees: the shapes, and the one pure function that cuts a
workshop's snapshot down to a viewer.

Every server process loads a workshop's ``Snapshot`` once per change (``workshops.snapshot``)
and derives each listener's ``WorkshopState`` from it with ``state_for``, so fifty trainees
listening cost one read per change, not fifty. The cut is the security boundary of the push:

- the **trainer** (and a project manager) sees everything: the reference and explanations,
  every trainee's answer, the distribution;
- a **trainee** sees the item and their own answer; before the reveal nothing else (no
  reference, no explanation, no one else's answer, no distribution: answers that others could
  see would anchor the late ones); after it the reference, the explanations, their own score
  and diff, and the distribution of everyone's answers (counts, no names);
- a **guest** (a member who has not joined) sees the workshop's header only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from goldlabel.controls.registry import type_of
from goldlabel.controls.schema import ProjectSchema
from goldlabel.services.grading import grade, graded_controls
from goldlabel.services.views import View

WorkshopStateName = Literal["answering", "revealed", "closed"]
Seat = Literal["trainer", "trainee", "guest"]


class WorkshopItem(View):
    id: int
    data: dict[str, Any]


class ControlDistribution(View):
    """How many trainees gave each answer of one control: an option, a rating, or for region
    and text controls each label used (a trainee counts once per label)."""

    control: str
    counts: dict[str, int]
    answered: int


class TraineeAnswer(View):
    """One trainee's answer to the current item, as the trainer sees it."""

    user: str
    result: dict[str, Any]
    score: float | None


class WorkshopState(View):
    """A workshop as one viewer sees it now (``you`` says which cut, see the module docstring)."""

    id: int
    project_id: int
    title: str
    state: WorkshopStateName
    position: int
    items: int
    revision: int
    trainer: str | None
    you: Seat
    joined: int
    answered: int
    item: WorkshopItem | None
    your_answer: dict[str, Any] | None
    reference: dict[str, Any] | None
    explanations: dict[str, str] | None
    your_score: float | None
    your_scores: dict[str, float] | None
    your_diff: dict[str, Any] | None
    distribution: list[ControlDistribution] | None
    answers: list[TraineeAnswer] | None
    participants: list[str] | None


class WorkshopSummary(View):
    id: int
    project_id: int
    title: str
    state: WorkshopStateName
    position: int
    items: int
    trainer: str | None
    participants: int
    joined: bool
    you_run_it: bool
    created_at: datetime


class ReportItem(View):
    item_id: int
    position: int
    answered: int
    mean_score: float | None


class ReportRow(View):
    user: str
    scores: dict[str, float | None]  # item id (as text: JSON keys) -> score, None: unanswered
    mean_score: float | None


class WorkshopReport(View):
    """Per trainee and item: what a workshop leaves behind. A trainee gets their own row only."""

    workshop_id: int
    title: str
    items: list[ReportItem]
    trainees: list[ReportRow]


@dataclass(frozen=True, slots=True)
class AnswerRow:
    result: dict[str, Any]
    score: float | None


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything any viewer of a workshop may be shown, read in one transaction."""

    id: int
    project_id: int
    title: str
    state: WorkshopStateName
    position: int
    item_count: int
    revision: int
    trainer_id: int | None
    trainer: str | None
    schema: ProjectSchema
    participants: dict[int, str]  # user id -> email
    item: WorkshopItem | None
    reference: dict[str, Any] | None
    explanations: dict[str, str]
    answers: dict[int, AnswerRow]  # the current item's, by user id
    distribution: list[ControlDistribution] = field(default_factory=list)


def _keys(ctype_names: list[str], value: Any) -> list[str]:
    """The distribution keys an answer contributes: a scalar answer itself, a list of options
    each option, anything else the vocabulary names it uses."""
    if isinstance(value, bool):
        return [str(value).lower()]
    if isinstance(value, str | int | float):
        return [str(value)]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return sorted(set(value))
    return sorted(set(ctype_names))


def distribution(schema: ProjectSchema, answers: Mapping[int, AnswerRow]) -> list[ControlDistribution]:
    """Per control in schema order: how many trainees gave each answer (see ``_keys``)."""
    out = []
    for spec in schema.controls:
        counts: Counter[str] = Counter()
        answered = 0
        for row in answers.values():
            value = row.result.get(spec.name)
            if value is None or value == [] or value == "":
                continue
            answered += 1
            try:
                names = type_of(spec).names_used(value)
            except (ValueError, TypeError, KeyError, AttributeError):
                names = []
            counts.update(_keys(names, value))
        out.append(ControlDistribution(control=spec.name, counts=dict(counts), answered=answered))
    return out


def _diff(snapshot: Snapshot, answer: dict[str, Any]) -> dict[str, Any]:
    assert snapshot.reference is not None and snapshot.item is not None
    diffs: dict[str, Any] = {}
    for spec in graded_controls(snapshot.schema, snapshot.reference):
        try:
            diff = type_of(spec).diff(
                spec, answer.get(spec.name), snapshot.reference[spec.name], snapshot.item.data
            )
        except (ValueError, TypeError, KeyError):
            continue
        diffs[spec.name] = diff.model_dump(mode="json") if hasattr(diff, "model_dump") else diff
    return diffs


def state_for(snapshot: Snapshot, viewer_id: int, *, leads: bool) -> WorkshopState:
    """The snapshot as ``viewer_id`` may see it (``leads``: the trainer or a project manager)."""
    seat: Seat = "trainer" if leads else ("trainee" if viewer_id in snapshot.participants else "guest")
    revealed = snapshot.state == "revealed"
    own = snapshot.answers.get(viewer_id)
    state = WorkshopState(
        id=snapshot.id,
        project_id=snapshot.project_id,
        title=snapshot.title,
        state=snapshot.state,
        position=snapshot.position,
        items=snapshot.item_count,
        revision=snapshot.revision,
        trainer=snapshot.trainer,
        you=seat,
        joined=len(snapshot.participants),
        answered=len(snapshot.answers),
        item=snapshot.item if seat != "guest" and snapshot.state != "closed" else None,
        your_answer=own.result if own is not None and seat == "trainee" else None,
        reference=None,
        explanations=None,
        your_score=None,
        your_scores=None,
        your_diff=None,
        distribution=None,
        answers=None,
        participants=None,
    )
    if state.item is None:
        return state
    if seat == "trainer":
        state.reference = snapshot.reference
        state.explanations = snapshot.explanations
        state.distribution = snapshot.distribution
        state.participants = sorted(snapshot.participants.values())
        state.answers = [
            TraineeAnswer(user=snapshot.participants.get(uid, "(left)"), result=row.result, score=row.score)
            for uid, row in sorted(
                snapshot.answers.items(), key=lambda kv: snapshot.participants.get(kv[0], "")
            )
        ]
    elif seat == "trainee" and revealed and snapshot.reference is not None and snapshot.item is not None:
        state.reference = snapshot.reference
        state.explanations = snapshot.explanations
        state.distribution = snapshot.distribution
        if own is not None:
            graded = grade(snapshot.schema, own.result, snapshot.reference, snapshot.item.data)
            state.your_score = graded.score
            state.your_scores = graded.scores
            state.your_diff = _diff(snapshot, own.result)
    return state
