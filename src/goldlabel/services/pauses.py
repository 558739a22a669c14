"""Pauses: an annotator whose honeypot accuracy falls is taken off production and refreshed.

``after_honeypot_answer`` runs in the save path's transaction when a submission lands on a
honeypot item: over the caller's last ``pause.window`` honeypot answers, the accuracy of each
control (``services.monitoring``); the worst control under ``pause.below`` opens a pause whose
``focus_labels`` are the reference labels the annotator gets wrong most (practice serves items
with those labels first). Fewer answers than the window decide nothing. A pass of the exam
lifts the pause (``services.exams``); a manager can lift it too.

A pause starts a random while (up to ``PAUSE_DELAY_MAX``) after the answer that decided it:
starting at once would tell the annotator that the item they had just submitted was a
honeypot. Managers see it (and can lift it) from the moment it is decided.
"""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from goldlabel.controls.schema import load_schema
from goldlabel.core.errors import NotFound
from goldlabel.db.models import Pause, Project, User
from goldlabel.services import clock, monitoring, training_path
from goldlabel.services.access import Actor, project_access
from goldlabel.services.training_settings import read_settings
from goldlabel.services.training_views import PauseView

MAX_FOCUS_LABELS = 3
PAUSE_DELAY_MAX = timedelta(minutes=10)
# Module attribute: tests swap in a seeded or fixed generator.
rng = random.Random()


def after_honeypot_answer(db: Session, project_id: int, user_id: int) -> Pause | None:
    """Open a pause if the user's rolling honeypot accuracy fell below the project's threshold."""
    project = db.get(Project, project_id)
    if project is None:
        return None
    settings = read_settings(project.training).pause
    if settings.below <= 0 or training_path.open_pause(db, project_id, user_id, pending=True) is not None:
        return None
    window = settings.window
    answers = monitoring.honeypot_answers(db, project_id, user_id, last=window)
    if len(answers) < window:
        return None
    schema = load_schema(project.schema)
    failing = [
        a for a in monitoring.accuracy_per_control(schema, answers).values() if a.accuracy < settings.below
    ]
    if not failing:
        return None
    worst = min(failing, key=lambda a: a.accuracy)
    confused = monitoring.confused_labels(schema, worst.control, answers)
    reason = (
        f"your accuracy on '{worst.control}' over your last {window} quality checks is "
        f"{worst.accuracy:.0%}, below the project's {settings.below:.0%}."
    )
    pause = Pause(
        project_id=project_id,
        user_id=user_id,
        reason=reason,
        control=worst.control,
        accuracy=worst.accuracy,
        focus_labels=[label for label, _ in confused.most_common(MAX_FOCUS_LABELS)],
        started_at=clock.now() + PAUSE_DELAY_MAX * rng.random(),
    )
    db.add(pause)
    db.flush()
    return pause


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
