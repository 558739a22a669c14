"""Where an annotator stands on a project's training path: guideline → practice → exam →
production, with pauses (a refresher: practice again, then the exam) on the side.

``load_state`` reads everything the path depends on for one user in a handful of indexed
queries; ``training_me`` turns it into the annotator's view, and the exam and practice
services use the same state, so the step shown and the rules enforced never disagree.

Steps the project does not use are skipped: no published guideline (nothing to
acknowledge), no practice items (the practice target counts as met), certification not
required and no re-certification pending (production right after the guideline).
Attempts and practice count from the latest *reset*: the start of the open pause, or the
publication of the current major guideline version when it asks for re-certification.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from goldlabel.db.models import (
    Certification,
    ExamAttempt,
    GoldSet,
    GuidelineAck,
    GuidelineVersion,
    Item,
    Pause,
    PracticeAnswer,
)
from goldlabel.services import clock
from goldlabel.services.training_settings import TrainingSettings
from goldlabel.services.training_views import (
    ExamProgress,
    GuidelineStatus,
    LastExam,
    PracticeProgress,
    Step,
    TrainingMe,
)


@dataclass(frozen=True, slots=True)
class Guideline:
    version_id: int | None  # the latest published version
    major: int | None
    minor: int | None
    major_published_at: datetime | None  # when the current major's first version was published
    acknowledged: bool  # a version of the current major is acknowledged (True with no guideline)


@dataclass(frozen=True, slots=True)
class State:
    settings: TrainingSettings
    guideline: Guideline
    certified: bool  # holds a certification still valid (not predating a major that requires more)
    recertify: bool  # certified once, but before the current major and the project asks again
    pause: Pause | None
    since: datetime | None  # the reset attempts and practice count from
    practice: PracticeProgress
    exams: ExamProgress

    @property
    def needs_exam(self) -> bool:
        """Whether the exam stands between the annotator and production."""
        return (
            self.pause is not None
            or self.recertify
            or (self.settings.require_certification and not self.certified)
        )

    @property
    def step(self) -> Step:
        if not self.guideline.acknowledged:
            return "acknowledge_guideline"
        if self.pause is not None:
            return "paused"
        if self.needs_exam:
            return "exam" if self.practice.met else "practice"
        return "production"


def guideline(db: Session, project_id: int, user_id: int) -> Guideline:
    latest = db.execute(
        select(GuidelineVersion.id, GuidelineVersion.major, GuidelineVersion.minor)
        .where(GuidelineVersion.project_id == project_id)
        .order_by(GuidelineVersion.major.desc(), GuidelineVersion.minor.desc())
        .limit(1)
    ).first()
    if latest is None:
        return Guideline(None, None, None, None, True)
    published = db.scalar(
        select(func.min(GuidelineVersion.published_at)).where(
            GuidelineVersion.project_id == project_id, GuidelineVersion.major == latest.major
        )
    )
    acked = db.scalar(
        select(GuidelineAck.version_id)
        .join(GuidelineVersion, GuidelineVersion.id == GuidelineAck.version_id)
        .where(
            GuidelineAck.user_id == user_id,
            GuidelineVersion.project_id == project_id,
            GuidelineVersion.major == latest.major,
        )
        .limit(1)
    )
    return Guideline(latest.id, latest.major, latest.minor, published, acked is not None)


def open_pause(db: Session, project_id: int, user_id: int, *, pending: bool = False) -> Pause | None:
    """The pause in force (``pending``: also one decided but not started yet, see ``pauses``)."""
    query = select(Pause).where(
        Pause.project_id == project_id, Pause.user_id == user_id, Pause.lifted_at.is_(None)
    )
    if not pending:
        query = query.where(Pause.started_at <= clock.now())
    return db.scalars(query.order_by(Pause.started_at.desc()).limit(1)).first()


def practice_progress(
    db: Session, project_id: int, user_id: int, settings: TrainingSettings, since: datetime | None
) -> PracticeProgress:
    available = (
        db.scalar(
            select(func.count())
            .select_from(Item)
            .where(Item.project_id == project_id, Item.gold_set == GoldSet.PRACTICE)
        )
        or 0
    )
    query = select(PracticeAnswer.item_id, PracticeAnswer.score).where(
        PracticeAnswer.project_id == project_id, PracticeAnswer.user_id == user_id
    )
    if since is not None:
        query = query.where(PracticeAnswer.created_at >= since)
    latest: dict[int, float] = {}
    for item_id, score in db.execute(query.order_by(PracticeAnswer.created_at, PracticeAnswer.id)):
        latest[item_id] = score  # later tries replace earlier ones
    accuracy = sum(latest.values()) / len(latest) if latest else None
    target = settings.practice_target
    reached = len(latest) >= min(target.items, available) and (
        target.items == 0 or (accuracy is not None and accuracy >= target.accuracy)
    )
    return PracticeProgress(
        answered=len(latest),
        accuracy=accuracy,
        target_items=target.items,
        target_accuracy=target.accuracy,
        met=available == 0 or reached,
        available=available,
    )


def exam_progress(
    db: Session, project_id: int, user_id: int, settings: TrainingSettings, since: datetime | None
) -> ExamProgress:
    query = select(ExamAttempt).where(ExamAttempt.project_id == project_id, ExamAttempt.user_id == user_id)
    if since is not None:
        query = query.where(ExamAttempt.started_at >= since)
    attempts = list(db.scalars(query.order_by(ExamAttempt.started_at, ExamAttempt.id)))
    finished = [a for a in attempts if a.finished_at is not None]
    open_attempt = next((a for a in reversed(attempts) if a.finished_at is None), None)
    last = finished[-1] if finished else None
    next_allowed: datetime | None = None
    if last is not None and last.finished_at is not None and not last.passed:
        end = last.finished_at + timedelta(minutes=settings.exam.cooldown_minutes)
        next_allowed = end if end > clock.now() else None
    maximum = settings.exam.max_attempts
    return ExamProgress(
        attempts=len(attempts),
        max_attempts=maximum,
        remaining=max(0, maximum - len(attempts)),
        next_allowed_at=next_allowed,
        open_attempt_id=open_attempt.id if open_attempt is not None else None,
        last=LastExam(
            attempt_id=last.id,
            passed=bool(last.passed),
            score=last.score or 0.0,
            finished_at=last.finished_at,
        )
        if last is not None and last.finished_at is not None
        else None,
    )


def load_state(db: Session, project_id: int, user_id: int, settings: TrainingSettings) -> State:
    gl = guideline(db, project_id, user_id)
    cert = db.execute(
        select(Certification.certified_at, GuidelineVersion.major)
        .outerjoin(GuidelineVersion, GuidelineVersion.id == Certification.guideline_version_id)
        .where(Certification.project_id == project_id, Certification.user_id == user_id)
    ).first()
    outdated = (
        cert is not None
        and settings.recertify_on_major
        and gl.major is not None
        and (cert.major is None or cert.major < gl.major)
    )
    pause = open_pause(db, project_id, user_id)
    since = pause.started_at if pause is not None else (gl.major_published_at if outdated else None)
    return State(
        settings=settings,
        guideline=gl,
        certified=cert is not None and not outdated,
        recertify=outdated,
        pause=pause,
        since=since,
        practice=practice_progress(db, project_id, user_id, settings, since),
        exams=exam_progress(db, project_id, user_id, settings, since),
    )


def training_me(state: State) -> TrainingMe:
    gl = state.guideline
    return TrainingMe(
        step=state.step,
        certified=state.certified,
        paused=state.pause is not None,
        reason=state.pause.reason if state.pause is not None else None,
        focus_labels=list(state.pause.focus_labels) if state.pause is not None else [],
        guideline=GuidelineStatus(
            version_id=gl.version_id,
            version=f"{gl.major}.{gl.minor}" if gl.major is not None else None,
            acknowledged=gl.acknowledged,
        ),
        practice=state.practice,
        exams=state.exams,
    )
