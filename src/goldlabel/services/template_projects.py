"""Templates for the schema editor, and trying one: a project made from a template with its
sample items and media, in one transaction.

The samples are generated before the transaction opens (pure CPU, ~0.3 s for the largest
template); the media files go through ``media.upload_media`` (sniffed, contained) and the items
through ``imports.import_items`` (validated like any import) inside it. If anything fails,
including the commit, the files this call wrote are removed: the project lands whole or not at
all.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO, Any

from pydantic import ConfigDict, Field

from goldlabel.controls.schema import MEDIA_KINDS, ProjectSchema
from goldlabel.core.errors import NotFound
from goldlabel.db.engine import Database
from goldlabel.services import imports, media, projects
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
        raise NotFound(f"no template {template_id!r}; templates: {sorted(TEMPLATES)}")
    return found


def create_sample_project(
    database: Database, actor: Actor, template_id: str, *, name: str | None, media_root: Path
) -> ProjectView:
    """A new project (the actor its manager) with the template's schema, sample items and files."""
    chosen = template(template_id)
    schema = ProjectSchema.model_validate(chosen.schema)
    samples = chosen.samples()
    written: list[Path] = []
    try:
        with database.session(write=True) as db:
            project = projects.create_project(
                db,
                actor,
                name=name or f"{chosen.title} (sample data)",
                description=chosen.description,
                schema=schema,
            )
            files: list[tuple[str, IO[bytes]]] = [
                (file_name, io.BytesIO(data)) for file_name, data in samples.files.items()
            ]
            stored = media.upload_media(db, actor, project.id, media_root, files) if files else []
            written = [media_root / str(project.id) / s.name for s in stored]
            urls = dict(zip(samples.files, (s.url for s in stored), strict=True))
            rows = _rows(schema, samples, urls)
            imported = imports.import_items(db, actor, project.id, enumerate(rows, 1))
            return project.model_copy(update={"item_count": imported.created})
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


def _rows(schema: ProjectSchema, samples: Samples, urls: dict[str, str]) -> list[dict[str, Any]]:
    """Import rows: media fields name a generated file, replaced by its stored URL."""
    media_fields = [name for name, kind in schema.fields.items() if kind in MEDIA_KINDS]
    rows = []
    for n, item in enumerate(samples.items, 1):
        data = {**item.data, **{f: urls[item.data[f]] for f in media_fields}}
        rows.append({"id": f"sample-{n}", "data": data, "meta": item.meta})
    return rows
