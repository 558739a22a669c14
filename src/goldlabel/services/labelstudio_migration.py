"""Migrate a whole Label Studio project: its labeling config becomes a project, its JSON export
the project's items with their annotations and predictions (``goldlabel import-labelstudio``).

All or nothing, by compensation: the project is created first (its own transaction: the import
service needs it to exist to check rows against its schema), then the export is imported through
the import service (itself one transaction that lands whole or not at all); if the import fails
for any reason, the project, still empty, is deleted before the error goes on. A process killed
between the two steps can leave an empty project behind, never a partial one.

Label Studio stores a ``<Choice>``/``<Label>``'s ``alias`` in results instead of the label it
shows; the schema keeps the shown labels, so each row's labels and predictions are mapped back
here (``controls.labelstudio.unalias``) before the import service validates them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Generator, Mapping
from dataclasses import dataclass, field
from typing import IO

from goldlabel.controls.labelstudio import schema_from_label_config, unalias
from goldlabel.db.engine import Database
from goldlabel.formats.items import Row, RowLabels
from goldlabel.formats.registry import FileFormat, ReadContext
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
    aliases = schema_from_label_config(label_config).aliases  # converts: parse_schema just did
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
            _unaliased(fmt, aliases),
            filename=filename,
            options=LabelOptions(labels_as="annotations"),
        )
    except BaseException:  # Ctrl+C included: the empty project goes too
        with database.session(write=True) as db:
            project_lifecycle.delete_project(db, actor, project.id, confirm=project.name)
        raise
    return Migration(project=project, imported=imported, warnings=parsed.warnings)


def _unaliased(fmt: FileFormat, aliases: Mapping[str, Mapping[str, str]]) -> FileFormat:
    """The format with a reader whose rows carry the shown labels instead of Label Studio's aliases."""
    read = fmt.read
    if not aliases or read is None:
        return fmt

    def read_unaliased(stream: IO[bytes], context: ReadContext) -> Generator[Row, None, None]:
        def mapped(sets: tuple[RowLabels, ...]) -> tuple[RowLabels, ...]:
            return tuple(
                dataclasses.replace(s, result=unalias(s.result, aliases, context.schema)) for s in sets
            )

        rows = read(stream, context)
        try:
            for row in rows:
                yield dataclasses.replace(row, labels=mapped(row.labels), predictions=mapped(row.predictions))
        finally:
            rows.close()

    return dataclasses.replace(fmt, read=read_unaliased)
