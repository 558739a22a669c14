"""The ``goldlabel`` command line: users, tokens, projects, import and export, on a --data-dir.

With the sqlite param the CLI keeps its database inside the data dir (its default); with the
postgres param GOLDLABEL_DATABASE_URL points it at the test server.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from goldlabel.api.app import create_app
from goldlabel.cli import main as cli
from goldlabel.controls.schema import ProjectSchema
from goldlabel.core.settings import Settings
from goldlabel.db.engine import Database
from goldlabel.db.models import User
from goldlabel.services import bootstrap, projects
from goldlabel.services.access import Actor

PASSWORD = "a long enough password"
SCHEMA: dict[str, Any] = {
    "fields": {"text": "text"},
    "controls": [
        {"name": "sentiment", "type": "choices", "field": "text",
         "options": ["positive", "negative", "neutral"], "required": True},
        {"name": "stars", "type": "rating", "field": "text", "min": 1, "max": 5},
    ],
    "overlap": 1,
}  # fmt: skip


class Cli:
    """Runs ``goldlabel ... --data-dir D`` in-process."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.runner = CliRunner()

    def __call__(self, *args: str) -> Any:
        return self.runner.invoke(cli.app, [*args, "--data-dir", str(self.data_dir)], catch_exceptions=False)

    def ok(self, *args: str) -> Any:
        result = self(*args)
        assert result.exit_code == 0, (args, result.output)
        return result


@pytest.fixture
def data_dir(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)  # no stray .env file
    for name in list(os.environ):
        if name.startswith("GOLDLABEL_") and name != "GOLDLABEL_TEST_POSTGRES_URL":
            monkeypatch.delenv(name)
    if not database_url.startswith("sqlite"):
        monkeypatch.setenv("GOLDLABEL_DATABASE_URL", database_url)
    opened: list[Database] = []

    class Tracked(Database):
        def __init__(self, url: str) -> None:
            super().__init__(url)
            opened.append(self)

    monkeypatch.setattr(cli, "Database", Tracked)
    yield tmp_path / "data"
    for db in opened:
        db.dispose()


@pytest.fixture
def run(data_dir: Path) -> Cli:
    return Cli(data_dir)


@pytest.fixture
def database(data_dir: Path) -> Iterator[Database]:
    """The database the CLI uses for this data dir (overrides the conftest one on purpose)."""
    db = Database(Settings(data_dir=data_dir).effective_database_url)
    yield db
    db.dispose()


@pytest.fixture
def first(database: Database, data_dir: Path) -> bootstrap.FirstStart:
    data_dir.mkdir(parents=True, exist_ok=True)
    started = bootstrap.prepare(database)
    assert started is not None and started.demo_project_id is not None
    return started


@pytest.fixture
def project_id(first: bootstrap.FirstStart, database: Database) -> int:
    """An empty project made through the services (the demo one holds 300 items)."""
    with database.session(write=True) as db:
        admin = db.scalar(select(User.id).where(User.email == first.admin_email))
        assert admin is not None
        view = projects.create_project(
            db, Actor(id=admin, email=first.admin_email, is_admin=True),
            name="CLI project", schema=ProjectSchema.model_validate(SCHEMA),
        )  # fmt: skip
    return view.id


def _projects(run: Cli) -> dict[int, tuple[str, int]]:
    out: dict[int, tuple[str, int]] = {}
    for line in run.ok("project", "list").stdout.splitlines():
        pid, name, count = line.split("\t")
        out[int(pid)] = (name, int(count.removesuffix(" items")))
    return out


def _export(run: Cli, pid: int, tmp_path: Path) -> list[dict[str, Any]]:
    target = tmp_path / f"check-{pid}.json"
    run.ok("export", str(pid), "--format", "json", "-o", str(target))
    return orjson.loads(target.read_bytes())


# ---- users and tokens ---------------------------------------------------------------------


def test_user_create_and_list(run: Cli, data_dir: Path, database_url: str) -> None:
    r = run.ok("user", "create", "Alice@Example.com", "--password", PASSWORD)
    assert re.fullmatch(r"created user \d+ alice@example\.com\n", r.stdout), r.stdout
    r = run.ok("user", "create", "root@example.com", "--password", PASSWORD, "--admin")
    assert "root@example.com (admin)" in r.stdout
    if database_url.startswith("sqlite"):
        assert (data_dir / "goldlabel.sqlite3").is_file()  # the data dir holds the database

    listed = [line.split("\t") for line in run.ok("user", "list").stdout.splitlines()]
    assert [(email, flag) for _, email, flag in listed] == [
        ("alice@example.com", ""),
        ("root@example.com", "admin"),
    ]

    short = run("user", "create", "bob@example.com", "--password", "short")
    assert short.exit_code != 0 and "at least 8" in short.output
    dup = run("user", "create", "ALICE@example.com", "--password", PASSWORD)
    assert dup.exit_code != 0 and "already exists" in dup.output
    bad = run("user", "create", "not-an-email", "--password", PASSWORD)
    assert bad.exit_code != 0 and "not an email" in bad.output
    assert len(run.ok("user", "list").stdout.splitlines()) == 2


