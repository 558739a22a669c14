"""Project export, streamed.

The access check, the CSV's columns and the consensus model are settled on a worker thread
before the answer starts (errors are still statuses then); Starlette then pulls the body, a plain
iterator that reads the database batch by batch, on worker threads too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from goldlabel.api.deps import ActorDep, DatabaseDep, DbId, SettingsDep
from goldlabel.formats.registry import FORMATS, Labels
from goldlabel.services import exports
from goldlabel.services.views import FormatView

router = APIRouter(prefix="/api", tags=["export"])
STREAM_CHUNK_BYTES = 1 << 16


FORMAT_DOC = "a format goldlabel writes (`GET /api/formats` lists them): " + ", ".join(
    f"`{f.name}`" for f in FORMATS.values() if f.write is not None
)

ANNOTATION_DEFAULTS = ", ".join(
    f"`{f.name}`" for f in FORMATS.values() if f.write is not None and f.default_labels == "annotations"
)


@router.get("/projects/{project_id}/export")
async def export(
    project_id: DbId,
    actor: ActorDep,
    database: DatabaseDep,
    settings: SettingsDep,
    format: Annotated[str, Query(description=FORMAT_DOC)] = "json",
    labels: Annotated[
        Labels | None,
        Query(
            description="`final`: each item's consensus per control with its method and confidence; "
            "`annotations`: every submitted annotation with its author; `both`. Default: the "
            f"format's own (`annotations` for {ANNOTATION_DEFAULTS}, `final` for the others)"
        ),
    ] = None,
    include_drafts: Annotated[bool, Query(description="also export draft annotations")] = False,
    consensus: Annotated[
        bool, Query(description="the same as `labels=both` (kept for older clients)")
    ] = False,
    gold: Annotated[
        exports.GoldExport,
        Query(
            description="`exclude` (default): production items only, gold items are left out; "
            "`only`: the gold items instead, each with its reference as its final label "
            "(json, jsonl and csv: its `result`, `explanations` and `set`)"
        ),
    ] = "exclude",
    include_media: Annotated[
        bool,
        Query(
            description="yolo, voc: also put the project's image files in the zip (`images/`, `JPEGImages/`)"
        ),
    ] = False,
) -> StreamingResponse:
    body = await run_in_threadpool(
        exports.export_project,
        database,
        actor,
        project_id,
        format,
        labels="both" if consensus and labels is None else labels,
        include_drafts=include_drafts,
        gold=gold,
        media_dir=settings.media_dir if include_media else None,
    )
    file_format = FORMATS[format]
    name = f"project-{project_id}-gold" if gold == "only" else f"project-{project_id}"
    if file_format.kind != "rows":
        name += f"-{file_format.name}"
    return StreamingResponse(
        _coalesced(body),
        media_type=file_format.media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}{file_format.extension}"'},
    )


@router.get("/formats")
async def formats(_actor: ActorDep) -> list[FormatView]:
    """The file formats goldlabel imports and exports, for pickers and the SDK."""
    return [
        FormatView(
            name=f.name,
            title=f.title,
            kind=f.kind,
            extension=f.extension,
            media_type=f.media_type,
            imports=f.read is not None,
            exports=f.write is not None,
            default_labels=f.default_labels,
            suffixes=list(f.suffixes),
        )
        for f in FORMATS.values()
    ]


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
