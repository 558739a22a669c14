"""The SDK and the CLI's --url against `goldlabel start` in a subprocess: real HTTP, a file
streamed up with its progress bar, exports streamed down, the token kept out of every output."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson
import pytest

import goldlabel
from tests.live_server import CLI, cli, running_server, server_env

SCHEMA = {
    "fields": {"text": "text"},
    "controls": [{"name": "sentiment", "type": "choices", "field": "text", "options": ["pos", "neg"]}],
}
ROWS = 5_000


@dataclass
class Live:
    url: str
    token: str
    data_dir: Path


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    data_dir = tmp_path_factory.mktemp("sdk-live")
    password = "a long enough password"
    cli("user", "create", "ops@example.org", "--admin", "--password-stdin", data_dir=data_dir, input=password)
    token = cli("token", "create", "ops@example.org", data_dir=data_dir).stdout.strip()
    with running_server(data_dir, "--no-demo") as (_proc, url):
        yield Live(url, token, data_dir)


def test_sdk_imports_a_large_file_and_exports_it_back(
    live: Live, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "big.csv"
    source.write_text("id,text\n" + "".join(f"{n},item number {n}\n" for n in range(ROWS)))
    with goldlabel.Client(live.url, live.token) as gl:
        project = gl.projects.create("Live", schema=SCHEMA)
        result = project.import_items(source, progress=True)
        assert result.created == ROWS
        assert "import" in capfd.readouterr().err
        target = project.export("parquet", path=tmp_path / "out.parquet")
        frame = project.to_pandas()
        first = next(project.rows())
    import pandas as pd

    assert isinstance(target, Path)
    assert pd.read_parquet(target).shape[0] == ROWS
    assert sorted(frame["external_id"].astype(int)) == list(range(ROWS))
    assert first["data"] == {"text": "item number 0"} and first["external_id"] == "0"


def _goldlabel(live: Live, *args: str) -> subprocess.CompletedProcess[str]:
    """The command with the server's address and token from the environment, not the arguments."""
    env = server_env()
    env.update(GOLDLABEL_URL=live.url, GOLDLABEL_TOKEN=live.token)
    return subprocess.run(
        [sys.executable, "-c", CLI, *args], capture_output=True, text=True, timeout=120, env=env, check=False
    )


def test_cli_import_and_export_against_a_server(live: Live, tmp_path: Path) -> None:
    with goldlabel.Client(live.url, live.token) as gl:
        project = gl.projects.create("Via the CLI", schema=SCHEMA)
    source = tmp_path / "items.jsonl"
    source.write_bytes(b'{"id": "a", "text": "one"}\n{"id": "b", "text": "two"}\n')
    imported = _goldlabel(live, "import", str(project.id), str(source))
    assert imported.returncode == 0, imported.stderr
    assert f"imported 2 items into project {project.id}" in imported.stdout
    exported = _goldlabel(live, "export", str(project.id), "--format", "jsonl")
    assert exported.returncode == 0, exported.stderr
    rows = [orjson.loads(line) for line in exported.stdout.splitlines()]
    assert [(r["external_id"], r["data"]["text"]) for r in rows] == [("a", "one"), ("b", "two")]
    again = _goldlabel(live, "import", str(project.id), str(source))
    assert again.returncode == 1 and "row 1:" in again.stderr and "already has an item" in again.stderr
    wrong = _goldlabel(live, "export", str(project.id), "--token", "not-a-token")
    assert wrong.returncode == 1 and "invalid" in wrong.stderr
    for run in (imported, exported, again, wrong):
        assert live.token not in run.stdout + run.stderr
