"""Media upload and serving (members only, sniffed content types, no path traversal)."""

from __future__ import annotations

from typing import IO

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse
from starlette.datastructures import UploadFile

from goldlabel.api.body_limit import allow_body
from goldlabel.api.deps import ActorDep, DatabaseDep, DbId, SettingsDep
from goldlabel.core.errors import InvalidInput
from goldlabel.core.limits import MAX_ARCHIVE_MEMBERS
from goldlabel.services import media

router = APIRouter(prefix="/api", tags=["media"])


@router.post("/projects/{project_id}/media", status_code=201)
async def upload(
    project_id: DbId, request: Request, actor: ActorDep, database: DatabaseDep, settings: SettingsDep
) -> list[dict[str, str]]:
    """Access is checked before the body is read; the body is capped at GOLDLABEL_MAX_MEDIA_BYTES
    as it streams (Starlette spools each file to disk)."""
    await database.run(lambda db: media.check_upload_access(db, actor, project_id))
    allow_body(request, settings.max_media_bytes, "GOLDLABEL_MAX_MEDIA_BYTES")
    async with request.form(max_files=MAX_ARCHIVE_MEMBERS) as form:
        files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
        if not files:
            raise InvalidInput("send one or more files in form fields named 'files'")

        uploads: list[tuple[str, IO[bytes]]] = [(f.filename or "", f.file) for f in files]
        stored = await database.run(
            lambda db: media.upload_media(db, actor, project_id, settings.media_dir, uploads), long=True
        )
    return [{"name": s.name, "url": s.url} for s in stored]


@router.get("/media/{project_id}/{path:path}")
async def serve(
    project_id: DbId, path: str, actor: ActorDep, database: DatabaseDep, settings: SettingsDep
) -> FileResponse:
    # The access check and the file's sniffing (a read from disk) on a worker thread; Starlette
    # sends the file without blocking the loop.
    found = await database.run(
        lambda db: media.media_file(db, actor, project_id, settings.media_dir, path), long=True
    )
    return FileResponse(
        found.path,
        media_type=found.content_type,
        content_disposition_type="inline",
        headers={"Cache-Control": "private, max-age=3600"},
    )
