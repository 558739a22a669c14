"""Annotator scorecards (training, monitoring and agreement in one place) and the team table.

A scorecard gathers, for one annotator on one project: items done and median active time
(``annotations.lead_time_ms``), practice and exam history, certification and pause, honeypot
accuracy (rolling, over time, confusion against gold: ``monitoring``) and agreement with the
consensus (``quality.agreement_by_annotator``, the Quality tab's cached scorecards). An
annotator sees only their own; managers see everyone's and the team table.

The annotator's own card counts honeypot answers made before the start of the current UTC day
(unless the project shows honeypot feedback), and its chart is per day with points dated at
midnight: nothing on it changes right after a honeypot, so it cannot tell them which of today's
items was one. Items done and active time count every submission alike, honeypots included.

The team table sorts by who needs help (docs/API.md, "Scorecards"): paused first, then a failed
last exam without certification, then a control's honeypot accuracy under the pause threshold
(the pause rule's measure); within each group the lowest accuracy of the weakest control first
(none yet: last), then the lowest overall honeypot accuracy, the lowest agreement, then email.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time
from statistics import fmean, median
from typing import Any, cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from goldlabel.controls.base import ControlSpec
from goldlabel.controls.schema import load_schema
from goldlabel.core.errors import NotFound
from goldlabel.db.engine import Database
from goldlabel.db.models import Annotation, Certification, ExamAttempt, Member, Pause, PracticeAnswer, User
from goldlabel.services import monitoring, training_path
from goldlabel.services.access import Actor, project_access, require_role, require_self_or_manager
from goldlabel.services.monitoring_views import ControlHoneypotAccuracy, HoneypotAccuracy
from goldlabel.services.quality import agreement_by_annotator
from goldlabel.services.quality.scorecards import rate
from goldlabel.services.scorecard_views import (
    Attention,
    ExamEntry,
    PauseView,
    PracticeHistory,
    PracticePoint,
    Scorecard,
    TeamRow,
    TeamTable,
)
from goldlabel.services.training_settings import read_settings
from goldlabel.services.views import AnnotatorControlQuality, Rate, Role

DEFAULT_BELOW = 0.8  # the team table's attention threshold when the project never pauses (below 0)
RECENT_PRACTICE = 200  # practice scores kept for the chart
CONFUSED_TOP = 5


@dataclass(frozen=True, slots=True)
class _Settings:
    window: int
    below: float
    honeypot_feedback: bool
    require_certification: bool


def _settings(training: dict[str, Any] | None) -> _Settings:
    """What the scorecards read of the project's training settings (``training_settings``)."""
    stored = read_settings(training)
    return _Settings(
        window=stored.pause.window,
        below=stored.pause.below if stored.pause.below > 0 else DEFAULT_BELOW,
        honeypot_feedback=stored.honeypot_feedback,
        require_certification=stored.require_certification,
    )


def _start_of_today() -> datetime:
    return datetime.combine(datetime.now(UTC).date(), time(), UTC)


def scorecard(database: Database, actor: Actor, project_id: int, user_id: int | None) -> Scorecard:
    """``user_id`` None: the actor's own. Another user's needs the manager role (403); a user
    who is neither a member nor an author on the project is 404."""
    with database.session() as db:
        access = project_access(db, actor, project_id)
        target = actor.id if user_id is None else user_id
        require_self_or_manager(actor, access.role, target)
        own = target == actor.id
        settings = _settings(access.project.training)
        controls = list(load_schema(access.project.schema).controls)
        fields = _read_card(db, project_id, target, controls, settings, own=own)
    agreement = agreement_by_annotator(database, project_id).get(target, {})
    return Scorecard(**fields, agreement=agreement)


