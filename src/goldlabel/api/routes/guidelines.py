"""The project's guideline: the published version with its examples, the draft, publishing,
versions and their diff, acknowledgements, and examples (``services.guidelines`` and
``services.guideline_examples``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from goldlabel.api.deps import ActorDep, DatabaseDep, DbId
from goldlabel.core.limits import MAX_DB_ID
from goldlabel.services import guideline_examples, guidelines
from goldlabel.services.guideline_examples import MAX_EXPLANATION_CHARS
from goldlabel.services.guideline_text import MAX_GUIDELINE_CHARS
from goldlabel.services.guideline_views import (
    Acknowledgement,
    AcknowledgementReport,
    DraftView,
    ExampleKind,
    ExampleView,
    GuidelineDiff,
    Level,
    PublishedGuideline,
    PublishedVersion,
    VersionDetail,
    VersionView,
)

router = APIRouter(prefix="/api/projects/{project_id}/guideline", tags=["guidelines"])

VersionId = Annotated[int, Query(ge=1, le=MAX_DB_ID)]


class DraftIn(BaseModel):
    markdown: str = Field(max_length=MAX_GUIDELINE_CHARS)


class PublishIn(BaseModel):
    level: Level
    note: str = Field(default="", max_length=20_000)


class AcknowledgeIn(BaseModel):
    version: Annotated[int, Field(ge=1, le=MAX_DB_ID)] | Annotated[str, Field(max_length=40)] = Field(
        description='the version\'s id, or its name ("2.1")'
    )


class ExampleIn(BaseModel):
    kind: ExampleKind
    section: str = Field(max_length=200, description="anchor of the section it illustrates")
    control: str | None = Field(default=None, max_length=64)
    label: str | None = Field(default=None, max_length=200)
    wrong_result: dict[str, Any] | None = Field(default=None, description="a counterexample's wrong answer")
    explanation: str = Field(default="", max_length=MAX_EXPLANATION_CHARS)
    reference: dict[str, Any] | None = Field(
        default=None,
        description="the right answer, when the item is not yet gold: it becomes gold of the example set",
    )


@router.get("")
async def get_guideline(project_id: DbId, actor: ActorDep, database: DatabaseDep) -> PublishedGuideline:
    """The latest published version (any member), its sections and examples; 404 `no_guideline`
    before the first publication."""
    return await database.run(lambda db: guidelines.published(db, actor, project_id))


@router.get("/draft")
async def get_draft(project_id: DbId, actor: ActorDep, database: DatabaseDep) -> DraftView:
    return await database.run(lambda db: guidelines.get_draft(db, actor, project_id))


@router.put("/draft")
async def put_draft(project_id: DbId, body: DraftIn, actor: ActorDep, database: DatabaseDep) -> DraftView:
    return await database.run(
        lambda db: guidelines.save_draft(db, actor, project_id, body.markdown), write=True
    )


@router.post("/publish", status_code=201)
async def publish(
    project_id: DbId, body: PublishIn, actor: ActorDep, database: DatabaseDep
) -> PublishedVersion:
    """Publish the draft: 1.0 first, then `major` (x+1.0) or `minor` (x.y+1)."""
    return await database.run(
        lambda db: guidelines.publish(db, actor, project_id, level=body.level, note=body.note), write=True
    )


@router.get("/versions")
async def list_versions(project_id: DbId, actor: ActorDep, database: DatabaseDep) -> list[VersionView]:
    return await database.run(lambda db: guidelines.list_versions(db, actor, project_id))


@router.get("/versions/{version_id}")
async def get_version(
    project_id: DbId, version_id: DbId, actor: ActorDep, database: DatabaseDep
) -> VersionDetail:
    return await database.run(lambda db: guidelines.get_version(db, actor, project_id, version_id))


@router.get("/compare")
async def compare(
    project_id: DbId,
    actor: ActorDep,
    database: DatabaseDep,
    from_: Annotated[int, Query(alias="from", ge=1, le=MAX_DB_ID)],
    to: VersionId,
) -> GuidelineDiff:
    """The line diff between two published versions (`from` → `to`) and the sections it touches."""
    return await database.run(lambda db: guidelines.compare(db, actor, project_id, from_, to), long=True)


@router.post("/acknowledge")
async def acknowledge(
    project_id: DbId, body: AcknowledgeIn, actor: ActorDep, database: DatabaseDep
) -> Acknowledgement:
    return await database.run(
        lambda db: guidelines.acknowledge(db, actor, project_id, body.version), write=True
    )


@router.get("/acknowledgements")
async def acknowledgements(project_id: DbId, actor: ActorDep, database: DatabaseDep) -> AcknowledgementReport:
    return await database.run(lambda db: guidelines.acknowledgements(db, actor, project_id))


@router.put("/examples/{item_id}")
async def put_example(
    project_id: DbId, item_id: DbId, body: ExampleIn, actor: ActorDep, database: DatabaseDep
) -> ExampleView:
    return await database.run(
        lambda db: guideline_examples.put_example(
            db,
            actor,
            project_id,
            item_id,
            kind=body.kind,
            section=body.section,
            control=body.control,
            label=body.label,
            wrong_result=body.wrong_result,
            explanation=body.explanation,
            reference=body.reference,
        ),
        write=True,
    )


@router.delete("/examples/{item_id}", status_code=204)
async def delete_example(project_id: DbId, item_id: DbId, actor: ActorDep, database: DatabaseDep) -> Response:
    await database.run(
        lambda db: guideline_examples.delete_example(db, actor, project_id, item_id), write=True
    )
    return Response(status_code=204)
