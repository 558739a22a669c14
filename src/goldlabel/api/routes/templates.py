"""Schema templates for common tasks, and a project made from one with sample data to try."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from goldlabel.api.deps import ActorDep, DatabaseDep, SettingsDep
from goldlabel.services import template_projects
from goldlabel.services.template_projects import TemplateView
from goldlabel.services.views import ProjectView

router = APIRouter(prefix="/api", tags=["projects"])


class SampleProjectIn(BaseModel):
    # Default: the template's title followed by "(sample data)".
    name: str | None = Field(default=None, max_length=200)


@router.get("/templates")
async def list_templates(_actor: ActorDep) -> list[TemplateView]:
    """Schemas for common labeling tasks (sentiment, entities, detection, tracking, speakers…)."""
    return template_projects.template_views()


@router.post("/templates/{template_id}/project", status_code=201)
async def create_sample_project(
    template_id: str, body: SampleProjectIn, actor: ActorDep, database: DatabaseDep, settings: SettingsDep
) -> ProjectView:
    """A new project with the template's schema and its sample items (media files generated on
    the server and stored in the project's media folder), created whole or not at all; the
    caller needs the right to create projects and becomes its manager."""
    # Generating the samples (under a second) and storing the files: on a worker thread; the
    # service opens its own short transactions.
    return await run_in_threadpool(
        template_projects.create_sample_project,
        database,
        actor,
        template_id,
        name=body.name,
        media_root=settings.media_dir,
    )