def _read_card(
    db: Session,
    project_id: int,
    user_id: int,
    controls: Sequence[ControlSpec],
    settings: _Settings,
    *,
    own: bool,
) -> dict[str, Any]:
    person = db.execute(
        select(User.email, Member.role)
        .outerjoin(Member, (Member.user_id == User.id) & (Member.project_id == project_id))
        .where(User.id == user_id)
    ).first()
    lead_times = list(
        db.scalars(
            select(Annotation.lead_time_ms).where(
                Annotation.project_id == project_id,
                Annotation.author_id == user_id,
                Annotation.status == "submitted",
            )
        )
    )
    if person is None or (person.role is None and not lead_times):
        raise NotFound("annotator not found")
    until = _start_of_today() if own and not settings.honeypot_feedback else None
    answers = monitoring.scored_answers(db, project_id, controls, user_ids=[user_id], before=until)
    window = answers[-settings.window :]
    accuracy = monitoring.rolling_from(user_id, settings.window, window, controls)
    confusions = monitoring.confusions_of(answers, controls)
    certification = db.get(Certification, (project_id, user_id))
    pause = training_path.open_pause(db, project_id, user_id, pending=not own)
    return {
        "user_id": user_id,
        "email": person.email,
        "role": cast(Role | None, person.role),
        "items_done": len(lead_times),
        "median_lead_time_ms": float(median(lead_times)) if lead_times else None,
        "certified": certification is not None,
        "certified_at": certification.certified_at if certification else None,
        "pause": _pause_view(pause),
        "practice": _practice(db, project_id, user_id),
        "exams": _exams(db, project_id, user_id),
        "honeypots": accuracy,
        "honeypots_until": until,
        # an annotator's own chart is per day; a manager may ask the service for per answer
        "accuracy_over_time": monitoring.series_of(answers, by="day", window=settings.window),
        "confusions": confusions,
        "confused_most": monitoring.confused_of(confusions, top=CONFUSED_TOP),
    }


def _pause_view(pause: Pause | None) -> PauseView | None:
    if pause is None:
        return None
    return PauseView(
        reason=pause.reason,
        control=pause.control,
        accuracy=pause.accuracy,
        focus_labels=list(pause.focus_labels or []),
        started_at=pause.started_at,
    )


def _practice(db: Session, project_id: int, user_id: int) -> PracticeHistory:
    rows = db.execute(
        select(PracticeAnswer.item_id, PracticeAnswer.score, PracticeAnswer.created_at)
        .where(PracticeAnswer.project_id == project_id, PracticeAnswer.user_id == user_id)
        .order_by(PracticeAnswer.created_at, PracticeAnswer.id)
    ).all()
    return PracticeHistory(
        answers=len(rows),
        items=len({r.item_id for r in rows}),
        mean_score=fmean(r.score for r in rows) if rows else None,
        recent=[PracticePoint(at=r.created_at, score=r.score) for r in rows[-RECENT_PRACTICE:]],
    )


def _exams(db: Session, project_id: int, user_id: int) -> list[ExamEntry]:
    attempts = db.scalars(
        select(ExamAttempt)
        .where(ExamAttempt.project_id == project_id, ExamAttempt.user_id == user_id)
        .order_by(ExamAttempt.started_at, ExamAttempt.id)
    )
    return [
        ExamEntry(
            id=a.id,
            started_at=a.started_at,
            finished_at=a.finished_at,
            passed=a.passed,
            score=a.score,
            report=a.report,
        )
        for a in attempts
    ]


# ---- the team table -------------------------------------------------------------------------


def team(database: Database, actor: Actor, project_id: int) -> TeamTable:
    """Every member who labels (annotators, reviewers, and anyone with a submission), sorted by
    who needs help first. Managers only."""
    with database.session() as db:
        access = project_access(db, actor, project_id)
        require_role(access.role, "manager")
        settings = _settings(access.project.training)
        controls = list(load_schema(access.project.schema).controls)
        people = _people(db, project_id)
        honeypots = monitoring.rolling_accuracy(
            db, project_id, controls, window=settings.window, user_ids=sorted(people)
        )
        paused = set(
            db.scalars(select(Pause.user_id).where(Pause.project_id == project_id, Pause.lifted_at.is_(None)))
        )
        certified = set(
            db.scalars(select(Certification.user_id).where(Certification.project_id == project_id))
        )
        practice = {
            u: (n, mean)
            for u, n, mean in db.execute(
                select(PracticeAnswer.user_id, func.count(), func.avg(PracticeAnswer.score))
                .where(PracticeAnswer.project_id == project_id)
                .group_by(PracticeAnswer.user_id)
            )
        }
        exams: dict[int, list[bool]] = defaultdict(list)
        for u, passed in db.execute(
            select(ExamAttempt.user_id, ExamAttempt.passed)
            .where(ExamAttempt.project_id == project_id, ExamAttempt.finished_at.is_not(None))
            .order_by(ExamAttempt.user_id, ExamAttempt.finished_at, ExamAttempt.id)
        ):
            exams[u].append(bool(passed))
    agreement = agreement_by_annotator(database, project_id)
    rows = []
    for user_id, (email, role, lead_times) in people.items():
        attempts = exams.get(user_id, [])
        n_practice, practice_mean = practice.get(user_id, (0, None))
        weakest = _weakest(honeypots[user_id])
        row = {
            "user_id": user_id,
            "email": email,
            "role": role,
            "items_done": len(lead_times),
            "median_lead_time_ms": float(median(lead_times)) if lead_times else None,
            "honeypot_accuracy": honeypots[user_id].overall,
            "weakest_control": weakest.control if weakest else None,
            "weakest_accuracy": weakest.accuracy if weakest else rate(None, 0),
            "agreement": _mean_agreement(agreement.get(user_id, {})),
            "practice_answers": int(n_practice),
            "practice_mean_score": float(practice_mean) if practice_mean is not None else None,
            "exams_taken": len(attempts),
            "last_exam_passed": attempts[-1] if attempts else None,
            "certified": user_id in certified,
            "paused": user_id in paused,
        }
        row["attention"] = _attention(row, settings)
        rows.append(row)
    rows.sort(key=needs_help_key)
    return TeamTable(
        window=settings.window,
        below=settings.below,
        rows=[TeamRow(rank=i + 1, **row) for i, row in enumerate(rows)],
    )


