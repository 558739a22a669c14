"""Examples and counterexamples in the guideline: gold items of the ``example`` set, attached to
a section (by anchor) and optionally to a control's label or option.

An example shows its reference answer (the item's gold result) and why it is right; a
counterexample also keeps a wrong answer, the one a careless annotator would give, shown beside
the reference with why it is wrong. Only gold of the ``example`` set is ever read here: practice,
exam and honeypot answers never reach the guideline.

The item must already be gold in the ``example`` set; a manager may instead send the reference
with the example, and the item becomes example gold here (``_make_example_gold``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from goldlabel.controls.schema import ProjectSchema, ResultError, load_schema, validate_result
from goldlabel.core.errors import Conflict, ErrorCode, InvalidInput, NotFound
from goldlabel.db.models import (
    Gold,
    GoldSet,
    GuidelineDraft,
    GuidelineExample,
    GuidelineVersion,
    Item,
    utcnow,
)
from goldlabel.services import guideline_text
from goldlabel.services.access import Actor, project_access
from goldlabel.services.guideline_views import ExampleKind, ExampleView
from goldlabel.services.project_lifecycle import refuse_if_archived

MAX_EXPLANATION_CHARS = 20_000


def list_examples(db: Session, project_id: int) -> list[ExampleView]:
    """Every example of the project with its item's data and answers (example gold only)."""
    rows = db.execute(
        select(GuidelineExample, Item.data, Gold.result)
        .join(Gold, Gold.item_id == GuidelineExample.item_id)
        .join(Item, Item.id == GuidelineExample.item_id)
        .where(
            GuidelineExample.project_id == project_id,
            Item.project_id == project_id,
            Item.gold_set == GoldSet.EXAMPLE.value,
        )
        .order_by(GuidelineExample.section, GuidelineExample.kind, GuidelineExample.item_id)
    ).all()
    return [_view(ex, data, reference) for ex, data, reference in rows]


def _view(ex: GuidelineExample, data: dict[str, Any], reference: dict[str, Any]) -> ExampleView:
    return ExampleView(
        item_id=ex.item_id,
        data=data,
        kind="counterexample" if ex.kind == "counterexample" else "example",
        section=ex.section,
        control=ex.control,
        label=ex.label,
        reference=reference,
        wrong_result=ex.wrong_result,
        explanation=ex.explanation,
    )


def put_example(
    db: Session,
    actor: Actor,
    project_id: int,
    item_id: int,
    *,
    kind: ExampleKind,
    section: str,
    control: str | None,
    label: str | None,
    wrong_result: dict[str, Any] | None,
    explanation: str,
    reference: dict[str, Any] | None = None,
) -> ExampleView:
    """Attach (or re-attach) an item of the project to the guideline as an example."""
    access = project_access(db, actor, project_id, minimum="manager")
    refuse_if_archived(access.project.archived_at, "editing the guideline")
    item = db.get(Item, item_id)
    if item is None or item.project_id != project_id:
        raise NotFound("item not found")
    schema = load_schema(access.project.schema)
    if len(explanation) > MAX_EXPLANATION_CHARS:
        raise InvalidInput(f"an explanation holds at most {MAX_EXPLANATION_CHARS} characters")
    _check_section(db, project_id, section)
    _check_label(schema, control, label)
    if reference is not None:
        gold = _make_example_gold(db, actor, item, _valid(schema, reference, item.data, "reference", True))
    else:
        found = db.get(Gold, item_id) if item.gold_set == GoldSet.EXAMPLE.value else None
        if found is None:
            raise InvalidInput(
                "this item is not gold of the example set; mark it gold (set 'example') first, "
                "or send its reference answer with the example",
                code=ErrorCode.NOT_EXAMPLE_GOLD,
            )
        gold = found
    wrong = _check_wrong(schema, kind, wrong_result, item.data, gold.result)
    example = db.get(GuidelineExample, item_id)
    if example is None:
        example = GuidelineExample(item_id=item_id, project_id=project_id, created_at=utcnow())
        db.add(example)
    example.kind, example.section, example.control, example.label = kind, section, control, label
    example.wrong_result, example.explanation = wrong, explanation
    db.flush()
    return _view(example, item.data, gold.result)


