"""Practice: gold items of the ``practice`` set answered with instant feedback.

``next_practice`` serves items the caller has not answered first, then the ones they scored
lowest on (to retry); while paused, items whose reference uses the pause's focus labels come
first (the targeted refresher). ``answer_practice`` validates the result as a submission is
validated, grades it with each control type's ``score``, stores a ``PracticeAnswer`` (never an
annotation: practice is not production data) and returns the feedback: scores, a diff per
control, the reference, the explanations and the guideline section to read.
"""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from goldlabel.controls.registry import type_of
from goldlabel.controls.schema import ProjectSchema, load_schema
from goldlabel.core.errors import NotFound
from goldlabel.db.models import Gold, GoldSet, Item, PracticeAnswer, Project
from goldlabel.services import clock, training_path
from goldlabel.services.access import Actor, project_access
from goldlabel.services.annotations import checked_result
from goldlabel.services.grading import grade, graded_controls
from goldlabel.services.guideline_sections import section_for
from goldlabel.services.project_lifecycle import refuse_if_archived
from goldlabel.services.training_settings import read_settings
from goldlabel.services.training_views import PracticeFeedback, TrainingItemView

_random = random.SystemRandom()


def uses_labels(schema: ProjectSchema, reference: dict[str, Any], labels: set[str]) -> bool:
    for spec in graded_controls(schema, reference):
        if labels & set(type_of(spec).names_used(reference[spec.name])):
            return True
    return False


def next_practice(db: Session, actor: Actor, project_id: int) -> TrainingItemView | None:
    access = project_access(db, actor, project_id)
    project = access.project
    items = db.execute(
        select(Item.id, Item.data, Gold.result)
        .join(Gold, Gold.item_id == Item.id)
        .where(Item.project_id == project_id, Item.gold_set == GoldSet.PRACTICE)
        .order_by(Item.id)
    ).all()
    if not items:
        return None
    pause = training_path.open_pause(db, project_id, actor.id)
    since = pause.started_at if pause is not None else None
    query = select(PracticeAnswer.item_id, PracticeAnswer.score).where(
        PracticeAnswer.project_id == project_id, PracticeAnswer.user_id == actor.id
    )
    if since is not None:
        query = query.where(PracticeAnswer.created_at >= since)
    latest: dict[int, float] = {}
    for item_id, score in db.execute(query.order_by(PracticeAnswer.created_at, PracticeAnswer.id)):
        latest[item_id] = score
    focus = set(pause.focus_labels) if pause is not None else set()
    schema = load_schema(project.schema)

    def order(row: Any) -> tuple[int, float, int, float]:
        """Unanswered before answered, then the lowest score; the refresher's labels first."""
        focused = 0 if focus and uses_labels(schema, row.result, focus) else 1
        answered = 1 if row.id in latest else 0
        return (answered, latest.get(row.id, 0.0), focused, _random.random())

    best = min(items, key=order)
    return TrainingItemView(id=best.id, data=best.data)


def _practice_item(db: Session, project_id: int, item_id: int) -> tuple[Item, Gold]:
    row = db.execute(
        select(Item, Gold)
        .join(Gold, Gold.item_id == Item.id)
        .where(Item.id == item_id, Item.project_id == project_id, Item.gold_set == GoldSet.PRACTICE)
    ).first()
    if row is None:
        raise NotFound("practice item not found")
    return row.Item, row.Gold


def validated(schema: ProjectSchema, result: Any, data: dict[str, Any]) -> dict[str, Any]:
    """A result checked as a submission is (the annotation save path's rule)."""
    return checked_result(schema, result, data, complete=True)


def feedback(
    db: Session, project: Project, schema: ProjectSchema, item: Item, gold: Gold, answer: dict[str, Any]
) -> tuple[PracticeFeedback, float, dict[str, float]]:
    graded = grade(schema, answer, gold.result, item.data)
    diffs = {}
    for spec in graded_controls(schema, gold.result):
        ctype = type_of(spec)
        try:
            diffs[spec.name] = ctype.diff(spec, answer.get(spec.name), gold.result[spec.name], item.data)
        except (ValueError, TypeError, KeyError):
            continue  # a stored reference that no longer fits the schema: no diff for it
    wrong = next((s for s in graded_controls(schema, gold.result) if graded.scores[s.name] < 1.0), None)
    section = None
    if wrong is not None:
        labels = type_of(wrong).names_used(gold.result[wrong.name])
        section = section_for(db, project.id, wrong.name, labels)
    explanations = {k: str(v) for k, v in (gold.explanations or {}).items()}
    view = PracticeFeedback(
        score=graded.score,
        scores=graded.scores,
        diff=diffs,
        reference=gold.result,
        explanations=explanations,
        section=section,
    )
    return view, graded.score, graded.scores


def answer_practice(
    db: Session, actor: Actor, project_id: int, item_id: int, result: Any
) -> PracticeFeedback:
    access = project_access(db, actor, project_id)
    project = access.project
    refuse_if_archived(project.archived_at, "practising")
    item, gold = _practice_item(db, project_id, item_id)
    schema = load_schema(project.schema)
    answer = validated(schema, result, item.data)
    view, score, scores = feedback(db, project, schema, item, gold, answer)
    version = training_path.guideline(db, project_id, actor.id).version_id
    db.add(
        PracticeAnswer(
            project_id=project_id,
            user_id=actor.id,
            item_id=item_id,
            result=answer,
            score=score,
            scores=scores,
            guideline_version_id=version,
            created_at=clock.now(),
        )
    )
    return view


def honeypot_feedback(
    db: Session, project_id: int, item_id: int, result: dict[str, Any]
) -> PracticeFeedback | None:
    """Feedback on a submitted honeypot answer, for the save path to return when the project's
    ``honeypot_feedback`` is on (None otherwise, or when the item has no gold)."""
    project = db.get(Project, project_id)
    if project is None or not read_settings(project.training).honeypot_feedback:
        return None
    row = db.execute(select(Item, Gold).join(Gold, Gold.item_id == Item.id).where(Item.id == item_id)).first()
    if row is None:
        return None
    return feedback(db, project, load_schema(project.schema), row.Item, row.Gold, result)[0]
