"""A case becomes, in one step, a question in the project's queue or a guideline example.

Question (reviewers and managers): asked about one of the case's items through
``questions.ask`` — open in the questions queue for whoever keeps the guideline — with the
confusion written out as its text unless the caller wrote one.

Example (managers: they own the guideline): the item becomes an example or counterexample
through ``guideline_examples.put_example``, on the item itself or, since annotators were served
it, on a never-served copy (``question_examples.example_target``: the rule answered questions
follow, so the guideline never shows the answer of an item still being labelled). The reference
is the item's final label (``final_labels``, else the consensus of its answers) with the case's
control set to the label the caller says is right; a counterexample's wrong answer is that
reference with the other label. Either can be sent instead.

Both record a ``DisagreementAction`` naming the label pair, which ``impact`` reads.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from goldlabel.controls.base import ControlSpec
from goldlabel.controls.schema import load_schema
from goldlabel.core.errors import InvalidInput, NotFound
from goldlabel.db.engine import Database
from goldlabel.db.models import Annotation, DisagreementAction, FinalLabel, Item
from goldlabel.services import guideline_examples, question_examples, questions
from goldlabel.services.access import Actor, project_access
from goldlabel.services.disagreements.cases import action_view, find_case
from goldlabel.services.disagreements.labels import kind_of, regions
from goldlabel.services.disagreements.views import Case, CaseExample, CaseQuestion
from goldlabel.services.feedback_views import QueuedQuestion
from goldlabel.services.guideline_views import ExampleKind
from goldlabel.services.project_lifecycle import refuse_if_archived
from goldlabel.services.quality.consensus import ConsensusModel


def _case_item(case: Case, item_id: int | None) -> int:
    if item_id is None:
        return case.items[0].item_id
    if item_id not in {i.item_id for i in case.items}:
        raise InvalidInput("this item is not one of the case's items", field="item_id")
    return item_id


def question_text(case: Case, item_id: int) -> str:
    """The confusion in words, as the question's prefilled text."""
    item = next(i for i in case.items if i.item_id == item_id)
    return (
        f"Ambiguous case on “{case.control}”: annotators split between “{case.label_a}” and "
        f"“{case.label_b}” on this item ({item.count_a}× {case.label_a}, {item.count_b}× {case.label_b} "
        f"of {item.n_answers} answers). Across the project these labels were confused on {case.n_items} "
        f"item(s) by {case.n_annotators} annotator(s). "
        "Which is right here, and what should the guideline say?"
    )


def ask(
    database: Database,
    actor: Actor,
    project_id: int,
    *,
    control: str,
    label_a: str,
    label_b: str,
    item_id: int | None,
    text: str | None,
) -> CaseQuestion:
    case = find_case(database, actor, project_id, control, label_a, label_b)
    target = _case_item(case, item_id)
    body = (text or "").strip() or question_text(case, target)
    with database.session(write=True) as db:
        project_access(db, actor, project_id, minimum="reviewer")
        view = questions.ask(db, actor, target, text=body, section=None)
        action = DisagreementAction(
            project_id=project_id,
            control=case.control,
            label_a=case.label_a,
            label_b=case.label_b,
            kind="question",
            item_id=target,
            question_id=view.id,
            created_by=actor.id,
        )
        db.add(action)
        db.flush()
        return CaseQuestion(
            action=action_view(action),
            question=QueuedQuestion(**view.model_dump(), asker=actor.email, answered_by=None),
        )


def _base_result(
    database: Database, project_id: int, item_id: int, controls: list[ControlSpec]
) -> dict[str, Any]:
    """The item's final label, else the consensus of its submitted answers."""
    with database.session() as db:
        final = db.get(FinalLabel, item_id)
        if final is not None and final.project_id == project_id:
            return dict(final.result)
    from goldlabel.services.quality import consensus_model

    model: ConsensusModel = consensus_model(database, project_id)
    with database.session() as db:
        answers: dict[str, list[Any]] = {}
        for (result,) in db.execute(
            select(Annotation.result)
            .where(Annotation.item_id == item_id, Annotation.status == "submitted")
            .order_by(Annotation.id)
        ):
            for name, value in result.items():
                if value is not None:
                    answers.setdefault(name, []).append(value)
        data = db.scalar(select(Item.data).where(Item.id == item_id)) or {}
    return {name: c.value for name, c in model.item(item_id, answers, data).items()}