def delete_example(db: Session, actor: Actor, project_id: int, item_id: int) -> None:
    """Take the item out of the guideline (it stays gold; DELETE its gold to undo that too)."""
    access = project_access(db, actor, project_id, minimum="manager")
    refuse_if_archived(access.project.archived_at, "editing the guideline")
    gone = db.connection().execute(
        delete(GuidelineExample).where(
            GuidelineExample.item_id == item_id, GuidelineExample.project_id == project_id
        )
    )
    if gone.rowcount == 0:
        raise NotFound("example not found")


def _check_section(db: Session, project_id: int, section: str) -> None:
    """The anchor must name a heading of the draft or of the latest published version."""
    draft = db.scalar(select(GuidelineDraft.markdown).where(GuidelineDraft.project_id == project_id))
    latest = db.scalar(
        select(GuidelineVersion.markdown)
        .where(GuidelineVersion.project_id == project_id)
        .order_by(GuidelineVersion.major.desc(), GuidelineVersion.minor.desc())
        .limit(1)
    )
    known = guideline_text.anchors(draft or "") | guideline_text.anchors(latest or "")
    if section not in known:
        raise InvalidInput(
            f"no section with the anchor {section!r} in the guideline's draft or latest version",
            field="section",
        )


def _check_label(schema: ProjectSchema, control: str | None, label: str | None) -> None:
    if control is None:
        if label is not None:
            raise InvalidInput("a label belongs to a control: name the control too", field="label")
        return
    spec = schema.control(control)
    if spec is None:
        raise InvalidInput(f"no control named {control!r} in the project's schema", field="control")
    if label is not None and label not in spec.vocabulary():
        raise InvalidInput(f"the control {control!r} has no label or option {label!r}", field="label")


def _valid(
    schema: ProjectSchema, result: Any, data: dict[str, Any], what: str, complete: bool
) -> dict[str, Any]:
    """The same validation as a saved annotation (``validate_result``), naming the control."""
    try:
        return validate_result(schema, result, data, complete=complete)
    except ResultError as exc:
        raise InvalidInput(
            f"{what}: {exc.message}", code=ErrorCode.INVALID_RESULT, control=exc.control, field=what
        ) from None


def _check_wrong(
    schema: ProjectSchema,
    kind: ExampleKind,
    wrong_result: dict[str, Any] | None,
    data: dict[str, Any],
    reference: dict[str, Any],
) -> dict[str, Any] | None:
    if kind == "example":
        if wrong_result is not None:
            raise InvalidInput("only a counterexample has a wrong answer", field="wrong_result")
        return None
    if wrong_result is None:
        raise InvalidInput("a counterexample shows a wrong answer: send wrong_result", field="wrong_result")
    wrong = _valid(schema, wrong_result, data, "wrong_result", False)
    if wrong == reference:
        raise InvalidInput("the wrong answer is the same as the reference", field="wrong_result")
    return wrong


def _make_example_gold(db: Session, actor: Actor, item: Item, reference: dict[str, Any]) -> Gold:
    """Make the item gold of the example set with this reference (a stand-in for the gold
    service's route, ``PUT /api/items/{id}/gold``, for a manager writing the guideline). Gold of
    another set is never turned into an example here: its answers must stay hidden."""
    if item.gold_set not in (None, GoldSet.EXAMPLE.value):
        raise InvalidInput(
            f"this item is gold of the {item.gold_set} set; an example must be gold of the example set",
            code=ErrorCode.NOT_EXAMPLE_GOLD,
        )
    if item.gold_set is None and item.claimed > 0:
        raise Conflict("this item was already served to annotators; pick another item for the example")
    now = utcnow()
    gold = db.get(Gold, item.id)
    if gold is None:
        gold = Gold(
            item_id=item.id,
            project_id=item.project_id,
            source="manual",
            explanations={},
            created_by=actor.id or None,
            created_at=now,
        )
        db.add(gold)
    gold.result, gold.updated_at = reference, now
    item.gold_set, item.open = GoldSet.EXAMPLE.value, False  # gold is never served as production
    db.flush()
    return gold
