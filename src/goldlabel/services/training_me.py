"""``training/me``: the caller's place on the project's training path (``training_path``)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from goldlabel.services import training_path
from goldlabel.services.access import Actor, project_access
from goldlabel.services.training_settings import read_settings
from goldlabel.services.training_views import TrainingMe


def training_me(db: Session, actor: Actor, project_id: int) -> TrainingMe:
    access = project_access(db, actor, project_id)
    settings = read_settings(access.project.training)
    return training_path.training_me(training_path.load_state(db, project_id, actor.id, settings))
