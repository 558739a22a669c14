"""Projects and schema validation."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from goldlabel.api.deps import ActorDep, DatabaseDep, DbId
from goldlabel.controls.schema import ProjectSchema
from goldlabel.services import projects
from goldlabel.services.views import ProjectView

router = APIRouter(prefix="/api", tags=["projects"])


class ProjectIn(BaseModel):
    name: str = Field(max_length=200)
    description: str = Field(default="", max_length=20_000)
    schema_: dict[str, Any] | None = Field(default=None, alias="schema")
    label_config: str | None = Field(default=None, max_length=200_000)


class ProjectPatch(BaseModel):
    name: str | None = Field(default=None, max_length=200)
    description: str | None = Field(default=None, max_length=20_000)
    schema_: dict[str, Any] | None = Field(default=None, alias="schema")
    label_config: str | None = Field(default=None, max_length=200_000)


class SchemaIn(BaseModel):
    schema_: dict[str, Any] | None = Field(default=None, alias="schema")
    label_config: str | None = Field(default=None, max_length=200_000)


class SchemaOut(BaseModel):
    model_config = ConfigDict(serialize_by_alias=True)

    schema_: ProjectSchema = Field(alias="schema")


@router.get("/projects")
def list_projects(actor: ActorDep, database: DatabaseDep) -> list[ProjectView]:
    with database.session() as db:
        return projects.list_projects(db, actor)


@router.post("/projects", status_code=201)
def create_project(body: ProjectIn, actor: ActorDep, database: DatabaseDep) -> ProjectView:
    schema = projects.parse_schema(body.schema_, body.label_config)
    with database.session(write=True) as db:
        return projects.create_project(db, actor, name=body.name, description=body.description, schema=schema)


@router.post("/schema/validate")
def validate_schema(body: SchemaIn, _actor: ActorDep) -> SchemaOut:
    return SchemaOut(schema=projects.parse_schema(body.schema_, body.label_config))


@router.get("/projects/{project_id}")
def get_project(project_id: DbId, actor: ActorDep, database: DatabaseDep) -> ProjectView:
    with database.session() as db:
        return projects.get_project(db, actor, project_id)


@router.patch("/projects/{project_id}")
def update_project(
    project_id: DbId, body: ProjectPatch, actor: ActorDep, database: DatabaseDep
) -> ProjectView:
    given = body.schema_ is not None or body.label_config is not None
    schema = projects.parse_schema(body.schema_, body.label_config) if given else None
    with database.session(write=True) as db:
        return projects.update_project(
            db, actor, project_id, name=body.name, description=body.description, schema=schema
        )
