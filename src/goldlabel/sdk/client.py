"""A typed Python client of goldlabel's public HTTP API (token auth; no server imports).

from goldlabel.sdk import Client
gl = Client("http://localhost:8080", token="...")
project = gl.create_project("Reviews", schema={...})
gl.import_items(project["id"], [{"data": {"text": "hello"}}])
for item in gl.export(project["id"]): ...
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import orjson


class ApiError(Exception):
    """A 4xx/5xx answer. Branch on ``code`` (stable, documented in the OpenAPI document);
    ``message`` is for people; ``detail`` holds every field the server sent (``row``, ``control`` …)."""

    def __init__(self, status_code: int, detail: Any) -> None:
        self.status_code = status_code
        self.detail: dict[str, Any] = detail if isinstance(detail, dict) else {"message": str(detail)}
        self.code: str = str(self.detail.get("code", "unknown"))
        self.message: str = str(self.detail.get("message", ""))
        super().__init__(f"{status_code} {self.code}: {self.message}")


class Client:
    def __init__(
        self,
        base_url: str = "http://localhost:8080",
        *,
        token: str,
        http: httpx.Client | None = None,
        timeout: float = 60.0,
    ) -> None:
        self._http = http or httpx.Client(base_url=base_url, timeout=timeout)
        self._http.headers["Authorization"] = f"Token {token}"

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self._http.request(method, path, **kwargs)
        if response.status_code >= 400:
            try:
                detail = response.json().get("detail")
            except ValueError:
                detail = response.text
            raise ApiError(response.status_code, detail)
        if response.status_code == 204 or not response.content:
            return None
        return response.json()

    @staticmethod
    def _as_object(body: Any, path: str) -> dict[str, Any]:
        """The answer's JSON object, or ApiError for anything else (a proxy's page, say)."""
        if not isinstance(body, dict):
            raise ApiError(502, {"code": "unknown", "message": f"expected a JSON object from {path}"})
        return body

    def _object(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        return self._as_object(self._call(method, path, **kwargs), path)

    def _objects(self, method: str, path: str, **kwargs: Any) -> list[dict[str, Any]]:
        body = self._call(method, path, **kwargs)
        if not isinstance(body, list) or not all(isinstance(b, dict) for b in body):
            raise ApiError(502, {"code": "unknown", "message": f"expected a JSON list from {path}"})
        return body

    def me(self) -> dict[str, Any]:
        return self._object("GET", "/api/auth/me")

    def projects(self) -> list[dict[str, Any]]:
        return self._objects("GET", "/api/projects")

    def project(self, project_id: int) -> dict[str, Any]:
        return self._object("GET", f"/api/projects/{project_id}")

    def create_project(
        self,
        name: str,
        *,
        schema: dict[str, Any] | None = None,
        label_config: str | None = None,
        description: str = "",
    ) -> dict[str, Any]:
        """Needs the right to create projects (admins have it; they grant it to others)."""
        body: dict[str, Any] = {"name": name, "description": description}
        if schema is not None:
            body["schema"] = schema
        if label_config is not None:
            body["label_config"] = label_config
        return self._object("POST", "/api/projects", json=body)

    def add_member(self, project_id: int, email: str, role: str) -> dict[str, Any]:
        """Invite an email (``status: "invited"``: they join once they accept), or change a
        member's role (``status: "member"``)."""
        return self._object(
            "POST", f"/api/projects/{project_id}/members", json={"email": email, "role": role}
        )

    def invitations(self) -> list[dict[str, Any]]:
        """The caller's pending project invitations."""
        return self._objects("GET", "/api/invitations")

    def accept_invitation(self, invitation_id: int) -> dict[str, Any]:
        """Join the project; answers the project as the caller now sees it."""
        return self._object("POST", f"/api/invitations/{invitation_id}/accept")

    def import_items(self, project_id: int, items: list[dict[str, Any]]) -> int:
        return int(self._object("POST", f"/api/projects/{project_id}/items", json=items)["created"])

    def import_file(self, project_id: int, path: str | Path) -> int:
        path = Path(path)
        with path.open("rb") as f:
            answer = self._object("POST", f"/api/projects/{project_id}/items", files={"file": (path.name, f)})
        return int(answer["created"])

    def items(self, project_id: int, *, page: int = 1, page_size: int = 100) -> dict[str, Any]:
        return self._object(
            "GET", f"/api/projects/{project_id}/items", params={"page": page, "page_size": page_size}
        )

    # ---- media (docs/API.md, "Items and labeling") ----

    def upload_media(self, project_id: int, *paths: str | Path) -> list[dict[str, Any]]:
        """Upload files or zips in one request; each stored file's info, measured by the server."""
        with ExitStack() as stack:
            files = [("files", (Path(p).name, stack.enter_context(Path(p).open("rb")))) for p in paths]
            return self._objects("POST", f"/api/projects/{project_id}/media", files=files)

    def media_info(self, project_id: int, name: str) -> dict[str, Any]:
        """``{name, url, content_type, bytes, width, height, duration, fps, frames, peaks_url,
        thumbnail_url}``."""
        return self._object("GET", f"/api/projects/{project_id}/media/{quote(name, safe='')}")

    def media_peaks(self, project_id: int, name: str) -> dict[str, Any]:
        """``{duration, peaks_per_second, peaks}`` of a file with sound."""
        return self._object("GET", f"/api/projects/{project_id}/media/{quote(name, safe='')}/peaks")

    # ---- the guideline (docs/API.md, "Guidelines") ----

    def guideline(self, project_id: int) -> dict[str, Any]:
        """The published guideline with its sections and examples (404 ``no_guideline`` before)."""
        return self._object("GET", f"/api/projects/{project_id}/guideline")

    def save_guideline_draft(self, project_id: int, markdown: str) -> dict[str, Any]:
        return self._object("PUT", f"/api/projects/{project_id}/guideline/draft", json={"markdown": markdown})

    def publish_guideline(self, project_id: int, *, level: str = "minor", note: str = "") -> dict[str, Any]:
        """Publish the draft (``level``: "major" or "minor"); answers the new version."""
        body = {"level": level, "note": note}
        path = f"/api/projects/{project_id}/guideline/publish"
        return self._as_object(self._object("POST", path, json=body)["version"], path)

    def acknowledge_guideline(self, project_id: int, version: int | str) -> dict[str, Any]:
        """Say the caller read a published version (its id, or its name such as "2.1")."""
        path = f"/api/projects/{project_id}/guideline/acknowledge"
        return self._object("POST", path, json={"version": version})

    def put_guideline_example(self, project_id: int, item_id: int, **example: Any) -> dict[str, Any]:
        """Attach an item as an example or counterexample: ``kind``, ``section`` (an anchor),
        optionally ``control``, ``label``, ``wrong_result``, ``explanation``, ``reference``."""
        return self._object("PUT", f"/api/projects/{project_id}/guideline/examples/{item_id}", json=example)

    def next_item(self, project_id: int) -> dict[str, Any] | None:
        """The next item for the caller (locked for them), or None when nothing is left."""
        path = f"/api/projects/{project_id}/next"
        body = self._call("GET", path)
        return None if body is None else self._as_object(body, path)

    def annotate(
        self, item_id: int, result: dict[str, Any], *, status: str = "submitted", lead_time_ms: int = 0
    ) -> dict[str, Any]:
        return self._object(
            "POST",
            f"/api/items/{item_id}/annotations",
            json={"result": result, "status": status, "lead_time_ms": lead_time_ms},
        )

    def update_annotation(
        self, annotation_id: int, result: dict[str, Any], *, version: int, status: str = "submitted"
    ) -> dict[str, Any]:
        return self._object(
            "PATCH",
            f"/api/annotations/{annotation_id}",
            json={"result": result, "status": status, "version": version},
        )

    def skip(self, item_id: int, reason: str = "skipped") -> None:
        self._call("POST", f"/api/items/{item_id}/skip", json={"reason": reason})

    def export(self, project_id: int) -> Iterator[dict[str, Any]]:
        """Stream the project's items with annotations, one dict at a time (JSONL underneath)."""
        with self._http.stream("GET", f"/api/projects/{project_id}/export", params={"format": "jsonl"}) as r:
            if r.status_code >= 400:
                r.read()
                raise ApiError(r.status_code, r.json().get("detail"))
            for line in r.iter_lines():
                if line:
                    yield orjson.loads(line)
