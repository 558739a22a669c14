"""Projects, schema validation, archiving and deletion."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from goldlabel.api.deps import ActorDep, DatabaseDep, DbId, SettingsDep
from goldlabel.controls.schema import ProjectSchema
from goldlabel.services import project_lifecycle, projects
from goldlabel.services.consensus_settings import ConsensusSettings
from goldlabel.services.projects import Order, SchemaEdit
from goldlabel.services.training_settings import TrainingSettings
from goldlabel.services.views import DeletionPreview, ProjectView
from goldlabel.services.workload import WorkloadSettings

router = APIRouter(prefix="/api", tags=["projects"])

MAX_LABEL_CONFIG_CHARS = 200_000


class SchemaIn(BaseModel):
    schema_: dict[str, Any] | None = Field(default=None, alias="schema")
    label_config: str | None = Field(default=None, max_length=MAX_LABEL_CONFIG_CHARS)
    # Set apart from the schema (the new-project form's fields); they override the schema's.
    overlap: int | None = Field(default=None, ge=1, le=100)
    order: Order | None = None

    def parsed(self) -> projects.ParsedSchema:
        return projects.parse_schema(self.schema_, self.label_config, overlap=self.overlap, order=self.order)


class ProjectIn(SchemaIn):
    name: str = Field(max_length=200)
    description: str = Field(default="", max_length=20_000)


class ProjectPatch(SchemaIn):
    name: str | None = Field(default=None, max_length=200)
    description: str | None = Field(default=None, max_length=20_000)
    # With a new schema: control renames {old: new}, and option/label renames per control
    # (its new name) {control: {old: new}}; answers are migrated to the new names.
    control_renames: dict[str, str] = Field(default_factory=dict)
    renames: dict[str, dict[str, str]] = Field(default_factory=dict)
    # Apply a schema change even though it changes stored annotations (else 409 with counts).
    force: bool = False
    # Training settings to change; fields left out keep their stored values.
    training: TrainingSettings | None = None
    # Serve annotators the newest model prediction per control as their starting answer.
    show_predictions: bool | None = None
    # Consensus, overlap policy and review sampling; fields left out keep their stored values.
    consensus: ConsensusSettings | None = None
    # Per-annotator caps; fields left out keep their stored values.
    workload: WorkloadSettings | None = None

    def edit(self) -> SchemaEdit | None:
        given = self.schema_ is not None or self.label_config is not None
        if not given and self.overlap is None and self.order is None:
            return None
        return SchemaEdit(
            schema=self.parsed() if given else None,
            overlap=self.overlap,
            order=self.order,
            control_renames=self.control_renames,
            option_renames=self.renames,
            force=self.force,
        )


class SchemaOut(BaseModel):
    model_config = ConfigDict(serialize_by_alias=True)

    schema_: ProjectSchema = Field(alias="schema")
    # What a Label Studio config's conversion ignored (attributes, per tag, by name).
    warnings: list[str] = []


class DeleteIn(BaseModel):
    confirm: str = Field(max_length=400, description="the project's name")


@router.get("/projects")
async def list_projects(actor: ActorDep, database: DatabaseDep) -> list[ProjectView]:
    return await database.run(lambda db: projects.list_projects(db, actor))


@router.post("/projects", status_code=201)
async def create_project(body: ProjectIn, actor: ActorDep, database: DatabaseDep) -> ProjectView:
    parsed = await run_in_threadpool(body.parsed)  # a Label Studio config takes up to ~10 ms
    return await database.run(
        lambda db: projects.create_project(
            db,
            actor,
            name=body.name,
            # A Label Studio config's constant <Text> tags (instructions) when none is given.
            description=body.description or parsed.instructions,
            schema=parsed.schema,
            label_config=parsed.label_config,
        ),
        write=True,
    )


@router.post("/schema/validate")
async def validate_schema(body: SchemaIn, _actor: ActorDep) -> SchemaOut:
    parsed = await run_in_threadpool(body.parsed)
    return SchemaOut(schema=parsed.schema, warnings=parsed.warnings)


@router.get("/projects/{project_id}")
async def get_project(project_id: DbId, actor: ActorDep, database: DatabaseDep) -> ProjectView:
    return await database.run(lambda db: projects.get_project(db, actor, project_id))


@router.patch("/projects/{project_id}")
async def update_project(
    project_id: DbId, body: ProjectPatch, actor: ActorDep, database: DatabaseDep
) -> ProjectView:
    # A new schema or queue settings rewrite the project's items and annotations: on a worker
    # thread. A new name or description is a short write.
    edit = await run_in_threadpool(body.edit)
    return await database.run(
        lambda db: projects.update_project(
            db,
            actor,
            project_id,
            name=body.name,
            description=body.description,
            edit=edit,
            training=body.training.model_dump(exclude_unset=True) if body.training is not None else None,
            show_predictions=body.show_predictions,
            consensus=body.consensus.model_dump(exclude_unset=True) if body.consensus is not None else None,
            workload=body.workload.model_dump(exclude_unset=True) if body.workload is not None else None,
        ),
        write=True,
        long=edit is not None,
    )


@router.post("/projects/{project_id}/archive")
async def archive_project(project_id: DbId, actor: ActorDep, database: DatabaseDep) -> ProjectView:
    return await database.run(
        lambda db: projects.archive_project(db, actor, project_id, archived=True), write=True
    )


@router.post("/projects/{project_id}/unarchive")
async def unarchive_project(project_id: DbId, actor: ActorDep, database: DatabaseDep) -> ProjectView:
    return await database.run(
        lambda db: projects.archive_project(db, actor, project_id, archived=False), write=True
    )


@router.get("/projects/{project_id}/deletion")
async def deletion_preview(
    project_id: DbId, actor: ActorDep, database: DatabaseDep, settings: SettingsDep
) -> DeletionPreview:
    # On a worker thread: it counts the project's rows and walks its media folder.
    return await database.run(
        lambda db: project_lifecycle.deletion_preview(db, actor, project_id, settings.media_dir), long=True
    )


@router.delete("/projects/{project_id}", status_code=204)
async def delete_project(
    project_id: DbId, body: DeleteIn, actor: ActorDep, database: DatabaseDep, settings: SettingsDep
) -> None:
    def delete() -> None:
        """On a worker thread: every row of the project goes in one transaction, then its media."""
        with (
            project_lifecycle.MediaRemoval(settings.media_dir, project_id) as media,
            database.session(write=True) as db,
        ):
            project_lifecycle.delete_project(db, actor, project_id, confirm=body.confirm)
            media.stash()

    await run_in_threadpool(delete)
