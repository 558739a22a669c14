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
from sqlalchemy import select, update
from typer.testing import CliRunner

from goldlabel.api.app import create_app
from goldlabel.cli import main as cli
from goldlabel.controls.schema import ProjectSchema
from goldlabel.core.settings import Settings
from goldlabel.db.engine import Database
from goldlabel.db.models import Annotation, Item, User
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

    def __call__(self, *args: str, input: str | None = None) -> Any:
        return self.runner.invoke(
            cli.app, [*args, "--data-dir", str(self.data_dir)], input=input, catch_exceptions=False
        )

    def ok(self, *args: str, input: str | None = None) -> Any:
        result = self(*args, input=input)
        assert result.exit_code == 0, (args, result.output)
        return result

    def create_user(self, email: str, *flags: str, password: str = PASSWORD) -> Any:
        return self.ok("user", "create", email, "--password-stdin", *flags, input=f"{password}\n")


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


def _app(data_dir: Path) -> Any:
    return create_app(Settings(data_dir=data_dir, allowed_hosts=["testserver"]))


def _login(client: TestClient, email: str, password: str) -> int:
    return client.post("/api/auth/login", json={"email": email, "password": password}).status_code


def test_user_create_and_list(run: Cli, data_dir: Path, database_url: str) -> None:
    # prompted, typed twice: the password is never on the command line
    r = run.ok("user", "create", "Alice@Example.com", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert re.search(r"created user \d+ alice@example\.com\n$", r.stdout), r.stdout
    assert PASSWORD not in r.stdout
    r = run.create_user("root@example.com", "--admin")
    assert "root@example.com (admin)" in r.stdout
    run.create_user("maker@example.com", "--can-create-projects")
    if database_url.startswith("sqlite"):
        assert (data_dir / "goldlabel.sqlite3").is_file()  # the data dir holds the database

    listed = [line.split("\t") for line in run.ok("user", "list").stdout.splitlines()]
    assert [(email, flag) for _, email, flag in listed] == [
        ("alice@example.com", ""),
        ("root@example.com", "admin"),
        ("maker@example.com", "can-create-projects"),
    ]

    mismatch = run("user", "create", "bob@example.com", input=f"{PASSWORD}\nsomething else\n")
    assert mismatch.exit_code != 0 and "do not match" in mismatch.output
    short = run("user", "create", "bob@example.com", "--password-stdin", input="short\n")
    assert short.exit_code != 0 and "at least 8" in short.output
    common = run("user", "create", "bob@example.com", "--password-stdin", input="password123\n")
    assert common.exit_code != 0 and "common passwords" in common.output
    dup = run("user", "create", "ALICE@example.com", "--password-stdin", input=f"{PASSWORD}\n")
    assert dup.exit_code != 0 and "already exists" in dup.output
    bad = run("user", "create", "not-an-email", "--password-stdin", input=f"{PASSWORD}\n")
    assert bad.exit_code != 0 and "not an email" in bad.output
    assert len(run.ok("user", "list").stdout.splitlines()) == 3


def test_a_password_on_the_command_line_works_with_a_warning(run: Cli, data_dir: Path) -> None:
    r = run.ok("user", "create", "carol@example.com", "--password", PASSWORD)
    assert "shell history" in r.stderr and "--password-stdin" in r.stderr
    with TestClient(_app(data_dir)) as client:
        assert _login(client, "carol@example.com", PASSWORD) == 200


def test_set_password_ends_the_users_sessions(run: Cli, data_dir: Path) -> None:
    run.create_user("dan@example.com")
    new = "a different long passphrase"
    with TestClient(_app(data_dir)) as client:
        assert _login(client, "dan@example.com", PASSWORD) == 200
        assert client.get("/api/auth/me").status_code == 200
        weak = run("user", "set-password", "dan@example.com", "--password-stdin", input="qwertyuiop\n")
        assert weak.exit_code != 0 and "common passwords" in weak.output
        assert client.get("/api/auth/me").status_code == 200  # nothing changed
        r = run.ok("user", "set-password", "dan@example.com", input=f"{new}\n{new}\n")
        assert "sessions were ended" in r.stdout
        assert client.get("/api/auth/me").status_code == 401
        assert _login(client, "dan@example.com", PASSWORD) == 401
        assert _login(client, "dan@example.com", new) == 200
    missing = run("user", "set-password", "nobody@example.com", "--password-stdin", input=f"{new}\n")
    assert missing.exit_code != 0 and "no user" in missing.output


def test_deactivate_ends_sessions_and_tokens_and_activate_lets_back_in(run: Cli, data_dir: Path) -> None:
    run.create_user("eve@example.com")
    token = run.ok("token", "create", "eve@example.com").stdout.strip()
    with TestClient(_app(data_dir)) as client:
        auth = {"Authorization": f"Token {token}"}
        assert _login(client, "eve@example.com", PASSWORD) == 200
        run.ok("user", "deactivate", "eve@example.com")
        assert client.get("/api/auth/me").status_code == 401
        assert client.get("/api/auth/me", headers=auth).status_code == 401
        assert _login(client, "eve@example.com", PASSWORD) == 401
        assert run.ok("token", "list", "eve@example.com").stdout == ""  # deleted, not just refused
        assert "inactive" in run.ok("user", "list").stdout
        run.ok("user", "activate", "eve@example.com")
        assert _login(client, "eve@example.com", PASSWORD) == 200
        assert client.get("/api/auth/me", headers=auth).status_code == 401


def test_admin_and_project_creation_rights(run: Cli, data_dir: Path) -> None:
    run.create_user("fay@example.com")
    with TestClient(_app(data_dir)) as client:
        assert _login(client, "fay@example.com", PASSWORD) == 200
        client.headers["X-CSRF-Token"] = client.cookies["goldlabel_csrf"]
        me = client.get("/api/auth/me").json()
        assert me["is_admin"] is False and me["can_create_projects"] is False
        r = client.post("/api/projects", json={"name": "Nope", "schema": SCHEMA})
        assert r.status_code == 403 and r.json()["detail"]["code"] == "project_creation_required"

        run.ok("user", "can-create", "fay@example.com", "--on")
        assert client.get("/api/auth/me").json()["can_create_projects"] is True
        assert client.post("/api/projects", json={"name": "Yes", "schema": SCHEMA}).status_code == 201
        run.ok("user", "can-create", "fay@example.com", "--off")
        assert client.post("/api/projects", json={"name": "No", "schema": SCHEMA}).status_code == 403

        run.ok("user", "admin", "fay@example.com", "--on")
        me = client.get("/api/auth/me").json()
        assert me["is_admin"] is True and me["can_create_projects"] is True
        run.ok("user", "admin", "fay@example.com", "--off")
        assert client.get("/api/auth/me").json()["is_admin"] is False
    assert run("user", "admin", "fay@example.com").exit_code != 0  # --on or --off is required


def test_token_create_works_against_the_api(run: Cli, data_dir: Path) -> None:
    run.create_user("carol@example.com", "--can-create-projects")
    token = run.ok("token", "create", "carol@example.com").stdout.strip()
    assert re.fullmatch(r"[A-Za-z0-9_\-]{32,}", token), token
    other = run.ok("token", "create", "carol@example.com").stdout.strip()
    assert other != token

    with TestClient(_app(data_dir)) as client:
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


def test_token_list_and_revoke(run: Cli, data_dir: Path) -> None:
    run.create_user("gus@example.com")
    forever = run.ok("token", "create", "gus@example.com", "--name", "sync").stdout.strip()
    soon = run.ok("token", "create", "gus@example.com", "--expires-in-days", "7").stdout.strip()
    rows = [line.split("\t") for line in run.ok("token", "list", "gus@example.com").stdout.splitlines()]
    assert [(name, expiry == "never") for _, name, _, expiry in rows] == [("sync", True), ("cli", False)]
    listing = run.ok("token", "list", "gus@example.com").stdout
    assert forever not in listing and soon not in listing  # never the secret
    assert run("token", "create", "gus@example.com", "--expires-in-days", "0").exit_code != 0

    with TestClient(_app(data_dir)) as client:
        run.ok("token", "revoke", rows[0][0])
        assert client.get("/api/auth/me", headers={"Authorization": f"Token {forever}"}).status_code == 401
        assert client.get("/api/auth/me", headers={"Authorization": f"Token {soon}"}).status_code == 200
    assert [
        line.split("\t")[1] for line in run.ok("token", "list", "gus@example.com").stdout.splitlines()
    ] == ["cli"]
    again = run("token", "revoke", rows[0][0])
    assert again.exit_code != 0 and "not found" in again.output


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
    run.create_user("boss@example.com", "--admin")
    token = run.ok("token", "create", "boss@example.com").stdout.strip()
    with TestClient(_app(data_dir)) as client:
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
        "item_id", "text", "meta.gold", "annotation_id", "author", "status", "lead_time_ms",
        "updated_at", "sentiment", "stars",
    ]  # fmt: skip
    assert len(rows) == 3
    first, second = (dict(zip(rows[0], r, strict=True)) for r in rows[1:])
    assert first["item_id"] == str(labelled["item_ids"][0])
    assert first["text"] == 'good, "quoted" stuff' and first["meta.gold"] == "positive"
    assert first["author"] == "boss@example.com" and first["status"] == "submitted"
    assert first["annotation_id"] == str(labelled["annotation"]["id"])
    assert first["sentiment"] == "positive" and first["stars"] == "4"
    assert second["text"] == "meh" and second["annotation_id"] == "" and second["sentiment"] == ""


