"""Pauses: an annotator whose honeypot accuracy falls is taken off production and refreshed.

``after_honeypot_answer`` runs in the save path's transaction when a submission lands on a
honeypot item: over the caller's last ``pause.window`` honeypot answers, the accuracy of each
control (``services.monitoring``); the worst control under ``pause.below`` opens a pause whose
``focus_labels`` are the reference labels the annotator gets wrong most (practice serves items
with those labels first). Fewer answers than the window decide nothing. A pass of the exam
lifts the pause (``services.exams``); a manager can lift it too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from goldlabel.controls.base import ControlSpec
from goldlabel.controls.registry import type_of
from goldlabel.controls.schema import load_schema
from goldlabel.core.errors import NotFound
from goldlabel.db.models import Pause, Project, User
from goldlabel.services import clock, monitoring, training_path
from goldlabel.services.access import Actor, project_access
from goldlabel.services.training_settings import read_settings
from goldlabel.services.training_views import PauseView

MAX_FOCUS_LABELS = 3


def after_honeypot_answer(db: Session, project_id: int, user_id: int) -> Pause | None:
    """Open a pause if the user's rolling honeypot accuracy fell below the project's threshold."""
    project = db.get(Project, project_id)
    if project is None:
        return None
    settings = read_settings(project.training).pause
    if settings.below <= 0 or training_path.open_pause(db, project_id, user_id) is not None:
        return None
    controls = load_schema(project.schema).controls
    window = settings.window
    answers = monitoring.honeypot_answers(db, project_id, controls, user_ids=[user_id], window=window)
    if len(answers) < window:
        return None
    rolling = monitoring.rolling_from(user_id, window, answers, controls)
    failing = [
        (c.control, c.accuracy.value)
        for c in rolling.controls
        if c.accuracy.value is not None and c.accuracy.value < settings.below
    ]
    if not failing:
        return None
    control, accuracy = min(failing, key=lambda c: c[1])
    reason = (
        f"your accuracy on '{control}' over your last {window} quality checks is "
        f"{accuracy:.0%}, below the project's {settings.below:.0%}."
    )
    pause = Pause(
        project_id=project_id,
        user_id=user_id,
        reason=reason,
        control=control,
        accuracy=accuracy,
        focus_labels=focus_labels([c for c in controls if c.name == control], answers),
        started_at=clock.now(),
    )
    db.add(pause)
    db.flush()
    return pause


def focus_labels(controls: Sequence[ControlSpec], answers: Sequence[monitoring.HoneypotAnswer]) -> list[str]:
    """The reference labels the answers get wrong most: from the confusion against gold for
    single choices and ratings (``monitoring``), else the reference labels an answer scoring
    under 1 does not use (or all of its reference labels, e.g. spans with wrong boundaries)."""
    confused = monitoring.confused_of(monitoring.confusions_of(answers, controls))
    if confused:
        counts: Counter[str] = Counter()
        for pair in confused:
            counts[pair.reference] += pair.count
    else:
        counts = Counter()
        for spec in controls:
            ctype = type_of(spec)
            for a in answers:
                reference = a.references.get(spec.name)
                if reference is None or a.scores.get(spec.name, 0.0) >= 1.0:
                    continue
                answer = a.answers.get(spec.name)
                expected = ctype.names_used(reference)
                used = set(ctype.names_used(answer)) if answer is not None else set()
                counts.update(dict.fromkeys([lab for lab in expected if lab not in used] or expected, 1))
    return [label for label, _ in counts.most_common(MAX_FOCUS_LABELS)]


def _view(pause: Pause, email: str) -> PauseView:
    return PauseView(
        id=pause.id,
        user_id=pause.user_id,
        email=email,
        reason=pause.reason,
        control=pause.control,
        accuracy=pause.accuracy,
        focus_labels=list(pause.focus_labels),
        started_at=pause.started_at,
        lifted_at=pause.lifted_at,
        lifted_by_attempt_id=pause.lifted_by_attempt_id,
        lifted_by_user_id=pause.lifted_by_user_id,
    )


def list_pauses(db: Session, actor: Actor, project_id: int) -> list[PauseView]:
    project_access(db, actor, project_id, minimum="manager")
    rows = db.execute(
        select(Pause, User.email)
        .join(User, User.id == Pause.user_id)
        .where(Pause.project_id == project_id)
        .order_by(Pause.lifted_at.is_not(None), Pause.started_at.desc())
    )
    return [_view(p, email) for p, email in rows]


def lift_pause(db: Session, actor: Actor, project_id: int, user_id: int) -> PauseView:
    project_access(db, actor, project_id, minimum="manager")
    pause = training_path.open_pause(db, project_id, user_id)
    if pause is None:
        raise NotFound("this annotator is not paused")
    pause.lifted_at, pause.lifted_by_user_id = clock.now(), actor.id
    email = db.scalar(select(User.email).where(User.id == user_id)) or ""
    return _view(pause, email)