def test_token_create_works_against_the_api(run: Cli, data_dir: Path) -> None:
    run.ok("user", "create", "carol@example.com", "--password", PASSWORD)
    token = run.ok("token", "create", "carol@example.com").stdout.strip()
    assert re.fullmatch(r"[A-Za-z0-9_\-]{32,}", token), token
    other = run.ok("token", "create", "carol@example.com").stdout.strip()
    assert other != token

    settings = Settings(data_dir=data_dir, secret_key="k" * 48)
    app = create_app(settings)
    with TestClient(app) as client:
        auth = {"Authorization": f"Token {token}"}
        me = client.get("/api/auth/me", headers=auth)
        assert me.status_code == 200 and me.json()["email"] == "carol@example.com"
        assert me.json()["is_admin"] is False
        # writes need no CSRF header with a token
        r = client.post("/api/projects", json={"name": "From a token", "schema": SCHEMA}, headers=auth)
        assert r.status_code == 201, r.text
        assert client.get("/api/auth/me", headers={"Authorization": "Token nope"}).status_code == 401
        assert client.get("/api/auth/me").status_code == 401
    assert any(name == "From a token" for name, _ in _projects(run).values())

    missing = run("token", "create", "nobody@example.com")
    assert missing.exit_code != 0 and "no user" in missing.output
    assert missing.stdout.strip() == ""


# ---- projects, import, export -------------------------------------------------------------


def test_project_list_shows_the_demo(run: Cli, first: bootstrap.FirstStart) -> None:
    listed = _projects(run)
    assert listed == {first.demo_project_id: ("Demo: sentiment and named entities", 300)}


GOOD_FILES: dict[str, bytes] = {
    "json": orjson.dumps(
        [
            {"data": {"text": "one"}, "meta": {"gold": "positive"}},
            {"text": "two"},
            {"data": {"text": "three"}},
        ]
    ),
    "jsonl": b'{"data": {"text": "one"}, "meta": {"gold": "positive"}}\n'
    b'{"text": "two"}\n\n{"text": "three"}\n',
    # with the byte-order mark and CRLFs a spreadsheet writes
    "csv": '\ufefftext,meta.gold\r\none,positive\r\n"two",\r\nthree,\r\n'.encode(),
}


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_import_each_format(run: Cli, project_id: int, tmp_path: Path, fmt: str) -> None:
    source = tmp_path / f"items.{fmt}"
    source.write_bytes(GOOD_FILES[fmt])
    r = run.ok("import", str(project_id), str(source))
    assert f"imported 3 items into project {project_id}" in r.stdout
    assert _projects(run)[project_id] == ("CLI project", 3)
    exported = _export(run, project_id, tmp_path)
    assert [i["data"] for i in exported] == [{"text": "one"}, {"text": "two"}, {"text": "three"}]
    assert exported[0]["meta"] == {"gold": "positive"}
    assert all(i["annotations"] == [] for i in exported)
    # a second import appends
    run.ok("import", str(project_id), str(source))
    assert _projects(run)[project_id][1] == 6


def test_import_with_ids_skips_what_is_there(run: Cli, project_id: int, tmp_path: Path) -> None:
    source = tmp_path / "items.csv"
    source.write_bytes(b"id,text\n1,one\n")
    assert (
        f"imported 1 item into project {project_id}\n"
        == run.ok("import", str(project_id), str(source)).stdout
    )
    source.write_bytes(b"id,text\n1,one\n2,two\n3,three\n")
    refused = run("import", str(project_id), str(source))
    assert refused.exit_code != 0 and re.search(r"\brow 2\b", refused.output), refused.output
    r = run.ok("import", str(project_id), str(source), "--on-duplicate", "skip")
    assert f"imported 2 items into project {project_id} (1 item already there, skipped)" in r.stdout
    assert _projects(run)[project_id][1] == 3


BAD_FILES: list[tuple[str, bytes, int, str]] = [
    ("json", b'[{"text": "a"}, {"text": "b"}, 7, {"text": "d"}]', 3, "object"),
    ("json", b'[{"text": "a"}, {"nottext": "b"}]', 2, "text"),
    ("json", b'[{"text": "a"}, {"text": "b"}, {"text": ', 3, "JSON"),
    ("jsonl", b'{"text": "a"}\n{"text": "b"}\n{"text": \n{"text": "d"}\n', 3, "JSON"),
    ("jsonl", b'{"text": "a"}\n["a list"]\n', 2, "object"),
    ("csv", b"text,meta.gold\na,x\nb,y\nc,z,extra\nd,w\n", 4, "columns"),
    ("csv", b"text,text\na,b\n", 1, "unique"),
]


