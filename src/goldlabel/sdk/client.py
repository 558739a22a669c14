"""A typed Python client of goldlabel's public HTTP API (token auth; no server imports).

    import goldlabel
    gl = goldlabel.Client("http://localhost:8080", token="...")
    project = gl.projects.create("Reviews", schema={...})
    project.import_items([{"text": "hello"}])
    frame = project.to_pandas()

Projects and what hangs off them (items, predictions, members, import and export) live in
``sdk/projects.py``; the labeling, media and guideline calls stay here, by project id. Every
4xx/5xx answer raises ``ApiError`` with the server's stable ``code`` (docs/API.md lists them).
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from goldlabel.sdk.http import ApiError, Http
from goldlabel.sdk.models import FormatInfo, ProjectInfo
from goldlabel.sdk.projects import Project, Projects, Verdict, review_annotation


class Client:
    """``Client(url, token)``; or ``Client(token=..., http=an httpx.Client)`` whose base URL is
    set (tests pass a Starlette TestClient; the CLI an in-process server)."""

    def __init__(
        self,
        base_url: str = "http://localhost:8080",
        token: str | None = None,
        *,
        http: httpx.Client | None = None,
        timeout: float | None = 60.0,
    ) -> None:
        self._http = http or httpx.Client(base_url=base_url, timeout=timeout)
        if token is not None:
            self._http.headers["Authorization"] = f"Token {token}"
        self.api = Http(self._http)
        self.projects = Projects(self.api)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def project(self, project_id: int) -> Project:
        """The project: ``client.projects.get(project_id)``."""
        return self.projects.get(project_id)

    def me(self) -> dict[str, Any]:
        return self.api.object("GET", "/api/auth/me")

    def formats(self) -> list[FormatInfo]:
        """The file formats the server imports and exports."""
        return self.api.typed_list(FormatInfo, "GET", "/api/formats")

    def templates(self) -> list[dict[str, Any]]:
        """Schemas for common labeling tasks: ``[{id, title, description, schema, field_kinds}]``."""
        return self.api.objects("GET", "/api/templates")

    def create_sample_project(self, template_id: str, *, name: str | None = None) -> Project:
        """A new project from a template, with sample items (and media) the server generates."""
        body = {"name": name} if name is not None else {}
        info = self.api.typed(ProjectInfo, "POST", f"/api/templates/{template_id}/project", json=body)
        return Project(self.api, info)

    def control_types(self) -> list[dict[str, Any]]:
        """Every control type, with whether the built web UI can draw it (``widget``)."""
        return self.api.objects("GET", "/api/control-types")

    def invitations(self) -> list[dict[str, Any]]:
        """The caller's pending project invitations."""
        return self.api.objects("GET", "/api/invitations")

    def accept_invitation(self, invitation_id: int) -> dict[str, Any]:
        """Join the project; answers the project as the caller now sees it."""
        return self.api.object("POST", f"/api/invitations/{invitation_id}/accept")

    # ---- media (docs/API.md, "Items and labeling") ----

    def upload_media(self, project_id: int, *paths: str | Path) -> list[dict[str, Any]]:
        """Upload files or zips in one request; each stored file's info, measured by the server."""
        with ExitStack() as stack:
            files = [("files", (Path(p).name, stack.enter_context(Path(p).open("rb")))) for p in paths]
            return self.api.objects("POST", f"/api/projects/{project_id}/media", files=files)

    def media_info(self, project_id: int, name: str) -> dict[str, Any]:
        """``{name, url, content_type, bytes, width, height, duration, fps, frames, peaks_url,
        thumbnail_url}``."""
        return self.api.object("GET", f"/api/projects/{project_id}/media/{quote(name, safe='')}")

    def media_peaks(self, project_id: int, name: str) -> dict[str, Any]:
        """``{duration, peaks_per_second, peaks}`` of a file with sound."""
        return self.api.object("GET", f"/api/projects/{project_id}/media/{quote(name, safe='')}/peaks")

    # ---- the guideline (docs/API.md, "Guidelines") ----

    def guideline(self, project_id: int) -> dict[str, Any]:
        """The published guideline with its sections and examples (404 ``no_guideline`` before)."""
        return self.api.object("GET", f"/api/projects/{project_id}/guideline")

    def save_guideline_draft(self, project_id: int, markdown: str) -> dict[str, Any]:
        return self.api.object(
            "PUT", f"/api/projects/{project_id}/guideline/draft", json={"markdown": markdown}
        )

    def publish_guideline(self, project_id: int, *, level: str = "minor", note: str = "") -> dict[str, Any]:
        """Publish the draft (``level``: "major" or "minor"); answers the new version."""
        body = {"level": level, "note": note}
        path = f"/api/projects/{project_id}/guideline/publish"
        version = self.api.object("POST", path, json=body)["version"]
        if not isinstance(version, dict):
            raise ApiError(502, {"code": "unknown", "message": f"expected a version from {path}"})
        return version

    def acknowledge_guideline(self, project_id: int, version: int | str) -> dict[str, Any]:
        """Say the caller read a published version (its id, or its name such as "2.1")."""
        path = f"/api/projects/{project_id}/guideline/acknowledge"
        return self.api.object("POST", path, json={"version": version})

    def put_guideline_example(self, project_id: int, item_id: int, **example: Any) -> dict[str, Any]:
        """Attach an item as an example or counterexample: ``kind``, ``section`` (an anchor),
        optionally ``control``, ``label``, ``wrong_result``, ``explanation``, ``reference``."""
        path = f"/api/projects/{project_id}/guideline/examples/{item_id}"
        return self.api.object("PUT", path, json=example)

    # ---- monitoring (docs/API.md, "Dashboard" and "Alerts") ----

    def dashboard(self, project_id: int, *, days: int = 30, **query: Any) -> dict[str, Any]:
        """Progress and forecast, throughput, agreement and honeypot accuracy per day, confusion,
        drifting annotators and backlogs (reviewers and managers)."""
        params = {"days": days, **query}
        return self.api.object("GET", f"/api/projects/{project_id}/dashboard", params=params)

    def alert_rules(self, project_id: int) -> list[dict[str, Any]]:
        return self.api.objects("GET", f"/api/projects/{project_id}/alerts/rules")

    def create_alert_rule(
        self,
        project_id: int,
        metric: str,
        direction: str,
        threshold: float,
        *,
        webhook_url: str | None = None,
        enabled: bool = True,
    ) -> dict[str, Any]:
        """A rule that fires once each time ``metric`` goes ``direction`` ("below" or "above")
        ``threshold`` (managers)."""
        body = {
            "metric": metric,
            "direction": direction,
            "threshold": threshold,
            "webhook_url": webhook_url,
            "enabled": enabled,
        }
        return self.api.object("POST", f"/api/projects/{project_id}/alerts/rules", json=body)

    def update_alert_rule(self, project_id: int, rule_id: int, **changes: Any) -> dict[str, Any]:
        return self.api.object("PATCH", f"/api/projects/{project_id}/alerts/rules/{rule_id}", json=changes)

    def delete_alert_rule(self, project_id: int, rule_id: int) -> None:
        self.api.call("DELETE", f"/api/projects/{project_id}/alerts/rules/{rule_id}")

    def alerts(self, project_id: int) -> list[dict[str, Any]]:
        """The alerts fired, newest first."""
        return self.api.objects("GET", f"/api/projects/{project_id}/alerts")

    # ---- labeling ----

    def next_item(self, project_id: int) -> dict[str, Any] | None:
        """The next item for the caller (locked for them), or None when nothing is left."""
        body = self.api.call("GET", f"/api/projects/{project_id}/next")
        return None if body is None else dict(body)

    def annotate(
        self, item_id: int, result: dict[str, Any], *, status: str = "submitted", lead_time_ms: int = 0
    ) -> dict[str, Any]:
        body = {"result": result, "status": status, "lead_time_ms": lead_time_ms}
        return self.api.object("POST", f"/api/items/{item_id}/annotations", json=body)

    def update_annotation(
        self, annotation_id: int, result: dict[str, Any], *, version: int, status: str = "submitted"
    ) -> dict[str, Any]:
        body = {"result": result, "status": status, "version": version}
        return self.api.object("PATCH", f"/api/annotations/{annotation_id}", json=body)

    def skip(self, item_id: int, reason: str = "skipped") -> None:
        self.api.call("POST", f"/api/items/{item_id}/skip", json={"reason": reason})

    # ---- review (docs/API.md, "Review tiers") ----

    def review(
        self,
        annotation_id: int,
        verdict: Verdict,
        *,
        comment: str = "",
        guideline_section: str | None = None,
        result: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Accept, reject (``comment`` says why; it goes back to the author) or fix (``result``:
        the corrected answer) an annotation waiting at a tier the caller reviews; the verdict."""
        return review_annotation(
            self.api,
            annotation_id,
            verdict,
            comment=comment,
            guideline_section=guideline_section,
            result=result,
        )
