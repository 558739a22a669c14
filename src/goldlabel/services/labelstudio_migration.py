"""Migrate a whole Label Studio project: its labeling config becomes a project, its JSON export
the project's items with their annotations and predictions (``goldlabel import-labelstudio``).

All or nothing, by compensation: the project is created first (its own transaction: the import
service needs it to exist to check rows against its schema), then the export is imported through
the import service (itself one transaction that lands whole or not at all); if the import fails
for any reason, the project, still empty, is deleted before the error goes on. A process killed
between the two steps can leave an empty project behind, never a partial one.

Label Studio stores a ``<Choice>``/``<Label>``'s ``alias`` in results instead of the label it
shows; the schema keeps the shown labels, and the import service maps each row's labels back
(``services.labelstudio_aliases``) for any Label Studio file imported into the project.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO

from goldlabel.db.engine import Database
from goldlabel.services import imports, project_lifecycle, projects
from goldlabel.services.access import Actor
from goldlabel.services.imports import LabelOptions
from goldlabel.services.views import ImportResult, ProjectView

#: The registry's name of Label Studio's JSON export (formats/labelstudio.py).
FORMAT = "labelstudio"


@dataclass(frozen=True, slots=True)
class Migration:
    """The project created, what was imported into it, and what the config's conversion ignored."""

    project: ProjectView
    imported: ImportResult
    warnings: list[str] = field(default_factory=list)


def migrate(
    database: Database,
    actor: Actor,
    export: IO[bytes],
    label_config: str,
    *,
    name: str,
    filename: str = "",
) -> Migration:
    """Create a project from ``label_config`` and import ``export`` (Label Studio JSON) into it:
    tasks as items, annotations as annotations (authors mapped by email), predictions as
    predictions. Raises the service's error (InvalidInput naming every config problem, or the
    task at fault) and leaves no project behind."""
    parsed = projects.parse_schema(label_config=label_config)
    fmt = imports.import_format(FORMAT, filename)
    with database.session(write=True) as db:
        project = projects.create_project(
            db,
            actor,
            name=name,
            description=parsed.instructions,
            schema=parsed.schema,
            label_config=label_config,
        )
    try:
        imported = imports.import_file(
            database,
            actor,
            project.id,
            export,
            fmt,
            filename=filename,
            options=LabelOptions(labels_as="annotations"),
        )
    except BaseException:  # Ctrl+C included: the empty project goes too
        with database.session(write=True) as db:
            project_lifecycle.delete_project(db, actor, project.id, confirm=project.name)
        raise
    return Migration(project=project, imported=imported, warnings=parsed.warnings)
