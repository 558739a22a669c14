"""Projects and their schema: create, list, read, rename and re-schema.

A schema comes as JSON or as a Label Studio XML config (kept beside the schema it became, so
managers see it back). A schema edit that would change stored answers is refused with the
counts unless forced; then renames are migrated in the same transaction
(``services.schema_changes``). What archiving means, and deleting, live in
``services.project_lifecycle``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import ValidationError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from goldlabel.controls.labelstudio import LabelConfigError, schema_from_label_config
from goldlabel.controls.labelstudio_problems import validation_problems
from goldlabel.controls.schema import ProjectSchema, load_schema
from goldlabel.controls.schema_change import SchemaChange, SchemaChangeError
from goldlabel.core.errors import ErrorCode, InvalidInput
from goldlabel.db.dialect import random_rank
from goldlabel.db.models import Item, Member, Project, utcnow
from goldlabel.services.access import (
    Actor,
    project_access,
    require_member,
    sees_every_project,
    sees_everything,
)
from goldlabel.services.consensus_settings import ConsensusSettings, apply_consensus, read_consensus
from goldlabel.services.final_labels import mark_project_stale
from goldlabel.services.priorities import folded_rank
from goldlabel.services.project_lifecycle import refuse_if_archived
from goldlabel.services.schema_changes import migrate_annotations
from goldlabel.services.training_settings import apply_settings, read_settings
from goldlabel.services.users import require_project_creation
from goldlabel.services.views import ProjectView, Role
from goldlabel.services.workload import apply_workload, read_workload

Order = Literal["sequential", "random"]
ROLES: dict[str, Role] = {"annotator": "annotator", "reviewer": "reviewer", "manager": "manager"}


@dataclass(frozen=True, slots=True)
class ParsedSchema:
    """A validated schema, the Label Studio config it came from (if any), what the conversion
    ignored, and the constant texts the config shows (a new project's default description)."""

    schema: ProjectSchema
    label_config: str | None = None
    warnings: list[str] = field(default_factory=list)
    instructions: str = ""


def parse_schema(
    schema: Any = None,
    label_config: str | None = None,
    *,
    overlap: int | None = None,
    order: Order | None = None,
) -> ParsedSchema:
    """A schema from JSON or a Label Studio XML config; InvalidInput says what is wrong.

    ``overlap`` and ``order``, when given, override the schema's own (the new-project form
    sets them as fields, and a Label Studio config has neither).
    """
    if (schema is None) == (label_config is None):
        raise InvalidInput("give exactly one of 'schema' or 'label_config'", code=ErrorCode.INVALID_SCHEMA)
    try:
        if label_config is None:
            return ParsedSchema(_validated(schema, overlap, order))
        converted = schema_from_label_config(label_config)
        try:
            validated = _validated(converted.schema, overlap, order, raw=True)
        except ValidationError as exc:  # name every control the schema refuses, by its tag
            raise LabelConfigError(validation_problems(converted.sources, exc.errors())) from None
        instructions = "\n\n".join(t for t in converted.instructions if t)
        return ParsedSchema(validated, label_config, converted.warnings, instructions)
    except LabelConfigError as exc:
        # Every problem at once, each naming its tag and attribute, for the UI and the SDK.
        problems = [p.as_dict() for p in exc.problems]
        raise InvalidInput(str(exc), code=ErrorCode.INVALID_SCHEMA, problems=problems) from None


def _validated(schema: Any, overlap: int | None, order: Order | None, *, raw: bool = False) -> ProjectSchema:
    """The schema validated; InvalidInput naming the first problem, or (``raw``) pydantic's error."""
    settings = {k: v for k, v in (("overlap", overlap), ("order", order)) if v is not None}
    if settings and isinstance(schema, dict):
        schema = {**schema, **settings}
    try:
        return ProjectSchema.model_validate(schema)
    except ValidationError as exc:
        if raw:
            raise
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
        schema_=load_schema(project.schema),
        role=role,
        item_count=project.item_count,
        created_at=project.created_at,
        label_config=project.label_config if role == "manager" else None,
        archived_at=project.archived_at,
        training=read_settings(project.training) if role == "manager" else None,
        show_predictions=project.show_predictions,
        consensus=read_consensus(project) if sees_everything(role) else None,
        workload=read_workload(project) if role == "manager" else None,
    )


def _clean_name(name: str) -> str:
    name = name.strip()
    if not 1 <= len(name) <= 200:
        raise InvalidInput("project name must have 1 to 200 characters")
    return name


