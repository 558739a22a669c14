"""The ``goldlabel`` command: start the server, manage users and tokens, import and export.

Commands act on the database directly (as the local operator, with admin rights), so they
work before any server runs.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import IO, Annotated, Any

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TaskID, TimeRemainingColumn

from goldlabel.core.errors import GoldlabelError
from goldlabel.core.settings import Settings
from goldlabel.db.engine import Database
from goldlabel.db.migrate import upgrade
from goldlabel.services import auth, bootstrap, exports, imports, projects
from goldlabel.services.access import Actor
from goldlabel.services.imports import OnDuplicate

app = typer.Typer(
    help="goldlabel: annotation that trains annotators and proves label quality.", no_args_is_help=True
)
user_app = typer.Typer(help="Manage user accounts.", no_args_is_help=True)
token_app = typer.Typer(help="Manage API tokens.", no_args_is_help=True)
project_app = typer.Typer(help="Inspect projects.", no_args_is_help=True)
app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")
app.add_typer(project_app, name="project")

DataDir = Annotated[
    Path | None, typer.Option("--data-dir", help="data folder (default: $GOLDLABEL_DATA_DIR)")
]
OPERATOR = Actor(id=0, email="cli", is_admin=True)


def _settings(data_dir: Path | None) -> Settings:
    settings = Settings()
    if data_dir is not None:
        settings = settings.model_copy(update={"data_dir": data_dir})
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return settings


def _database(data_dir: Path | None) -> Database:
    database = Database(_settings(data_dir).effective_database_url)
    upgrade(database.engine)
    return database


def _fail(exc: GoldlabelError) -> typer.Exit:
    typer.secho(f"error: {exc}", fg="red", err=True)
    return typer.Exit(code=1)


@app.command()
def start(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8080,
    data_dir: DataDir = None,
    demo: Annotated[bool, typer.Option(help="create the demo project on an empty data dir")] = True,
    access_log: Annotated[bool, typer.Option(help="log every request")] = False,
    workers: Annotated[
        int | None,
        typer.Option(help="server processes (default: GOLDLABEL_WORKERS, or one per core up to 4)", min=1),
    ] = None,
) -> None:
    """Migrate the database, create the first admin and demo project if empty, and serve."""
    from goldlabel.api.app import create_app
    from goldlabel.api.serve import default_workers, serve

    settings = _settings(data_dir)
    settings = settings.model_copy(update={"secret_key": settings.ensure_secret()})
    database = Database(settings.effective_database_url, background_checkpoints=True)
    first = bootstrap.prepare(database, with_demo=demo)
    url = f"http://{'localhost' if host in ('127.0.0.1', '0.0.0.0') else host}:{port}"
    if first:
        typer.secho("goldlabel is ready. Log in with (shown once, keep it):", fg="green")
        typer.echo(f"  email:    {first.admin_email}\n  password: {first.admin_password}")
        if first.demo_project_id:
            typer.echo(f"  demo project: {url}/projects/{first.demo_project_id}")
    typer.echo(f"Serving on {url} (data in {settings.data_dir.resolve()}); Ctrl+C stops.")
    app = create_app(settings, database)
    workers = workers or settings.workers or default_workers()
    try:
        serve(app, database, host=host, port=port, workers=workers, access_log=access_log)
    except GoldlabelError as exc:
        raise _fail(exc) from None


@user_app.command("create")
def user_create(
    email: str,
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, help="at least 8 characters")],
    admin: Annotated[bool, typer.Option("--admin", help="make the user a global admin")] = False,
    data_dir: DataDir = None,
) -> None:
    """Create a user account."""
    try:
        with _database(data_dir).session(write=True) as db:
            user = auth.create_user(db, email, password, is_admin=admin)
    except GoldlabelError as exc:
        raise _fail(exc) from None
    typer.echo(f"created user {user.id} {user.email}{' (admin)' if user.is_admin else ''}")


@user_app.command("list")
def user_list(data_dir: DataDir = None) -> None:
    """List user accounts."""
    with _database(data_dir).session() as db:
        for user in auth.list_users(db):
            typer.echo(f"{user.id}\t{user.email}\t{'admin' if user.is_admin else ''}")


@token_app.command("create")
def token_create(email: str, data_dir: DataDir = None) -> None:
    """Create an API token for a user and print it (it is shown only once)."""
    try:
        with _database(data_dir).session(write=True) as db:
            token = auth.create_token_for_email(db, email)
    except GoldlabelError as exc:
        raise _fail(exc) from None
    typer.echo(token)


@project_app.command("list")
def project_list(data_dir: DataDir = None) -> None:
    """List projects with their item counts."""
    with _database(data_dir).session() as db:
        for p in projects.list_projects(db, OPERATOR):
            typer.echo(f"{p.id}\t{p.name}\t{p.item_count} items")


class _CountingReader(io.RawIOBase):
    """A file that advances a progress bar as the importer reads it."""

    def __init__(self, raw: IO[bytes], progress: Progress, task: TaskID) -> None:
        self._raw, self._progress, self._task = raw, progress, task

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        self._progress.advance(self._task, len(data))
        return len(data)


def _items(count: int) -> str:
    return f"{count} item{'' if count == 1 else 's'}"


@app.command("import")
def import_file(
    project_id: int,
    file: Path,
    on_duplicate: Annotated[
        OnDuplicate,
        typer.Option(
            help="a row whose id the project already holds or the file repeats: "
            "error (import nothing) or skip (leave it out)"
        ),
    ] = "error",
    data_dir: DataDir = None,
) -> None:
    """Import items from a .json, .jsonl or .csv file: all rows or none."""
    try:
        fmt = imports.import_format(file.name)
        database = _database(data_dir)
        columns = [BarColumn(), DownloadColumn(), TimeRemainingColumn()]
        with file.open("rb") as raw, Progress(*columns, disable=not sys.stderr.isatty()) as bar:
            task = bar.add_task("import", total=file.stat().st_size)
            stream = io.BufferedReader(_CountingReader(raw, bar, task))
            result = imports.import_file(database, OPERATOR, project_id, stream, fmt, on_duplicate)
    except GoldlabelError as exc:
        raise _fail(exc) from None
    skipped = f" ({_items(result.skipped)} already there, skipped)" if result.skipped else ""
    typer.echo(f"imported {_items(result.created)} into project {project_id}{skipped}")


@app.command("export")
def export_file(
    project_id: int,
    format: Annotated[str, typer.Option("--format", help="json, jsonl or csv")] = "json",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="file to write (default: stdout)")
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Export items with their annotations, streamed."""
    if format not in ("json", "jsonl", "csv"):
        typer.secho("error: --format must be json, jsonl or csv", fg="red", err=True)
        raise typer.Exit(1)
    try:
        chunks = exports.export_project(_database(data_dir), OPERATOR, project_id, format)  # type: ignore[arg-type]
        out = output.open("wb") if output else sys.stdout.buffer
        try:
            for chunk in chunks:
                out.write(chunk)
        finally:
            if output:
                out.close()
    except GoldlabelError as exc:
        raise _fail(exc) from None
    if output:
        typer.echo(f"wrote {output}", err=True)
