"""An answered question becomes, in one step, an example or counterexample in the guideline
draft (``POST /api/questions/{id}/to-example``), through the guideline's example service
(``guideline_examples.put_example``: the section, label, reference and wrong answer are checked
there, the item becomes gold of the ``example`` set).

The item the question is about is used as it is when it is already example gold, or when no
annotator was ever served it. An item annotators were served stays in production: a copy of it
(same data, never served: gold from the start, ``meta.copied_from_item`` naming the original)
becomes the example, so the guideline never shows the answer of an item still being labeled.
Gold of the practice, exam or honeypot sets never becomes an example, nor a copy of it: its
answer must stay hidden (the manager is told; the asker never learns anything of it).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from goldlabel.core.errors import Conflict, ErrorCode, InvalidInput
from goldlabel.db.models import GoldSet, Item, Project
from goldlabel.services import guideline_examples
from goldlabel.services.access import Actor
from goldlabel.services.feedback_views import QuestionExample
from goldlabel.services.guideline_views import ExampleKind
from goldlabel.services.project_lifecycle import refuse_if_archived
from goldlabel.services.questions import question_access


def to_example(
    db: Session,
    actor: Actor,
    question_id: int,
    *,
    kind: ExampleKind,
    section: str,
    reference: dict[str, Any],
    explanation: str | None,
    wrong_result: dict[str, Any] | None,
    control: str | None,
    label: str | None,
) -> QuestionExample:
    question, access = question_access(db, actor, question_id, "manager")
    refuse_if_archived(access.project.archived_at, "editing the guideline")
    item = db.get(Item, question.item_id) if question.item_id is not None else None
    if item is None:
        raise Conflict("the item this question was about has been deleted")
    if item.gold_set not in (None, GoldSet.EXAMPLE.value):
        raise InvalidInput(
            f"this item is gold of the {item.gold_set} set: its answer must stay hidden, so it cannot "
            "be shown in the guideline; pick another item for the example",
            code=ErrorCode.NOT_EXAMPLE_GOLD,
        )
    text = (explanation or "").strip() or (question.answer or "").strip()
    if not text:
        raise InvalidInput("write the explanation (or answer the question first)", field="explanation")
    target = example_target(db, item)
    example = guideline_examples.put_example(
        db,
        actor,
        question.project_id,
        target.id,
        kind=kind,
        section=section,
        control=control,
        label=label,
        wrong_result=wrong_result,
        explanation=text,
        reference=reference,
    )
    return QuestionExample(question_id=question.id, copied=target.id != item.id, example=example)


def example_target(db: Session, item: Item) -> Item:
    """The item an example of ``item`` is made on: the item itself when it is example gold
    already or was never served, else a never-served copy (also used by ``disagreements``)."""
    return item if item.gold_set == GoldSet.EXAMPLE.value or item.claimed == 0 else _copy(db, item)


def _copy(db: Session, item: Item) -> Item:
    """A never-served copy of the item (closed from the start: it becomes gold at once)."""
    copy = Item(
        project_id=item.project_id,
        external_id=None,
        data=item.data,
        meta={"copied_from_item": item.id},
        rank=item.rank,
        claimed=0,
        open=False,
        submitted_count=0,
    )
    db.add(copy)
    db.flush()
    db.execute(update(Project).where(Project.id == item.project_id).values(item_count=Project.item_count + 1))
    return copy
