"""``goldlabel import-labelstudio``: migrate a whole Label Studio project in one command.

The Label Studio config becomes the project (refused with every unsupported tag named), the
JSON export its items, annotations and predictions, all or nothing
(``services.labelstudio_migration``). Registered on the ``goldlabel`` app by ``cli.main``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

from goldlabel.cli.main import DataDir, _database, _fail, app
from goldlabel.core.errors import GoldlabelError, InvalidInput
from goldlabel.db.engine import Database
from goldlabel.services import auth, users
from goldlabel.services.access import Actor
from goldlabel.services.labelstudio_migration import migrate

MAX_CONFIG_BYTES = 200_000  # as POST /api/projects takes (api/routes/projects.py)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _owner(database: Database, email: str | None) -> Actor:
    """The account that manages the new project: the one named, else the first admin."""
    with database.session() as db:
        if email is not None:
            user = auth.user_by_email(db, email)
            return Actor(id=user.id, email=user.email, is_admin=user.is_admin)
        admin = next((u for u in users.list_accounts(db) if u.is_admin and u.is_active), None)
    if admin is None:
        raise InvalidInput(
            "no admin account to own the project: create one (goldlabel user create EMAIL --admin) or "
            "pass --owner EMAIL"
        )
    return Actor(id=admin.id, email=admin.email, is_admin=True)


def _read_config(path: Path) -> str:
    if path.stat().st_size > MAX_CONFIG_BYTES:
        raise InvalidInput(f"{path} is above {MAX_CONFIG_BYTES} bytes; is it a labeling config?")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(f"{path} is not UTF-8 text; a Label Studio config is XML") from None


@app.command("import-labelstudio")
def import_labelstudio(
    export: Annotated[
        Path, typer.Argument(help="Label Studio's JSON export of the project", exists=True, dir_okay=False)
    ],
    config: Annotated[
        Path,
        typer.Option("--config", help="the project's labeling config (XML)", exists=True, dir_okay=False),
    ],
    name: Annotated[str | None, typer.Option(help="the new project's name (default: the export's)")] = None,
    owner: Annotated[
        str | None, typer.Option(help="email of the account that manages it (default: the first admin)")
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Create a project from a Label Studio config and import its export: tasks, annotations
    (authors by email) and predictions. All or nothing: on any error no project is left."""
    try:
        label_config = _read_config(config)
        database = _database(data_dir)
        actor = _owner(database, owner)
        columns = [BarColumn(), DownloadColumn(), TimeRemainingColumn()]
        with export.open("rb") as raw, Progress(*columns, disable=not sys.stderr.isatty()) as bar:
            stream = bar.wrap_file(raw, total=export.stat().st_size, description="import")
            done = migrate(
                database, actor, stream, label_config, name=name or export.stem, filename=export.name
            )
    except GoldlabelError as exc:
        problems = exc.fields.get("problems")
        if not problems:
            raise _fail(exc) from None
        # A refused config: one line per problem, each naming its tag (and attribute).
        typer.secho(
            f"error: {config} cannot be imported ({_plural(len(problems), 'problem')}):", fg="red", err=True
        )
        for problem in problems:
            typer.secho(f"  {_where(problem)}{problem['message']}", fg="red", err=True)
        raise typer.Exit(code=1) from None
    imported, project = done.imported, done.project
    counts = [
        (imported.created, "item"),
        (imported.annotations, "annotation"),
        (imported.predictions, "prediction"),
    ]
    typer.echo(
        f"created project {project.id} {project.name!r}: {', '.join(_plural(n, w) for n, w in counts)}"
    )
    for warning in done.warnings:
        typer.echo(f"config warning: {warning}")


def _where(problem: dict[str, str | None]) -> str:
    if problem["tag"] is None:
        return ""
    return f"<{problem['tag']}" + (f" name={problem['name']!r}>: " if problem["name"] else ">: ")
