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

import importlib
import random
import threading
from datetime import timedelta
from typing import Any

from sqlalchemy import bindparam, exists, select
from sqlalchemy.orm import Session

from goldlabel.controls.schema import load_schema
from goldlabel.core.errors import NotFound
from goldlabel.db.models import Annotation, Gold, GoldSet, Item, Pause, User
from goldlabel.services import clock, monitoring, training_path
from goldlabel.services.access import Actor, project_access
from goldlabel.services.training_settings import read_settings
from goldlabel.services.training_views import PauseView

MAX_FOCUS_LABELS = 3
PAUSE_DELAY_MAX = timedelta(minutes=10)
# Module attribute: tests swap in a seeded or fixed generator.
rng = random.Random()


# The caller's last ``window`` honeypot answers with their gold, newest first, read only while
# no pause (in force or pending) is open for them: one statement, no ORM objects, built once.
# The project is matched on the item only (an annotation's project is its item's): with
# ``annotations.project_id`` too SQLite read every annotation of the project through that index.
_WINDOW = (
    select(Annotation.item_id, Annotation.result, Gold.result.label("reference"), Item.data)
    .select_from(Annotation)
    .join(Item, Item.id == Annotation.item_id)
    .join(Gold, Gold.item_id == Annotation.item_id)
    .where(
        Annotation.author_id == bindparam("user_id"),
        Annotation.status == "submitted",
        Item.project_id == bindparam("project_id"),
        Item.gold_set == GoldSet.HONEYPOT.value,
        ~exists().where(
            Pause.project_id == bindparam("project_id"),
            Pause.user_id == bindparam("user_id"),
            Pause.lifted_at.is_(None),
        ),
    )
    .order_by(Annotation.updated_at.desc(), Annotation.id.desc())
    .limit(bindparam("window"))
)


def load_scorers_in_background() -> None:
    """Import the scorers (numpy and the quality package: seconds on a busy machine) in a thread
    at server start. The first full window is scored inside the save path's transaction — on
    SQLite while it holds the writer — so importing them there stalled every writer meanwhile."""
    threading.Thread(
        target=importlib.import_module, args=("goldlabel.quality.scoring",), name="load-scorers", daemon=True
    ).start()


def after_honeypot_answer(
    db: Session, project_id: int, user_id: int, *, schema: dict[str, Any], training: dict[str, Any] | None
) -> Pause | None:
    """Open a pause if the user's rolling honeypot accuracy fell below the project's threshold.

    ``schema`` and ``training``: the project row's stored values, as the save path read them
    with its context (no second read of the project). One statement reads the window, and only
    while the user has no open pause; a window not full yet decides nothing.
    """
    settings = read_settings(training).pause
    window, below = settings.window, settings.below
    if below <= 0:
        return None
    ids = {"user_id": user_id, "project_id": project_id, "window": window}
    rows = db.connection().execute(_WINDOW, ids).all()
    if len(rows) < window:
        return None
    answers = [monitoring.HoneypotAnswer(r.item_id, r.result, r.reference, r.data) for r in rows]
    parsed = load_schema(schema)
    failing = [a for a in monitoring.accuracy_per_control(parsed, answers).values() if a.accuracy < below]
    if not failing:
        return None
    worst = min(failing, key=lambda a: a.accuracy)
    confused = monitoring.confused_labels(parsed, worst.control, answers)
    reason = (
        f"your accuracy on '{worst.control}' over your last {window} quality checks is "
        f"{worst.accuracy:.0%}, below the project's {below:.0%}."
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