def _answers(database: Database, item_id: int, control: str) -> list[Any]:
    with database.session() as db:
        rows = db.execute(
            select(Annotation.result)
            .where(Annotation.item_id == item_id, Annotation.status == "submitted")
            .order_by(Annotation.id)
        )
        return [r[control] for (r,) in rows if r.get(control) is not None]


def relabel(spec: ControlSpec, value: Any, old: str, new: str, answers: list[Any]) -> Any:
    """``value`` with ``old`` replaced by ``new`` for the case's control: a single choice or a
    rating becomes ``new``; a multiple choice swaps the option; regions labelled ``old`` that
    overlap (IoU ≥ 0.5) a region some annotator labelled ``new`` take ``new``."""
    if spec.type == "rating":
        return int(new)
    if spec.type == "choices":
        if not getattr(spec, "multiple", False):
            return new
        options = spec.vocabulary()
        chosen = (set(value if isinstance(value, list) else []) - {old}) | {new}
        return [o for o in options if o in chosen]
    from goldlabel.quality.disagreement import box_iou, interval_iou

    kind = kind_of(spec)
    if kind not in ("intervals", "boxes") or not isinstance(value, list):
        raise InvalidInput(
            f"cannot build the answer for a {spec.type} control: send reference (and wrong_result)",
            field="reference",
        )
    iou = box_iou if kind == "boxes" else interval_iou
    targets = [g for answer in answers for g, label in regions(spec, answer) if label == new]
    out = []
    for region, (geometry, label) in zip(value, regions(spec, value), strict=False):
        if label == old and any(iou(geometry, t) >= 0.5 for t in targets):
            region = {**region, "label": new}
        out.append(region)
    return out


def make_example(
    database: Database,
    actor: Actor,
    project_id: int,
    *,
    control: str,
    label_a: str,
    label_b: str,
    item_id: int | None,
    correct: str,
    kind: ExampleKind,
    section: str,
    explanation: str | None,
    reference: dict[str, Any] | None,
    wrong_result: dict[str, Any] | None,
) -> CaseExample:
    with database.session() as db:  # the guideline is the managers': refuse early, before any work
        access = project_access(db, actor, project_id, minimum="manager")
        schema = load_schema(access.project.schema)
    case = find_case(database, actor, project_id, control, label_a, label_b)
    spec = schema.control(case.control)
    if spec is None:
        raise NotFound("no such ambiguous case: its control is gone")
    if correct not in (case.label_a, case.label_b):
        raise InvalidInput("the right label must be one of the case's two labels", field="correct")
    wrong = case.label_b if correct == case.label_a else case.label_a
    target_id = _case_item(case, item_id)
    if reference is None:
        answers = _answers(database, target_id, case.control)
        base = _base_result(database, project_id, target_id, list(schema.controls))
        reference = {**base, case.control: relabel(spec, base.get(case.control), wrong, correct, answers)}
        if kind == "counterexample" and wrong_result is None:
            swapped = relabel(spec, reference[case.control], correct, wrong, answers)
            wrong_result = {**reference, case.control: swapped}
    text = (explanation or "").strip() or (
        f"Annotators confused “{case.label_a}” and “{case.label_b}” on this item: "
        f"the right answer is “{correct}”."
    )
    with database.session(write=True) as db:
        access = project_access(db, actor, project_id, minimum="manager")
        refuse_if_archived(access.project.archived_at, "editing the guideline")
        item = db.get(Item, target_id)
        if item is None or item.project_id != project_id:
            raise NotFound("item not found")
        target = question_examples.example_target(db, item)
        example = guideline_examples.put_example(
            db,
            actor,
            project_id,
            target.id,
            kind=kind,
            section=section,
            control=case.control,
            label=correct if correct in spec.vocabulary() else None,
            wrong_result=wrong_result if kind == "counterexample" else None,
            explanation=text,
            reference=reference,
        )
        action = DisagreementAction(
            project_id=project_id,
            control=case.control,
            label_a=case.label_a,
            label_b=case.label_b,
            kind="example",
            item_id=item.id,
            example_item_id=target.id,
            created_by=actor.id,
        )
        db.add(action)
        db.flush()
        return CaseExample(action=action_view(action), copied=target.id != item.id, example=example)
