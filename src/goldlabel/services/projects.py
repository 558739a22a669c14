"""Projects and their schema."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from goldlabel.controls.labelstudio import LabelConfigError, schema_from_label_config
from goldlabel.controls.schema import ProjectSchema, load_schema
from goldlabel.core.errors import ErrorCode, InvalidInput
from goldlabel.db.dialect import random_rank
from goldlabel.db.models import Item, Member, Project
from goldlabel.services.access import Actor, project_access, require_member, sees_every_project
from goldlabel.services.views import ProjectView, Role


def parse_schema(schema: Any = None, label_config: str | None = None) -> ProjectSchema:
    """A schema from JSON or a Label Studio XML config; InvalidInput says what is wrong."""
    if (schema is None) == (label_config is None):
        raise InvalidInput("give exactly one of 'schema' or 'label_config'", code=ErrorCode.INVALID_SCHEMA)
    try:
        if label_config is not None:
            overlap = schema.get("overlap", 1) if isinstance(schema, dict) else 1
            schema = schema_from_label_config(label_config, overlap=overlap)
        return ProjectSchema.model_validate(schema)
    except LabelConfigError as exc:
        raise InvalidInput(str(exc), code=ErrorCode.INVALID_SCHEMA) from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InvalidInput(
            f"schema {where}: {first['msg']}" if where else f"schema: {first['msg']}",
            code=ErrorCode.INVALID_SCHEMA,
        ) from None


def project_view(project: Project, role: Role) -> ProjectView:
    return ProjectView(
        id=project.id,
        name=project.name,
        description=project.description,
        schema=load_schema(project.schema),
        role=role,
        item_count=project.item_count,
        created_at=project.created_at,
    )


def _clean_name(name: str) -> str:
    name = name.strip()
    if not 1 <= len(name) <= 200:
        raise InvalidInput("project name must have 1 to 200 characters")
    return name


def create_project(
    db: Session, actor: Actor, *, name: str, description: str = "", schema: ProjectSchema
) -> ProjectView:
    project = Project(
        name=_clean_name(name),
        description=description,
        schema=schema.model_dump(),
        overlap=schema.overlap,
        order=schema.order,
        created_by=actor.id,
        item_count=0,
    )
    db.add(project)
    db.flush()
    db.add(Member(project_id=project.id, user_id=actor.id, role="manager"))
    return project_view(project, "manager")


def list_projects(db: Session, actor: Actor) -> list[ProjectView]:
    if sees_every_project(actor):
        rows = db.execute(
            select(Project, Member.role)
            .outerjoin(Member, (Member.project_id == Project.id) & (Member.user_id == actor.id))
            .order_by(Project.id)
        )
        return [project_view(p, require_member(actor, role)) for p, role in rows]
    rows = db.execute(
        select(Project, Member.role)
        .join(Member, Member.project_id == Project.id)
        .where(Member.user_id == actor.id)
        .order_by(Project.id)
    )
    return [project_view(p, role) for p, role in rows]


def get_project(db: Session, actor: Actor, project_id: int) -> ProjectView:
    access = project_access(db, actor, project_id)
    return project_view(access.project, access.role)


def update_project(
    db: Session,
    actor: Actor,
    project_id: int,
    *,
    name: str | None = None,
    description: str | None = None,
    schema: ProjectSchema | None = None,
) -> ProjectView:
    access = project_access(db, actor, project_id, minimum="manager")
    project = access.project
    if name is not None:
        project.name = _clean_name(name)
    if description is not None:
        project.description = description
    if schema is not None:
        _apply_queue_settings(db, project, schema)
        project.schema = schema.model_dump()
    return project_view(project, access.role)


def _apply_queue_settings(db: Session, project: Project, schema: ProjectSchema) -> None:
    """Overlap and order live on item rows for a fast queue; a change rewrites them in bulk."""
    if schema.overlap != project.overlap:
        db.execute(
            update(Item).where(Item.project_id == project.id).values(open=Item.claimed < schema.overlap)
        )
        project.overlap = schema.overlap
    if schema.order != project.order:
        rank = Item.id if schema.order == "sequential" else random_rank(db)
        db.execute(update(Item).where(Item.project_id == project.id).values(rank=rank))
        project.order = schema.order
