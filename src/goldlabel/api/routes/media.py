"""Media upload and serving (members only, sniffed content types, no path traversal), and what
was measured about each file: info, waveform peaks, thumbnail."""

from __future__ import annotations

from typing import IO, Literal

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from goldlabel.api.body_limit import allow_body
from goldlabel.api.deps import ActorDep, DatabaseDep, DbId, PageNumber, PageSize, SettingsDep
from goldlabel.core.errors import InvalidInput
from goldlabel.core.limits import MAX_ARCHIVE_MEMBERS
from goldlabel.services import media, media_library
from goldlabel.services.media_library import MediaInfoView, MediaPage, PeaksView

router = APIRouter(prefix="/api", tags=["media"])

# Derived files change only when their media is uploaded again under the same name.
PRIVATE_CACHE = {"Cache-Control": "private, max-age=3600"}


@router.post("/projects/{project_id}/media", status_code=201)
async def upload(
    project_id: DbId, request: Request, actor: ActorDep, database: DatabaseDep, settings: SettingsDep
) -> list[MediaInfoView]:
    """Managers upload files or zips of them (form fields named `files`). Access is checked
    before the body is read; the body is capped at GOLDLABEL_MAX_MEDIA_BYTES as it streams
    (Starlette spools each file to disk). Each file is measured, its waveform peaks and
    thumbnail made, before the answer: it lists every stored file's info."""
    await database.run(lambda db: media.check_upload_access(db, actor, project_id))
    allow_body(request, settings.max_media_bytes, "GOLDLABEL_MAX_MEDIA_BYTES")
    async with request.form(max_files=MAX_ARCHIVE_MEMBERS) as form:
        files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
        if not files:
            raise InvalidInput("send one or more files in form fields named 'files'")

        uploads: list[tuple[str, IO[bytes]]] = [(f.filename or "", f.file) for f in files]
        # Copying, decoding (peaks: seconds for an hour of audio) and the short transactions
        # around them, on a worker thread.
        return await run_in_threadpool(
            media.upload_media, database, actor, project_id, settings.media_dir, uploads
        )


@router.get("/projects/{project_id}/media")
async def list_media(
    project_id: DbId,
    actor: ActorDep,
    database: DatabaseDep,
    page: PageNumber = 1,
    page_size: PageSize = 50,
) -> MediaPage:
    """The project's media files by name, with what was measured (managers)."""
    return await database.run(
        lambda db: media_library.list_media(db, actor, project_id, page=page, page_size=page_size)
    )


@router.get("/projects/{project_id}/media/{name}")
async def media_info(project_id: DbId, name: str, actor: ActorDep, database: DatabaseDep) -> MediaInfoView:
    """A file's pixel size (after EXIF orientation), duration, frame rate and frame count, and
    where its peaks and thumbnail are (null when it has none). Any member of the project."""
    return await database.run(lambda db: media_library.media_info(db, actor, project_id, name))


async def _derived(
    project_id: int, name: str, kind: Literal["peaks", "thumbnail"], actor: ActorDep, database: DatabaseDep,
    settings: SettingsDep,
) -> FileResponse:  # fmt: skip
    path = await database.run(
        lambda db: media_library.derived_file(db, actor, project_id, settings.media_dir, name, kind)
    )
    return FileResponse(
        path,
        media_type="application/json" if kind == "peaks" else "image/webp",
        content_disposition_type="inline",
        headers=PRIVATE_CACHE,
    )


@router.get(
    "/projects/{project_id}/media/{name}/peaks",
    response_class=FileResponse,
    responses={200: {"model": PeaksView, "content": {"application/json": {}}}},
)
async def media_peaks(
    project_id: DbId, name: str, actor: ActorDep, database: DatabaseDep, settings: SettingsDep
) -> FileResponse:
    """`{duration, peaks_per_second, peaks}`: max |amplitude| (0..1) of the mono mix per bucket,
    computed once when the file arrived. 404 `no_peaks` for a file without sound."""
    return await _derived(project_id, name, "peaks", actor, database, settings)


@router.get(
    "/projects/{project_id}/media/{name}/thumbnail",
    response_class=FileResponse,
    responses={200: {"content": {"image/webp": {}}}},
)
async def media_thumbnail(
    project_id: DbId, name: str, actor: ActorDep, database: DatabaseDep, settings: SettingsDep
) -> FileResponse:
    """A small WebP (longest side 160 px): the EXIF-oriented image or a video's first frame.
    404 `no_thumbnail` for audio."""
    return await _derived(project_id, name, "thumbnail", actor, database, settings)


@router.get("/media/{project_id}/{path:path}")
async def serve(
    project_id: DbId, path: str, actor: ActorDep, database: DatabaseDep, settings: SettingsDep
) -> FileResponse:
    """The file itself; answers `Range` requests with 206 and the bytes asked for (Starlette's
    FileResponse reads only those)."""
    # The access check and the file's sniffing (a read from disk) on a worker thread; Starlette
    # sends the file without blocking the loop.
    found = await database.run(
        lambda db: media.media_file(db, actor, project_id, settings.media_dir, path), long=True
    )
    return FileResponse(
        found.path,
        media_type=found.content_type,
        content_disposition_type="inline",
        headers=PRIVATE_CACHE,
    )