def _people(db: Session, project_id: int) -> dict[int, tuple[str, Role | None, list[int]]]:
    """Members who label and every author of a submission: email, role, their active times."""
    lead_times: dict[int, list[int]] = defaultdict(list)
    for author, lead_time in db.execute(
        select(Annotation.author_id, Annotation.lead_time_ms).where(
            Annotation.project_id == project_id, Annotation.status == "submitted"
        )
    ):
        lead_times[author].append(lead_time)
    members = {
        u: r
        for u, r in db.execute(select(Member.user_id, Member.role).where(Member.project_id == project_id))
    }
    ids = {u for u, r in members.items() if r != "manager"} | set(lead_times)
    emails = {u: e for u, e in db.execute(select(User.id, User.email).where(User.id.in_(ids)))} if ids else {}
    return {
        u: (emails[u], cast(Role | None, members.get(u)), lead_times.get(u, []))
        for u in sorted(ids)
        if u in emails
    }


def _weakest(accuracy: HoneypotAccuracy) -> ControlHoneypotAccuracy | None:
    """The control with the lowest honeypot accuracy (what the pause rule looks at)."""
    scored = [c for c in accuracy.controls if c.accuracy.value is not None]
    return min(scored, key=lambda c: (c.accuracy.value or 0.0, c.control)) if scored else None


def _mean_agreement(controls: dict[str, AnnotatorControlQuality]) -> Rate:
    """The mean agreement with the consensus over the controls with enough items (n: the most
    items of any control; too_few when every control is)."""
    rates = [c.agreement_with_consensus for c in controls.values()]
    usable = [r.value for r in rates if not r.too_few and r.value is not None]
    n = max((r.n for r in rates), default=0)
    if usable:
        return Rate(value=fmean(usable), n=n, too_few=False)
    return rate(None, n) if not rates else Rate(value=None, n=n, too_few=True)


def _attention(row: dict[str, Any], settings: _Settings) -> list[Attention]:
    reasons: list[Attention] = []
    if row["paused"]:
        reasons.append("paused")
    if row["last_exam_passed"] is False and not row["certified"]:
        reasons.append("exam_failed")
    weakest: Rate = row["weakest_accuracy"]
    if weakest.n and weakest.value is not None and weakest.value < settings.below:
        reasons.append("low_honeypot_accuracy")
    if settings.require_certification and not row["certified"]:
        reasons.append("not_certified")
    return reasons


def needs_help_key(row: dict[str, Any]) -> tuple[int, float, float, float, str]:
    """The team table's order: the first of paused / exam failed / low honeypot accuracy that
    applies (else last), then the lowest honeypot accuracy of the weakest control, the lowest
    overall honeypot accuracy, the lowest agreement (each: none after any), then email."""
    reasons = row["attention"]
    group = next(
        (i for i, r in enumerate(("paused", "exam_failed", "low_honeypot_accuracy")) if r in reasons), 3
    )
    weakest = row["weakest_accuracy"].value
    honeypot = row["honeypot_accuracy"].value
    agreement = row["agreement"].value
    return (
        group,
        weakest if weakest is not None else 2.0,
        honeypot if honeypot is not None else 2.0,
        agreement if agreement is not None else 2.0,
        row["email"],
    )
