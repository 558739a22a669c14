"""Item import: a JSON list in the body, or a file upload in any format goldlabel reads.

Access is checked before a byte of the body is read; the body (capped at
``GOLDLABEL_MAX_IMPORT_BYTES`` as it streams) is spooled to a temporary file, then read,
checked and inserted by the import service on a worker thread.
"""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import IO, Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from goldlabel.api.body_limit import allow_body
from goldlabel.api.deps import ActorDep, DatabaseDep, DbId, SettingsDep
from goldlabel.core.errors import InvalidInput
from goldlabel.formats.registry import LabelsAs
from goldlabel.services import imports
from goldlabel.services.views import ImportResult

router = APIRouter(prefix="/api", tags=["items"])

SPOOL_BYTES = 1024 * 1024  # a body up to this size stays in memory; a larger one goes to disk
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
OnDuplicateQuery = Annotated[
    imports.OnDuplicate,
    Query(
        description="a row whose `id` the project already holds, or an earlier row of the file has: "
        "`error` refuses the whole import (naming the row), `skip` leaves it out and counts it"
    ),
]


FormatQuery = Annotated[
    str | None,
    Query(
        description="the file's format (`GET /api/formats` lists those goldlabel imports); "
        "default: told from the file's name, `json` for a JSON body"
    ),
]
LabelsAsQuery = Annotated[
    LabelsAs,
    Query(description="what the labels the file holds become: `annotations`, `predictions` or `gold`"),
]
GoldSetQuery = Annotated[
    imports.GoldSetName, Query(description="with `labels_as=gold`: the gold set they join")
]


@router.post("/projects/{project_id}/items", status_code=201, openapi_extra=IMPORT_BODY_DOC)
async def import_items(
    project_id: DbId,
    request: Request,
    actor: ActorDep,
    database: DatabaseDep,
    settings: SettingsDep,
    on_duplicate: OnDuplicateQuery = "error",
    format: FormatQuery = None,
    labels_as: LabelsAsQuery = "annotations",
    gold_set: GoldSetQuery = "practice",
) -> ImportResult:
    await database.run(lambda db: imports.check_import_access(db, actor, project_id))
    if format is not None:
        imports.import_format(format, "")  # an unknown name is refused before the body is read
    allow_body(request, settings.max_import_bytes, "GOLDLABEL_MAX_IMPORT_BYTES")
    options = imports.LabelOptions(labels_as, gold_set)
    async with _spooled(request) as (stream, filename):
        fmt = imports.import_format(format or (None if filename else "json"), filename)
        return await run_in_threadpool(
            lambda: imports.import_file(
                database,
                actor,
                project_id,
                stream,
                fmt,
                on_duplicate,
                filename=filename,
                options=options,
                media_dir=settings.media_dir,
            )
        )


@asynccontextmanager
async def _spooled(request: Request) -> AsyncIterator[tuple[IO[bytes], str]]:
    """The uploaded file (multipart: Starlette spools it) and its name, or the body and ""."""
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        async with request.form(max_files=1) as form:
            upload = form.get("file")
            if not isinstance(upload, UploadFile) or not upload.filename:
                raise InvalidInput("send the file in a form field named 'file'")
            yield upload.file, upload.filename
        return
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as body:
        async for chunk in request.stream():
            body.write(chunk)
        body.seek(0)
        yield body, ""
