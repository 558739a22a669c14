"""Qualification exams: attempts drawn at random from the ``exam`` set, answered without
feedback, graded when finished; a pass certifies the annotator (and lifts a pause).

Starting is refused, in this order, when the guideline is not acknowledged (403
``acknowledge_guideline``), the practice target is not met (403 ``practice_required``), no
attempt is left (403 ``exam_attempts_exhausted``) or a failed attempt's cool-down runs (429
``exam_cooldown`` with ``retry_at``). An attempt that is started and not finished is resumed,
not started again. The report holds scores and per-label counts, never a reference answer:
exam items are drawn again in later attempts.
"""

from __future__ import annotations

import math
import random
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from goldlabel.controls.schema import ProjectSchema, load_schema
from goldlabel.core.errors import Conflict, ErrorCode, Forbidden, NotFound, RateLimited
from goldlabel.db.models import (
    Certification,
    ExamAnswer,
    ExamAttempt,
    Gold,
    GoldSet,
    Item,
    Project,
)
from goldlabel.services import clock, training_path
from goldlabel.services.access import Actor, project_access
from goldlabel.services.exam_report import per_label
from goldlabel.services.grading import grade
from goldlabel.services.practice import validated
from goldlabel.services.project_lifecycle import refuse_if_archived
from goldlabel.services.training_settings import read_settings
from goldlabel.services.training_views import ExamAnswerSaved, ExamReport, ExamStarted, TrainingItemView

_random = random.SystemRandom()


def _started(db: Session, attempt: ExamAttempt) -> ExamStarted:
    rows = {i.id: i for i in db.scalars(select(Item).where(Item.id.in_(attempt.item_ids)))}
    answered = db.scalars(select(ExamAnswer.item_id).where(ExamAnswer.attempt_id == attempt.id)).all()
    return ExamStarted(
        id=attempt.id,
        items=[TrainingItemView(id=i, data=rows[i].data) for i in attempt.item_ids if i in rows],
        answered=sorted(answered),
    )


def start_exam(db: Session, actor: Actor, project_id: int) -> ExamStarted:
    access = project_access(db, actor, project_id)
    refuse_if_archived(access.project.archived_at, "taking exams")
    # Two starts of one project's exams run one after the other (no second attempt by a double click).
    db.execute(select(Project.id).where(Project.id == project_id).with_for_update())
    settings = read_settings(access.project.training)
    state = training_path.load_state(db, project_id, actor.id, settings)
    if state.exams.open_attempt_id is not None:
        attempt = db.get(ExamAttempt, state.exams.open_attempt_id)
        assert attempt is not None
        return _started(db, attempt)
    if not state.guideline.acknowledged:
        raise Forbidden(
            "read and acknowledge the current guideline before the exam", code=ErrorCode.ACKNOWLEDGE_GUIDELINE
        )
    if state.certified and state.pause is None:
        raise Conflict("you are already certified for this project", code=ErrorCode.ALREADY_CERTIFIED)
    if not state.practice.met:
        p = state.practice
        raise Forbidden(
            f"practise first: {p.target_items} items at {p.target_accuracy:.0%} or more unlock the exam "
            f"(you have {p.answered}" + (f" at {p.accuracy:.0%})" if p.accuracy is not None else ")"),
            code=ErrorCode.PRACTICE_REQUIRED,
            practice=p.model_dump(mode="json"),
        )
    if state.exams.remaining <= 0:
        raise Forbidden(
            f"you have used all {state.exams.max_attempts} exam attempts; ask a manager",
            code=ErrorCode.EXAM_ATTEMPTS_EXHAUSTED,
        )
    retry_at = state.exams.next_allowed_at
    if retry_at is not None:
        wait = max(1, math.ceil((retry_at - clock.now()).total_seconds()))
        raise RateLimited(
            f"the next attempt opens at {retry_at.isoformat(timespec='seconds')}",
            code=ErrorCode.EXAM_COOLDOWN,
            retry_after=wait,
            retry_at=retry_at.isoformat(),
        )
    pool = db.scalars(
        select(Item.id)
        .join(Gold, Gold.item_id == Item.id)
        .where(Item.project_id == project_id, Item.gold_set == GoldSet.EXAM)
    ).all()
    if not pool:
        raise Conflict("this project has no exam items yet; ask a manager", code=ErrorCode.NO_EXAM_ITEMS)
    drawn = _random.sample(list(pool), min(settings.exam.items, len(pool)))
    attempt = ExamAttempt(
        project_id=project_id,
        user_id=actor.id,
        item_ids=drawn,
        guideline_version_id=state.guideline.version_id,
        started_at=clock.now(),
    )
    db.add(attempt)
    db.flush()
    return _started(db, attempt)


