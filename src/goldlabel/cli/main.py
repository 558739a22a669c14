"""The ``goldlabel`` command: start the server, manage users and tokens, import and export.

Commands act on the database directly (as the local operator, with admin rights), so they
work before any server runs.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, Annotated, Any

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TaskID, TimeRemainingColumn
from sqlalchemy.orm import Session

from goldlabel.core.errors import GoldlabelError
from goldlabel.core.settings import Settings
from goldlabel.db.engine import Database
from goldlabel.db.migrate import upgrade
from goldlabel.formats.registry import Labels
from goldlabel.services import auth, bootstrap, exports, imports, projects, tokens, users
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


PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="read the password from standard input (one line)")
]
OnOff = Annotated[bool, typer.Option("--on/--off", help="grant or take the right")]


def _password(from_stdin: bool, given: str | None = None) -> str:
    """Passwords come from a prompt (typed twice) or standard input, not from the command line,
    where the process list and the shell history would keep them."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if given is not None:
        typer.secho(
            "warning: a password on the command line is visible to other users of this machine "
            "and kept in the shell history; prefer the prompt or --password-stdin",
            fg="yellow",
            err=True,
        )
        return given
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@user_app.command("create")
def user_create(
    email: str,
    password_stdin: PasswordStdin = False,
    password: Annotated[
        str | None, typer.Option(help="the password itself (avoid: prefer the prompt or --password-stdin)")
    ] = None,
    admin: Annotated[bool, typer.Option("--admin", help="make the user a global admin")] = False,
    can_create_projects: Annotated[
        bool, typer.Option("--can-create-projects", help="allow the user to create projects")
    ] = False,
    data_dir: DataDir = None,
) -> None:
    """Create a user account; the password is prompted for (twice) unless --password-stdin."""
    secret = _password(password_stdin, password)
    try:
        with _database(data_dir).session(write=True) as db:
            user = auth.create_user(
                db, email, secret, is_admin=admin, can_create_projects=can_create_projects
            )
    except GoldlabelError as exc:
        raise _fail(exc) from None
    typer.echo(f"created user {user.id} {user.email}{' (admin)' if user.is_admin else ''}")


@user_app.command("list")
def user_list(data_dir: DataDir = None) -> None:
    """List user accounts: id, email, and flags (admin, can-create-projects, inactive)."""
    with _database(data_dir).session() as db:
        for user in users.list_accounts(db):
            flags = [
                name
                for name, on in (
                    ("admin", user.is_admin),
                    ("can-create-projects", user.can_create_projects and not user.is_admin),
                    ("inactive", not user.is_active),
                )
                if on
            ]
            typer.echo(f"{user.id}\t{user.email}\t{','.join(flags)}")


@user_app.command("set-password")
def user_set_password(email: str, password_stdin: PasswordStdin = False, data_dir: DataDir = None) -> None:
    """Set or reset a user's password (prompted twice, or --password-stdin); ends their sessions."""
    secret = _password(password_stdin)
    _update_user(
        email, data_dir, lambda db, uid: users.reset_password(db, uid, users.account_password(email, secret))
    )
    typer.echo(f"password of {email} changed; their sessions were ended")


@user_app.command("deactivate")
def user_deactivate(email: str, data_dir: DataDir = None) -> None:
    """Refuse the account from now on: its sessions and API tokens are deleted at once."""
    _update_user(email, data_dir, lambda db, uid: users.update_account(db, OPERATOR, uid, is_active=False))
    typer.echo(f"{email} deactivated; its sessions and API tokens were deleted")


@user_app.command("activate")
def user_activate(email: str, data_dir: DataDir = None) -> None:
    """Let a deactivated account log in again (its old tokens stay deleted)."""
    _update_user(email, data_dir, lambda db, uid: users.update_account(db, OPERATOR, uid, is_active=True))
    typer.echo(f"{email} activated")


@user_app.command("admin")
def user_admin(email: str, on: OnOff, data_dir: DataDir = None) -> None:
    """Make a user a global admin (--on) or not (--off)."""
    _update_user(email, data_dir, lambda db, uid: users.update_account(db, OPERATOR, uid, is_admin=on))
    typer.echo(f"{email} is {'now' if on else 'no longer'} an admin")


@user_app.command("can-create")
def user_can_create(email: str, on: OnOff, data_dir: DataDir = None) -> None:
    """Allow a user to create projects (--on) or not (--off); admins always may."""
    _update_user(
        email, data_dir, lambda db, uid: users.update_account(db, OPERATOR, uid, can_create_projects=on)
    )
    typer.echo(f"{email} {'may' if on else 'may no longer'} create projects")


def _update_user(email: str, data_dir: Path | None, change: Callable[[Session, int], object]) -> None:
    try:
        with _database(data_dir).session(write=True) as db:
            change(db, auth.user_by_email(db, email).id)
    except GoldlabelError as exc:
        raise _fail(exc) from None


@token_app.command("create")
def token_create(
    email: str,
    name: Annotated[str, typer.Option(help="what the token is for")] = "cli",
    expires_in_days: Annotated[
        int | None, typer.Option(help="days until it expires (default: never)", min=1)
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Create an API token for a user and print it (it is shown only once)."""
    try:
        with _database(data_dir).session(write=True) as db:
            user_id = auth.user_by_email(db, email).id
            token = tokens.create_token(db, user_id, name=name, expires_in_days=expires_in_days)
    except GoldlabelError as exc:
        raise _fail(exc) from None
    typer.echo(token.token)


@token_app.command("list")
def token_list(email: str, data_dir: DataDir = None) -> None:
    """List a user's API tokens: id, name, created, expiry (never the secret)."""
    try:
        with _database(data_dir).session() as db:
            listed = tokens.list_tokens(db, auth.user_by_email(db, email).id)
    except GoldlabelError as exc:
        raise _fail(exc) from None
    for t in listed:
        expiry = "never" if t.expires_at is None else t.expires_at.isoformat(timespec="seconds")
        typer.echo(
            f"{t.id}\t{t.name}\t{t.created_at.isoformat(timespec='seconds')}\t{expiry}"
            f"{' (expired)' if t.expired else ''}"
        )


@token_app.command("revoke")
def token_revoke(token_id: int, data_dir: DataDir = None) -> None:
    """Revoke any user's API token by its id (see `token list EMAIL`)."""
    try:
        with _database(data_dir).session(write=True) as db:
            tokens.revoke_token(db, token_id, owner_id=None)
    except GoldlabelError as exc:
        raise _fail(exc) from None
    typer.echo(f"token {token_id} revoked")


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
    format: Annotated[
        str | None, typer.Option("--format", help="the file's format (default: told from its name)")
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Import items from a file in any format goldlabel reads: all rows or none."""
    try:
        fmt = imports.import_format(format, file.name)
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
    format: Annotated[
        str, typer.Option("--format", help="any format goldlabel writes (json, jsonl, csv, coco …)")
    ] = "json",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="file to write (default: stdout)")
    ] = None,
    include_drafts: Annotated[
        bool, typer.Option("--include-drafts", help="also export draft annotations (default: submitted only)")
    ] = False,
    labels: Annotated[
        Labels | None,
        typer.Option(help="final (consensus per control), annotations, or both (default: the format's own)"),
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Export items with their labels, streamed."""
    try:
        chunks = exports.export_project(
            _database(data_dir), OPERATOR, project_id, format, labels=labels, include_drafts=include_drafts
        )
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


# Commands kept in their own modules register themselves on ``app`` (imported last: they use it).
from goldlabel.cli import labelstudio as _labelstudio  # noqa: E402, F401
