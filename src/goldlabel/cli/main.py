"""The ``goldlabel`` command: start the server, manage users and tokens, import and export.

Commands act on the database directly (as the local operator, with admin rights), so they
work before any server runs. ``import`` and ``export`` go through the SDK: against a running
server with ``--url``/``--token`` (or GOLDLABEL_URL/GOLDLABEL_TOKEN), else against the API
served in this process on the data dir (``api/local.py``), as the same local operator.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import httpx
import typer
from sqlalchemy.orm import Session

from goldlabel.core.errors import GoldlabelError
from goldlabel.core.settings import Settings
from goldlabel.db.engine import Database
from goldlabel.db.migrate import upgrade
from goldlabel.formats.registry import Labels, LabelsAs
from goldlabel.sdk import ApiError, Client
from goldlabel.services import auth, bootstrap, projects, tokens, users
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


def _items(count: int) -> str:
    return f"{count} item{'' if count == 1 else 's'}"


Url = Annotated[
    str | None,
    typer.Option(
        "--url", envvar="GOLDLABEL_URL", help="a running goldlabel server (default: the local --data-dir)"
    ),
]
Token = Annotated[
    str | None,
    typer.Option(
        "--token",
        envvar="GOLDLABEL_TOKEN",
        help="an API token for --url (prefer GOLDLABEL_TOKEN: a command line is visible to others)",
        show_default=False,
    ),
]


@contextmanager
def _sdk(url: str | None, token: str | None, data_dir: Path | None) -> Iterator[Client]:
    """The SDK's client of a running server (``--url``), or of the API served in this process on
    the local data dir, acting as the local operator (``api/local.py``)."""
    if url:
        if not token:
            typer.secho("error: --url needs --token (or GOLDLABEL_TOKEN)", fg="red", err=True)
            raise typer.Exit(code=1)
        with Client(url, token, timeout=None) as client:
            yield client
        return
    from goldlabel.api.local import local_client

    database = _database(data_dir)
    with (
        local_client(_settings(data_dir), database, _local_actor(database)) as http,
        Client(http=http) as client,
    ):
        yield client


def _local_actor(database: Database) -> Actor:
    """Who a local import or export acts as: the first active admin (the account ``goldlabel
    start`` created), so that what it records (imported gold) has an author that exists; the
    operator while no admin exists."""
    with database.session() as db:
        admin = next((u for u in users.list_accounts(db) if u.is_admin and u.is_active), None)
    return OPERATOR if admin is None else Actor(id=admin.id, email=admin.email, is_admin=True)


def _api_fail(exc: ApiError) -> typer.Exit:
    row = exc.detail.get("row")
    typer.secho(f"error: {'' if row is None else f'row {row}: '}{exc.message}", fg="red", err=True)
    return typer.Exit(code=1)


def _unreachable(url: str | None, exc: httpx.TransportError) -> typer.Exit:
    typer.secho(f"error: cannot reach {url or 'the local API'}: {exc}", fg="red", err=True)
    return typer.Exit(code=1)


@app.command("import")
def import_file(
    project_id: int,
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="the file to import")],
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
    labels_as: Annotated[
        LabelsAs,
        typer.Option("--labels-as", help="what the labels the file holds become"),
    ] = "annotations",
    gold_set: Annotated[
        str | None,
        typer.Option("--gold-set", help="with --labels-as gold: practice, exam, honeypot or example"),
    ] = None,
    url: Url = None,
    token: Token = None,
    data_dir: DataDir = None,
) -> None:
    """Import items from a file in any format goldlabel reads: all rows or none."""
    try:
        with _sdk(url, token, data_dir) as gl:
            result = gl.project(project_id).import_items(
                file, format=format, labels_as=labels_as, on_duplicate=on_duplicate, gold_set=gold_set
            )
    except ApiError as exc:
        raise _api_fail(exc) from None
    except httpx.TransportError as exc:
        raise _unreachable(url, exc) from None
    skipped = f" ({_items(result.skipped)} already there, skipped)" if result.skipped else ""
    typer.echo(f"imported {_items(result.created)} into project {project_id}{skipped}")


@app.command("export")
def export_file(
    project_id: int,
    format: Annotated[
        str, typer.Option("--format", help="any format goldlabel writes (json, jsonl, csv, parquet, coco …)")
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
    gold: Annotated[
        bool, typer.Option("--gold", help="export the gold items, each with its reference, instead")
    ] = False,
    url: Url = None,
    token: Token = None,
    data_dir: DataDir = None,
) -> None:
    """Export items with their labels, streamed."""
    try:
        with _sdk(url, token, data_dir) as gl:
            gl.project(project_id).export(
                format,
                labels=labels,
                include_drafts=include_drafts,
                gold=gold,
                path=output if output else sys.stdout.buffer,
            )
    except ApiError as exc:
        raise _api_fail(exc) from None
    except httpx.TransportError as exc:
        raise _unreachable(url, exc) from None
    if output:
        typer.echo(f"wrote {output}", err=True)


# Commands kept in their own modules register themselves on ``app`` (imported last: they use it).
from goldlabel.cli import labelstudio as _labelstudio  # noqa: E402, F401