@pytest.mark.parametrize(
    ("fmt", "content", "row", "hint"), BAD_FILES, ids=[f"{b[0]}-row{b[2]}-{b[3]}" for b in BAD_FILES]
)
def test_import_bad_row_imports_nothing(
    run: Cli, project_id: int, tmp_path: Path, fmt: str, content: bytes, row: int, hint: str
) -> None:
    source = tmp_path / f"bad.{fmt}"
    source.write_bytes(content)
    r = run("import", str(project_id), str(source))
    assert r.exit_code != 0
    assert re.search(rf"\brow\b\W+{row}\b", r.output), r.output
    assert hint.lower() in r.output.lower(), r.output
    assert "imported" not in r.stdout
    assert _projects(run)[project_id][1] == 0
    assert _export(run, project_id, tmp_path) == []


def test_import_refuses_unknown_format_and_missing_project(run: Cli, project_id: int, tmp_path: Path) -> None:
    txt = tmp_path / "items.txt"
    txt.write_text("one\ntwo\n")
    r = run("import", str(project_id), str(txt))
    assert r.exit_code != 0 and ".json" in r.output
    good = tmp_path / "items.json"
    good.write_bytes(GOOD_FILES["json"])
    r = run("import", "987654", str(good))
    assert r.exit_code != 0 and "not found" in r.output
    assert _projects(run)[project_id][1] == 0


@pytest.fixture
def labelled(run: Cli, project_id: int, tmp_path: Path, data_dir: Path) -> dict[str, Any]:
    """Two items, the first annotated through the API with a CLI-made admin token."""
    source = tmp_path / "items.jsonl"
    source.write_bytes(b'{"data": {"text": "good, \\"quoted\\" stuff"}, "meta": {"gold": "positive"}}\n'
                       b'{"text": "meh"}\n')  # fmt: skip
    run.ok("import", str(project_id), str(source))
    run.ok("user", "create", "boss@example.com", "--password", PASSWORD, "--admin")
    token = run.ok("token", "create", "boss@example.com").stdout.strip()
    with TestClient(create_app(Settings(data_dir=data_dir, secret_key="k" * 48))) as client:
        auth = {"Authorization": f"Token {token}"}
        page = client.get(f"/api/projects/{project_id}/items", headers=auth).json()
        first_id = page["items"][0]["id"]
        r = client.post(
            f"/api/items/{first_id}/annotations",
            json={"result": {"sentiment": "positive", "stars": 4}, "lead_time_ms": 1234},
            headers=auth,
        )
        assert r.status_code == 201, r.text
    return {"item_ids": [i["id"] for i in page["items"]], "annotation": r.json()}


def test_export_json(run: Cli, project_id: int, labelled: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    r = run.ok("export", str(project_id), "--format", "json", "-o", str(out))
    assert r.stdout == ""  # the data went to the file
    items = orjson.loads(out.read_bytes())
    assert [i["id"] for i in items] == labelled["item_ids"]
    assert items[0]["data"] == {"text": 'good, "quoted" stuff'}
    assert items[0]["meta"] == {"gold": "positive"}
    [ann] = items[0]["annotations"]
    assert ann["author"] == "boss@example.com"
    assert ann["result"] == {"sentiment": "positive", "stars": 4}
    assert ann["status"] == "submitted" and ann["lead_time_ms"] == 1234
    assert ann["id"] == labelled["annotation"]["id"]
    assert items[1]["annotations"] == [] and items[1]["meta"] == {}
    # without -o the export goes to stdout
    assert orjson.loads(run.ok("export", str(project_id)).stdout) == items


def test_export_jsonl(run: Cli, project_id: int, labelled: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    run.ok("export", str(project_id), "--format", "jsonl", "-o", str(out))
    lines = out.read_bytes().splitlines()
    assert len(lines) == 2
    rows = [orjson.loads(line) for line in lines]
    assert [r["id"] for r in rows] == labelled["item_ids"]
    assert rows[0]["annotations"][0]["result"] == {"sentiment": "positive", "stars": 4}
    assert rows[1]["data"] == {"text": "meh"}


def test_export_csv(run: Cli, project_id: int, labelled: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    run.ok("export", str(project_id), "--format", "csv", "-o", str(out))
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0] == [
        "item_id", "text", "annotation_id", "author", "status", "lead_time_ms", "updated_at",
        "sentiment", "stars",
    ]  # fmt: skip
    assert len(rows) == 3
    first, second = (dict(zip(rows[0], r, strict=True)) for r in rows[1:])
    assert first["item_id"] == str(labelled["item_ids"][0])
    assert first["text"] == 'good, "quoted" stuff'
    assert first["author"] == "boss@example.com" and first["status"] == "submitted"
    assert first["annotation_id"] == str(labelled["annotation"]["id"])
    assert first["sentiment"] == "positive" and first["stars"] == "4"
    assert second["text"] == "meh" and second["annotation_id"] == "" and second["sentiment"] == ""


def test_export_refuses_bad_format_and_missing_project(run: Cli, project_id: int, tmp_path: Path) -> None:
    out = tmp_path / "never.xml"
    r = run("export", str(project_id), "--format", "xml", "-o", str(out))
    assert r.exit_code != 0 and "json, jsonl or csv" in r.output
    assert not out.exists()
    r = run("export", "987654", "--format", "json", "-o", str(tmp_path / "missing.json"))
    assert r.exit_code != 0 and "not found" in r.output
