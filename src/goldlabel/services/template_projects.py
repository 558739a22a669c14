"""Templates for the schema editor, and trying one: a project made from a template with its
sample items and media, whole or not at all.

The samples are generated first, with no transaction open (pure CPU, under a second for the
largest template). Then the project is created (one short write: media uploads check access
against it), its files go through ``media.upload_media`` (sniffed, contained, measured, peaks and
thumbnails made, its own transactions) and its items through ``imports.import_items`` (validated
like any import, measured sizes filled in) in one write. If any step fails the project is deleted
again with everything in it, its media folder included.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO, Any

from pydantic import ConfigDict, Field

from goldlabel.controls.schema import MEDIA_KINDS, ProjectSchema
from goldlabel.core.errors import NotFound
from goldlabel.db.engine import Database
from goldlabel.services import imports, media, project_lifecycle, projects
from goldlabel.services.access import Actor
from goldlabel.services.templates.catalogue import TEMPLATES, Samples, Template
from goldlabel.services.views import ProjectView, View


class TemplateView(View):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    id: str
    title: str
    description: str
    schema_: ProjectSchema = Field(alias="schema")
    # The field kinds its sample items hold (a template with media makes files when tried).
    field_kinds: list[str]


def template_views() -> list[TemplateView]:
    return [
        TemplateView(
            id=t.id,
            title=t.title,
            description=t.description,
            schema_=ProjectSchema.model_validate(t.schema),
            field_kinds=sorted(set(t.schema["fields"].values())),
        )
        for t in TEMPLATES.values()
    ]


def template(template_id: str) -> Template:
    found = TEMPLATES.get(template_id)
    if found is None:
        raise NotFound(f"no such template; the templates are {sorted(TEMPLATES)}")
    return found


def create_sample_project(
    database: Database, actor: Actor, template_id: str, *, name: str | None, media_root: Path
) -> ProjectView:
    """A new project (the actor its manager) with the template's schema, sample items and files."""
    chosen = template(template_id)
    schema = ProjectSchema.model_validate(chosen.schema)
    samples = chosen.samples()
    with database.session(write=True) as db:
        project = projects.create_project(
            db,
            actor,
            name=name or f"{chosen.title} (sample data)",
            description=chosen.description,
            schema=schema,
        )
    try:
        files: list[tuple[str, IO[bytes]]] = [(n, io.BytesIO(data)) for n, data in samples.files.items()]
        stored = media.upload_media(database, actor, project.id, media_root, files) if files else []
        urls = dict(zip(samples.files, (s.url for s in stored), strict=True))
        with database.session(write=True) as db:
            imported = imports.import_items(db, actor, project.id, enumerate(_rows(schema, samples, urls), 1))
    except BaseException:
        _remove(database, actor, project, media_root)
        raise
    return project.model_copy(update={"item_count": imported.created})


def _remove(database: Database, actor: Actor, project: ProjectView, media_root: Path) -> None:
    """Undo a sample project that failed half-way: its rows (media rows cascade) and its folder."""
    with (
        project_lifecycle.MediaRemoval(media_root, project.id) as removal,
        database.session(write=True) as db,
    ):
        project_lifecycle.delete_project(db, actor, project.id, confirm=project.name)
        removal.stash()


def _rows(schema: ProjectSchema, samples: Samples, urls: dict[str, str]) -> list[dict[str, Any]]:
    """Import rows: media fields name a generated file, replaced by its stored URL."""
    media_fields = [name for name, kind in schema.fields.items() if kind in MEDIA_KINDS]
    rows = []
    for n, item in enumerate(samples.items, 1):
        data = {**item.data, **{f: urls[item.data[f]] for f in media_fields}}
        rows.append({"id": f"sample-{n}", "data": data, "meta": item.meta})
    return rows