def create_project(
    db: Session,
    actor: Actor,
    *,
    name: str,
    description: str = "",
    schema: ProjectSchema,
    label_config: str | None = None,
) -> ProjectView:
    """A project with the actor as its manager; ``label_config`` is the XML the schema came from."""
    require_project_creation(db, actor)
    project = Project(
        name=_clean_name(name),
        description=description,
        schema=schema.model_dump(),
        label_config=label_config,
        show_predictions=False,
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
    """Every project the actor belongs to (all for admins), archived ones included."""
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
    return [project_view(p, ROLES[role]) for p, role in rows]


def get_project(db: Session, actor: Actor, project_id: int) -> ProjectView:
    access = project_access(db, actor, project_id)
    return project_view(access.project, access.role)


def archive_project(db: Session, actor: Actor, project_id: int, *, archived: bool) -> ProjectView:
    """Archive (read-only, serves nothing) or unarchive; archiving twice keeps the first date."""
    access = project_access(db, actor, project_id, minimum="manager")
    project = access.project
    if archived and project.archived_at is None:
        project.archived_at = utcnow()
    elif not archived:
        project.archived_at = None
    return project_view(project, access.role)


@dataclass(frozen=True, slots=True)
class SchemaEdit:
    """A new schema (or only new queue settings) and how stored answers follow it."""

    schema: ParsedSchema | None = None
    overlap: int | None = None
    order: Order | None = None
    control_renames: Mapping[str, str] = field(default_factory=dict)
    option_renames: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    force: bool = False


def update_project(
    db: Session,
    actor: Actor,
    project_id: int,
    *,
    name: str | None = None,
    description: str | None = None,
    edit: SchemaEdit | None = None,
    training: dict[str, Any] | None = None,
    show_predictions: bool | None = None,
    consensus: dict[str, Any] | None = None,
    workload: dict[str, Any] | None = None,
) -> ProjectView:
    """``training``, ``consensus``, ``workload``: the settings to change (merged over the stored
    ones); ``show_predictions``: serve annotators the newest prediction per control as their start."""
    access = project_access(db, actor, project_id, minimum="manager")
    project = access.project
    refuse_if_archived(project.archived_at, "changing it")
    if name is not None:
        project.name = _clean_name(name)
    if description is not None:
        project.description = description
    if edit is not None:
        _apply_schema_edit(db, project, edit)
    if training is not None:
        apply_settings(project, training, load_schema(project.schema))
    if show_predictions is not None:
        project.show_predictions = show_predictions
    if consensus is not None:
        settings = apply_consensus(project, consensus, load_schema(project.schema))
        _follow_consensus(db, project, settings)
    if workload is not None:
        apply_workload(project, workload)
    return project_view(project, access.role)


def _follow_consensus(db: Session, project: Project, settings: ConsensusSettings) -> None:
    """The overlap's ``min`` is the project's overlap (kept in the schema too, items reopened or
    closed); every final label is recomputed under the new settings."""
    if settings.overlap.min != project.overlap:
        schema = load_schema(project.schema)
        _apply_queue_settings(db, project, schema.model_copy(update={"overlap": settings.overlap.min}))
        project.schema = {**project.schema, "overlap": settings.overlap.min}
    # An item asked for more answers than the new maximum allows gets the maximum.
    db.execute(
        update(Item)
        .where(Item.project_id == project.id, Item.overlap > settings.overlap.max)
        .values(
            overlap=settings.overlap.max, open=(Item.claimed < settings.overlap.max) & Item.gold_set.is_(None)
        )
    )
    mark_project_stale(db, project.id)


def _apply_schema_edit(db: Session, project: Project, edit: SchemaEdit) -> None:
    # Two edits of one project's schema run one after the other (a no-op on SQLite, whose
    # writers are serialised anyway).
    db.execute(select(Project.id).where(Project.id == project.id).with_for_update())
    current = load_schema(project.schema)
    if edit.schema is None:
        if edit.control_renames or edit.option_renames:
            raise InvalidInput("renames come with a new schema", code=ErrorCode.INVALID_SCHEMA)
        schema = _validated(project.schema, edit.overlap, edit.order)
    else:
        schema = edit.schema.schema
        try:
            change = SchemaChange(
                current, schema, control_renames=edit.control_renames, option_renames=edit.option_renames
            )
        except SchemaChangeError as exc:
            raise InvalidInput(str(exc), code=ErrorCode.INVALID_SCHEMA) from None
        migrate_annotations(db, project.id, change, force=edit.force)
        mark_project_stale(db, project.id)  # answers and controls changed: final labels follow
        project.label_config = edit.schema.label_config
    _apply_queue_settings(db, project, schema)
    project.schema = schema.model_dump()


def _apply_queue_settings(db: Session, project: Project, schema: ProjectSchema) -> None:
    """Overlap and order live on item rows for a fast queue; a change rewrites them in bulk."""
    if schema.overlap != project.overlap:
        # An item's own target at or under the new baseline is the baseline again.
        db.execute(
            update(Item)
            .where(Item.project_id == project.id, Item.overlap <= schema.overlap)
            .values(overlap=None)
        )
        stored = project.consensus or {}
        if "overlap" in stored and stored["overlap"].get("min") != schema.overlap:  # a schema PATCH
            policy = stored["overlap"]
            project.consensus = {
                **stored,
                "overlap": {
                    **policy,
                    "min": schema.overlap,
                    "max": max(schema.overlap, policy.get("max", 1)),
                },
            }
        db.execute(
            update(Item)
            .where(Item.project_id == project.id)
            .values(
                open=(Item.claimed < func.coalesce(Item.overlap, schema.overlap)) & Item.gold_set.is_(None)
            )
        )
        project.overlap = schema.overlap
    if schema.order != project.order:
        rank = folded_rank(Item.id if schema.order == "sequential" else random_rank(db), Item.priority)
        db.execute(update(Item).where(Item.project_id == project.id).values(rank=rank))
        project.order = schema.order
