"""goldlabel under the benchmark: first start, users and tokens, project, import, export."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import httpx

from goldlabel.db.engine import Database
from goldlabel.services import auth, tokens
from server.procs import Server

NAME = "goldlabel"
SCHEMA = {
    "fields": {"text": "text"},
    "controls": [{"name": "sentiment", "type": "choices", "field": "text", "options": ["pos", "neg", "neu"]}],
}
ADMIN = "admin@goldlabel.local"


ANSWER = {"sentiment": "pos"}
CREATE = "/api/items/{item}/annotations"
# The saves of one round after ``next``, per flow. ``ui`` is what the web UI sends
# (frontend/src/labeling/sync.ts): the first autosave creates a draft, the submission PATCHes
# it with the version the draft returned. ``direct`` submits at once (an SDK script's way).
FLOWS: dict[str, list[dict[str, Any]]] = {
    "ui": [
        {
            "method": "POST",
            "path": CREATE,
            "body": {"result": ANSWER, "status": "draft", "lead_time_ms": 600},
        },
        {
            "method": "PATCH",
            "path": "/api/annotations/{id}",
            "body": {"result": ANSWER, "status": "submitted", "lead_time_ms": 1200},
            "carry": ["version"],
        },
    ],
    "direct": [
        {
            "method": "POST",
            "path": CREATE,
            "body": {"result": ANSWER, "status": "submitted", "lead_time_ms": 1200},
        }
    ],
}


class Goldlabel:
    name = NAME
    next_path = "/api/projects/{project}/next"
    empty_statuses = (204,)

    def __init__(self, work: Path, port: int, flow: str = "ui") -> None:
        self.work, self.port = work, port
        self.flow = flow
        self.saves = FLOWS[flow]
        self.base = f"http://127.0.0.1:{port}"
        self.data_dir = work / "data"
        self.server: Server | None = None
        self.token = ""
        self.http = httpx.Client(base_url=self.base, timeout=600)

    def version(self) -> str:
        from goldlabel import __version__

        return __version__

    def make_server(self, data_dir: Path, log: Path) -> Server:
        goldlabel = str(Path(sys.executable).with_name("goldlabel"))
        cmd = [goldlabel, "start", "--host", "127.0.0.1", "--port", str(self.port)]
        cmd += ["--data-dir", str(data_dir)]
        return Server(NAME, cmd, f"{self.base}/api/auth/me", log)

    def stop(self) -> None:
        if self.server:
            self.server.stop()

    def _db(self) -> Database:
        return Database(f"sqlite:///{(self.data_dir / 'goldlabel.sqlite3').resolve()}")

    def setup_users(self, n: int) -> list[str]:
        """The admin's token, and ``n`` annotator accounts with one token each."""
        database = self._db()
        annotator_tokens = []
        with database.session(write=True) as db:
            admin_id = auth.user_by_email(db, ADMIN).id
            self.token = tokens.create_token(db, admin_id, name="bench").token
            for i in range(n):
                user = auth.create_user(db, f"annotator{i}@bench.local", f"password-{i:04d}")
                annotator_tokens.append(tokens.create_token(db, user.id, name="bench").token)
        database.dispose()
        self.http.headers["Authorization"] = f"Token {self.token}"
        self.annotator_tokens = annotator_tokens
        return annotator_tokens

    def create_project(
        self, name: str, overlap: int, members: int, schema: dict[str, Any] | None = None
    ) -> int:
        body = {"name": name, "schema": {**(schema or SCHEMA), "overlap": overlap}}
        resp = self.http.post("/api/projects", json=body)
        resp.raise_for_status()
        pid = resp.json()["id"]
        for i in range(members):
            member = {"email": f"annotator{i}@bench.local", "role": "annotator"}
            self.http.post(f"/api/projects/{pid}/members", json=member).raise_for_status()
        for token in self.annotator_tokens[:members]:  # each annotator accepts the invitation
            mine = {"Authorization": f"Token {token}"}
            for invitation in self.http.get("/api/invitations", headers=mine).json():
                self.http.post(f"/api/invitations/{invitation['id']}/accept", headers=mine).raise_for_status()
        return pid

    def import_file(self, project_id: int, path: Path) -> int:
        with path.open("rb") as fh:
            resp = self.http.post(
                f"/api/projects/{project_id}/items", files={"file": (path.name, fh, "application/json")}
            )
        resp.raise_for_status()
        return resp.json()["created"]

    def export_to(self, project_id: int, out: Path) -> None:
        with self.http.stream("GET", f"/api/projects/{project_id}/export?format=json") as resp:
            resp.raise_for_status()
            with out.open("wb") as fh:
                for chunk in resp.iter_raw():
                    fh.write(chunk)

    @staticmethod
    def annotation_counts(export: list[dict[str, Any]]) -> list[int]:
        return [sum(a["status"] == "submitted" for a in row["annotations"]) for row in export]
