"""Item import: a JSON list in the body, or a .json/.jsonl/.csv file upload."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from goldlabel.api.deps import ActorDep, DatabaseDep, DbId
from goldlabel.core.errors import ErrorCode, InvalidInput, TooLarge
from goldlabel.core.limits import MAX_UPLOAD_BYTES
from goldlabel.formats.rows import FormatError, as_item, format_from_filename, read_rows
from goldlabel.services import imports
from goldlabel.services.views import ImportResult

router = APIRouter(prefix="/api", tags=["items"])

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


@router.post("/projects/{project_id}/items", status_code=201, openapi_extra=IMPORT_BODY_DOC)
async def import_items(
    project_id: DbId, request: Request, actor: ActorDep, database: DatabaseDep
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
            raise InvalidInput(exc.message, code=ErrorCode.INVALID_IMPORT, row=None) from None
        return await run_in_threadpool(_import, database, actor, project_id, read_rows(upload.file, fmt))
    body = await request.body()
    try:
        parsed = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise InvalidInput(
            f"body is not valid JSON: {exc}", code=ErrorCode.INVALID_IMPORT, row=None
        ) from None
    if not isinstance(parsed, list):
        raise InvalidInput(
            "send a JSON list of items, or a file upload", code=ErrorCode.INVALID_IMPORT, row=None
        )
    rows = ((i, as_item(i, obj)) for i, obj in enumerate(parsed, 1))
    return await run_in_threadpool(_import, database, actor, project_id, rows)


def _import(database: Any, actor: Any, project_id: int, rows: Any) -> ImportResult:
    try:
        with database.session(write=True) as db:
            return imports.import_items(db, actor, project_id, rows)
    except FormatError as exc:
        raise InvalidInput(exc.message, code=ErrorCode.INVALID_IMPORT, row=exc.row) from None
