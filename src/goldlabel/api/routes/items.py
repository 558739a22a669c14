"""Item import, listing, the queue (next/skip) and export."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any, Literal

import orjson
from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from goldlabel.api.deps import ActorDep, DatabaseDep, SettingsDep
from goldlabel.core.errors import InvalidInput, TooLarge
from goldlabel.core.limits import MAX_UPLOAD_BYTES, SKIP_REASON_MAX
from goldlabel.formats.exports import MEDIA_TYPES
from goldlabel.formats.rows import FormatError, as_item, format_from_filename, read_rows
from goldlabel.services import exports, items, queue
from goldlabel.services.views import AnnotatorItemView, ImportResult, ItemPage

router = APIRouter(prefix="/api", tags=["items"])
STREAM_CHUNK_BYTES = 1 << 16

IMPORT_BODY_DOC: dict[str, Any] = {
    "requestBody": {
        "content": {
            "application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
            "multipart/form-data": {
                "schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}
            },
        }
    }
}


class SkipIn(BaseModel):
    reason: str = Field(default="skipped", max_length=SKIP_REASON_MAX)


@router.post("/projects/{project_id}/items", status_code=201, openapi_extra=IMPORT_BODY_DOC)
async def import_items(
    project_id: int, request: Request, actor: ActorDep, database: DatabaseDep
) -> ImportResult:
    content_type = request.headers.get("content-type", "")
    declared = int(request.headers.get("content-length") or 0)
    if declared > MAX_UPLOAD_BYTES:
        raise TooLarge(f"upload is larger than {MAX_UPLOAD_BYTES} bytes")
    if content_type.startswith("multipart/form-data"):
        form = await request.form(max_files=1)
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise InvalidInput("send the file in a form field named 'file'")
        if (upload.size or 0) > MAX_UPLOAD_BYTES:
            raise TooLarge(f"upload is larger than {MAX_UPLOAD_BYTES} bytes")
        try:
            fmt = format_from_filename(upload.filename)
        except FormatError as exc:
            raise InvalidInput({"row": None, "message": exc.message}) from None
        return await run_in_threadpool(_import, database, actor, project_id, read_rows(upload.file, fmt))
    body = await request.body()
    try:
        parsed = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise InvalidInput({"row": None, "message": f"body is not valid JSON: {exc}"}) from None
    if not isinstance(parsed, list):
        raise InvalidInput({"row": None, "message": "send a JSON list of items, or a file upload"})
    rows = ((i, as_item(i, obj)) for i, obj in enumerate(parsed, 1))
    return await run_in_threadpool(_import, database, actor, project_id, rows)


def _import(database: Any, actor: Any, project_id: int, rows: Any) -> ImportResult:
    try:
        with database.session(write=True) as db:
            return items.import_items(db, actor, project_id, rows)
    except FormatError as exc:
        raise InvalidInput({"row": exc.row, "message": exc.message}) from None


@router.get("/projects/{project_id}/items")
def list_items(
    project_id: int,
    actor: ActorDep,
    database: DatabaseDep,
    page: int = Query(default=1, ge=1),
    page_size: int = Query(default=50, ge=1, le=500),
) -> ItemPage:
    with database.session() as db:
        return items.list_items(db, actor, project_id, page=page, page_size=page_size)


@router.get(
    "/projects/{project_id}/next",
    response_model=AnnotatorItemView,
    responses={204: {"description": "nothing left for you"}},
)
async def next_item(project_id: int, actor: ActorDep, database: DatabaseDep, settings: SettingsDep) -> Any:
    ttl = timedelta(seconds=settings.lock_ttl_seconds)
    item = await database.run(lambda db: queue.next_item(db, actor, project_id, lock_ttl=ttl), write=True)
    if item is None:
        return Response(status_code=204)
    return AnnotatorItemView.model_validate(item)


@router.post("/items/{item_id}/skip", status_code=204)
def skip_item(item_id: int, body: SkipIn, actor: ActorDep, database: DatabaseDep) -> Response:
    with database.session(write=True) as db:
        queue.skip_item(db, actor, item_id, reason=body.reason)
    return Response(status_code=204)


@router.get("/projects/{project_id}/export")
def export(
    project_id: int,
    actor: ActorDep,
    database: DatabaseDep,
    format: Literal["json", "jsonl", "csv"] = "json",
) -> StreamingResponse:
    body = exports.export_project(database, actor, project_id, format)
    return StreamingResponse(
        _coalesced(body),
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="project-{project_id}.{format}"'},
    )


def _coalesced(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """Join small chunks (one per item) into blocks: the response moves each chunk from a worker
    thread to the event loop, a hop that costs more than writing a short item."""
    block: list[bytes] = []
    size = 0
    for chunk in chunks:
        block.append(chunk)
        size += len(chunk)
        if size >= STREAM_CHUNK_BYTES:
            yield b"".join(block)
            block.clear()
            size = 0
    if block:
        yield b"".join(block)