def test_export_drafts_and_consensus_options(
    run: Cli, project_id: int, labelled: dict[str, Any], tmp_path: Path, database: Database
) -> None:
    out = tmp_path / "out.json"
    run.ok("export", str(project_id), "--labels", "both", "-o", str(out))
    assert orjson.loads(out.read_bytes())[0]["consensus"] == {
        "sentiment": {"value": "positive", "method": "dawid_skene", "confidence": 1.0},
        "stars": {"value": 4, "method": "median", "confidence": 1.0},
    }
    with database.session(write=True) as db:  # the submitted annotation becomes a draft
        db.execute(update(Annotation).values(status="draft"))
        db.execute(update(Item).values(final_stale=True))  # as the save path marks a changed answer
    run.ok("export", str(project_id), "-o", str(out))
    assert all(i["annotations"] == [] for i in orjson.loads(out.read_bytes()))
    run.ok("export", str(project_id), "--include-drafts", "--labels", "both", "-o", str(out))
    items = orjson.loads(out.read_bytes())
    assert [a["status"] for a in items[0]["annotations"]] == ["draft"]
    assert items[0]["consensus"] == {}  # a draft is no answer for the consensus


def test_export_refuses_bad_format_and_missing_project(run: Cli, project_id: int, tmp_path: Path) -> None:
    out = tmp_path / "never.xml"
    r = run("export", str(project_id), "--format", "xml", "-o", str(out))
    assert r.exit_code != 0 and "unknown format 'xml'" in r.output
    assert not out.exists()
    r = run("export", "987654", "--format", "json", "-o", str(tmp_path / "missing.json"))
    assert r.exit_code != 0 and "not found" in r.output


