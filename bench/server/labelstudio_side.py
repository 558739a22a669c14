"""Label Studio under the benchmark, run from its own virtualenv (bench/.work/ls-venv).

Its users and API tokens are made by a small Django script run with Label Studio's own
interpreter (ls_users.py); everything else goes through its HTTP API with token auth.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any, ClassVar

import httpx

from server.procs import Server

LS_VENV = Path(__file__).resolve().parent.parent / ".work" / "ls-venv"
LS_BIN = LS_VENV / "bin"
ADMIN = "admin@bench.local"
ADMIN_PASSWORD = "bench-password-1"
ADMIN_TOKEN = "benchadmintoken0123456789abcdef01234567"
LABEL_CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Choices name="sentiment" toName="text">
    <Choice value="pos"/><Choice value="neg"/><Choice value="neu"/>
  </Choices>
</View>"""


class LabelStudio:
    name = "labelstudio"
    next_path = "/api/projects/{project}/next"
    flow = "submit"  # one POST: its draft autosave is not exercised
    saves: ClassVar[list[dict[str, Any]]] = [
        {
            "method": "POST",
            "path": "/api/tasks/{item}/annotations",
            "body": {
                "result": [
                    {
                        "from_name": "sentiment",
                        "to_name": "text",
                        "type": "choices",
                        "value": {"choices": ["pos"]},
                    }
                ],
                "lead_time": 1.2,
            },
        }
    ]
    empty_statuses = (404,)

    def __init__(self, work: Path, port: int) -> None:
        self.work, self.port = work, port
        self.base = f"http://127.0.0.1:{port}"
        self.data_dir = work / "data"
        self.server: Server | None = None
        self.http = httpx.Client(
            base_url=self.base, timeout=3600, headers={"Authorization": f"Token {ADMIN_TOKEN}"}
        )

    def _env(self, data_dir: Path) -> dict[str, str]:
        return {"LABEL_STUDIO_BASE_DATA_DIR": str(data_dir)}

    def version(self) -> str:
        out = subprocess.run(
            [str(LS_BIN / "python"), "-c", "import label_studio; print(label_studio.__version__)"],
            capture_output=True,
            text=True,
            check=True,
        )
        return out.stdout.strip()

    def make_server(self, data_dir: Path, log: Path) -> Server:
        cmd = [
            str(LS_BIN / "label-studio"),
            "start",
            "--no-browser",
            "--internal-host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--data-dir",
            str(data_dir),
            "--username",
            ADMIN,
            "--password",
            ADMIN_PASSWORD,
            "--user-token",
            ADMIN_TOKEN,
        ]
        return Server(self.name, cmd, f"{self.base}/health", log, env=self._env(data_dir))

    def stop(self) -> None:
        if self.server:
            self.server.stop()

    def setup_users(self, n: int) -> list[str]:
        script = Path(__file__).with_name("ls_users.py")
        out = subprocess.run(
            [str(LS_BIN / "python"), str(script), str(n)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, **self._env(self.data_dir)},
        )
        return json.loads(out.stdout.strip().splitlines()[-1])

    def create_project(self, name: str, overlap: int, members: int) -> int:
        # Label Studio (community) has no per-project membership: every user of the organisation
        # may label every project, so ``members`` needs no call here.
        resp = self.http.post(
            "/api/projects",
            json={"title": name, "label_config": LABEL_CONFIG, "maximum_annotations": overlap},
        )
        resp.raise_for_status()
        return resp.json()["id"]

    def import_file(self, project_id: int, path: Path) -> int:
        with path.open("rb") as fh:
            resp = self.http.post(
                f"/api/projects/{project_id}/import", files={"file": (path.name, fh, "application/json")}
            )
        resp.raise_for_status()
        return resp.json().get("task_count", 0)

    def export_to(self, project_id: int, out: Path) -> None:
        url = f"/api/projects/{project_id}/export?exportType=JSON&download_all_tasks=true"
        with self.http.stream("GET", url) as resp:
            resp.raise_for_status()
            with out.open("wb") as fh:
                for chunk in resp.iter_raw():
                    fh.write(chunk)

    @staticmethod
    def annotation_counts(export: list[dict[str, Any]]) -> list[int]:
        return [sum(not a.get("was_cancelled") for a in row.get("annotations", [])) for row in export]