def _own_attempt(db: Session, actor: Actor, attempt_id: int) -> tuple[ExamAttempt, Project]:
    attempt = db.get(ExamAttempt, attempt_id)
    if attempt is None or attempt.user_id != actor.id:
        raise NotFound("exam attempt not found")
    access = project_access(db, actor, attempt.project_id)
    return attempt, access.project


def answer_exam(db: Session, actor: Actor, attempt_id: int, item_id: int, result: Any) -> ExamAnswerSaved:
    """Store (or replace) the answer to one of the attempt's items; no feedback."""
    attempt, project = _own_attempt(db, actor, attempt_id)
    if attempt.finished_at is not None:
        raise Conflict("this exam attempt is finished", code=ErrorCode.EXAM_FINISHED)
    if item_id not in attempt.item_ids:
        raise NotFound("item not found in this exam")
    item = db.get(Item, item_id)
    if item is None:
        raise NotFound("item not found in this exam")
    answer = validated(load_schema(project.schema), result, item.data)
    stored = db.get(ExamAnswer, (attempt_id, item_id))
    if stored is None:
        db.add(ExamAnswer(attempt_id=attempt_id, item_id=item_id, result=answer, answered_at=clock.now()))
    else:
        stored.result, stored.answered_at = answer, clock.now()
    db.flush()
    answered = len(db.scalars(select(ExamAnswer.item_id).where(ExamAnswer.attempt_id == attempt_id)).all())
    return ExamAnswerSaved(item_id=item_id, answered=answered, total=len(attempt.item_ids))


def finish_exam(db: Session, actor: Actor, attempt_id: int) -> ExamReport:
    """Grade the attempt (unanswered items score 0); a finished attempt answers its report again."""
    attempt, project = _own_attempt(db, actor, attempt_id)
    if attempt.finished_at is not None and attempt.report is not None:
        return ExamReport.model_validate(attempt.report)
    settings = read_settings(project.training)
    schema = load_schema(project.schema)
    golds = {
        g.item_id: (g.result, data)
        for g, data in db.execute(
            select(Gold, Item.data)
            .join(Item, Item.id == Gold.item_id)
            .where(Gold.item_id.in_(attempt.item_ids))
        )
    }
    answers = {
        a.item_id: a.result for a in db.scalars(select(ExamAnswer).where(ExamAnswer.attempt_id == attempt_id))
    }
    report = _grade(
        schema, attempt, golds, answers, settings.exam.pass_mark, settings.exam.per_control_pass_mark
    )
    attempt.finished_at, attempt.passed, attempt.score = report.finished_at, report.passed, report.score
    attempt.report = report.model_dump(mode="json")
    if report.passed:
        _certify(db, attempt)
    return report


def _grade(
    schema: ProjectSchema,
    attempt: ExamAttempt,
    golds: dict[int, tuple[dict[str, Any], dict[str, Any]]],
    answers: dict[int, dict[str, Any]],
    pass_mark: float,
    marks: dict[str, float],
) -> ExamReport:
    item_scores: list[float] = []
    control_scores: dict[str, list[float]] = {}
    for item_id in attempt.item_ids:
        if item_id not in golds:
            continue  # gold removed since the draw: the item no longer counts
        reference, data = golds[item_id]
        graded = grade(schema, answers.get(item_id), reference, data)
        item_scores.append(graded.score if item_id in answers else 0.0)
        for name, value in graded.scores.items():
            control_scores.setdefault(name, []).append(value if item_id in answers else 0.0)
    scores = {name: sum(v) / len(v) for name, v in control_scores.items()}
    score = sum(item_scores) / len(item_scores) if item_scores else 0.0
    failed = [name for name, mark in marks.items() if scores.get(name, 0.0) < mark and name in scores]
    passed = bool(item_scores) and score >= pass_mark and not failed
    return ExamReport(
        attempt_id=attempt.id,
        passed=passed,
        score=score,
        scores=scores,
        pass_mark=pass_mark,
        per_control_pass_mark=dict(marks),
        failed_controls=failed,
        per_label=per_label(schema, attempt.item_ids, golds, answers),
        answered=sum(1 for i in attempt.item_ids if i in answers),
        total=len(attempt.item_ids),
        finished_at=clock.now(),
    )


def _certify(db: Session, attempt: ExamAttempt) -> None:
    now = clock.now()
    version = training_path.guideline(db, attempt.project_id, attempt.user_id).version_id
    cert = db.get(Certification, (attempt.project_id, attempt.user_id))
    if cert is None:
        db.add(
            Certification(
                project_id=attempt.project_id,
                user_id=attempt.user_id,
                attempt_id=attempt.id,
                guideline_version_id=version,
                certified_at=now,
            )
        )
    else:
        cert.attempt_id, cert.guideline_version_id, cert.certified_at = attempt.id, version, now
    pause = training_path.open_pause(db, attempt.project_id, attempt.user_id)
    if pause is not None:
        pause.lifted_at, pause.lifted_by_attempt_id = now, attempt.id