# ---- formats and labels through the SDK ------------------------------------------------------


def test_parquet_export_then_import_as_gold(
    run: Cli, project_id: int, labelled: dict[str, Any], tmp_path: Path, database: Database, first: Any
) -> None:
    import pandas as pd

    out = tmp_path / "final.parquet"
    r = run.ok("export", str(project_id), "--format", "parquet", "--labels", "final", "-o", str(out))
    assert r.stdout == "" and f"wrote {out}" in r.stderr
    frame = pd.read_parquet(out)
    assert list(frame["text"]) == ['good, "quoted" stuff', "meh"]
    assert frame["sentiment"].iloc[0] == "positive" and frame["stars"].iloc[0] == 4
    assert frame["sentiment.method"].iloc[0] == "dawid_skene"

    with database.session(write=True) as db:
        admin = db.scalar(select(User.id).where(User.email == first.admin_email))
        assert admin is not None
        copy = projects.create_project(
            db, Actor(id=admin, email=first.admin_email, is_admin=True),
            name="Copy", schema=ProjectSchema.model_validate(SCHEMA),
        ).id  # fmt: skip
    r = run.ok("import", str(copy), str(out), "--labels-as", "gold", "--gold-set", "exam")
    assert f"imported 2 items into project {copy}" in r.stdout
    gold_file = tmp_path / "gold.jsonl"
    run.ok("export", str(copy), "--gold", "--format", "jsonl", "-o", str(gold_file))
    [gold] = [orjson.loads(line) for line in gold_file.read_bytes().splitlines()]
    assert gold["data"] == {"text": 'good, "quoted" stuff'} and gold["meta"] == {"gold": "positive"}
    assert gold["gold"]["set"] == "exam"
    assert {k: v for k, v in gold["gold"]["result"].items() if v is not None} == {
        "sentiment": "positive",
        "stars": 4,
    }
    assert [i["data"]["text"] for i in _export(run, copy, tmp_path)] == ["meh"]  # the unlabelled row


def test_import_refuses_bad_options_and_a_missing_file(run: Cli, project_id: int, tmp_path: Path) -> None:
    good = tmp_path / "items.json"
    good.write_bytes(GOOD_FILES["json"])
    assert run("import", str(project_id), str(good), "--labels-as", "truth").exit_code == 2
    assert run("import", str(project_id), str(tmp_path / "absent.json")).exit_code == 2
    r = run("import", str(project_id), str(good), "--url", "http://127.0.0.1:9")
    assert r.exit_code == 1 and "--token" in r.output
    r = run("import", str(project_id), str(good), "--url", "http://127.0.0.1:9", "--token", "t")
    assert r.exit_code == 1 and "cannot reach http://127.0.0.1:9" in r.output
    assert _projects(run)[project_id][1] == 0
