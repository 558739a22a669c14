"""From disagreement to guidelines: ranked ambiguous cases, a case made a question or a
guideline example in one step, and agreement on the affected labels after a guideline version.
Reviewers and managers (making an example: managers, who own the guideline)."""

from __future__ import annotations

from typing import Annotated, Any, TypedDict

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from goldlabel.api.deps import ActorDep, DatabaseDep, DbId, PageNumber, PageSize
from goldlabel.core.errors import InvalidInput
from goldlabel.core.limits import MAX_DB_ID
from goldlabel.services import guideline_examples, questions
from goldlabel.services.disagreements import actions, cases, impact
from goldlabel.services.disagreements.views import CaseExample, CaseQuestion, DisagreementReport, Impact
from goldlabel.services.guideline_views import ExampleKind

router = APIRouter(prefix="/api/projects/{project_id}/disagreements", tags=["disagreements"])

Label = Annotated[str, Field(min_length=1, max_length=200)]


class CaseArgs(TypedDict):
    """The case and item an action is on, as the services take them."""

    control: str
    label_a: str
    label_b: str
    item_id: int | None


class CaseRef(BaseModel):
    control: str = Field(min_length=1, max_length=64)
    label_a: Label
    label_b: Label
    item_id: int | None = Field(
        default=None, ge=1, le=MAX_DB_ID, description="one of the case's items; its most split one by default"
    )

    def case_args(self) -> CaseArgs:
        return {
            "control": self.control,
            "label_a": self.label_a,
            "label_b": self.label_b,
            "item_id": self.item_id,
        }


class CaseQuestionIn(CaseRef):
    text: str | None = Field(
        default=None, max_length=questions.MAX_QUESTION_CHARS, description="the confusion in words by default"
    )


class CaseExampleIn(CaseRef):
    correct: Label = Field(description="which of the two labels is right on this item")
    kind: ExampleKind = "example"
    section: str = Field(max_length=200, description="anchor of the guideline section it illustrates")
    explanation: str | None = Field(default=None, max_length=guideline_examples.MAX_EXPLANATION_CHARS)
    reference: dict[str, Any] | None = Field(
        default=None, description="the whole right answer; the item's final label with `correct` by default"
    )
    wrong_result: dict[str, Any] | None = Field(
        default=None,
        description="a counterexample's wrong answer; the reference with the other label by default",
    )


@router.get("")
async def ranked_cases(
    project_id: DbId, actor: ActorDep, database: DatabaseDep, page: PageNumber = 1, page_size: PageSize = 20
) -> DisagreementReport:
    """Reviewers and managers: the label pairs annotators confuse, ranked (score = (splits +
    rejections) × spread, see docs/API.md), one page of them; reviewer rejections by guideline
    section; the labels and items with the lowest agreement."""
    # On a worker thread: the first read after new submissions computes over the whole project.
    return await run_in_threadpool(cases.report, database, actor, project_id, page=page, page_size=page_size)


@router.post("/question", status_code=201)
async def ask_question(
    project_id: DbId, body: CaseQuestionIn, actor: ActorDep, database: DatabaseDep
) -> CaseQuestion:
    """Reviewers and managers: one step from a case to an open question about one of its items,
    its text the confusion in words unless given."""
    return await run_in_threadpool(
        actions.ask,
        database,
        actor,
        project_id,
        **body.case_args(),
        text=body.text,
    )


@router.post("/example", status_code=201)
async def make_example(
    project_id: DbId, body: CaseExampleIn, actor: ActorDep, database: DatabaseDep
) -> CaseExample:
    """Managers: one step from a case to a guideline example or counterexample on one of its
    items (a never-served copy when annotators were served it), the reference being its final
    label with the right label of the two."""
    return await run_in_threadpool(
        actions.make_example,
        database,
        actor,
        project_id,
        **body.case_args(),
        correct=body.correct,
        kind=body.kind,
        section=body.section,
        explanation=body.explanation,
        reference=body.reference,
        wrong_result=body.wrong_result,
    )


def _labels(values: list[str]) -> list[tuple[str, str]]:
    parsed = []
    for value in values:
        control, sep, label = value.partition(":")
        if not sep or not control or not label:
            raise InvalidInput("each label is written control:label", field="labels")
        parsed.append((control, label))
    return parsed


@router.get("/impact")
async def guideline_impact(
    project_id: DbId,
    actor: ActorDep,
    database: DatabaseDep,
    guideline_version: Annotated[int, Query(ge=1, le=MAX_DB_ID)],
    labels: Annotated[list[Annotated[str, Field(max_length=300)]], Query(max_length=impact.MAX_LABELS)] = [],  # noqa: B006
) -> Impact:
    """Reviewers and managers: agreement on the affected labels (``labels=control:label``,
    repeated; else both labels of every case made a question or an example) among annotations
    saved under an earlier guideline version against those saved under this one or later,
    with counts and bootstrap intervals."""
    chosen = _labels(labels)
    # On a worker thread: reads every submitted annotation of the project.
    return await run_in_threadpool(
        lambda: impact.impact(
            database, actor, project_id, version_id=guideline_version, labels=chosen or None
        )
    )
