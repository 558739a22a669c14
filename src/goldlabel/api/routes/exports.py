"""Project export, streamed.

The access check, the CSV's columns and the consensus model are settled on a worker thread
before the answer starts (errors are still statuses then); Starlette then pulls the body, a plain
iterator that reads the database batch by batch, on worker threads too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from goldlabel.api.deps import ActorDep, DatabaseDep, DbId
from goldlabel.formats.coco import CocoLabels
from goldlabel.formats.exports import MEDIA_TYPES
from goldlabel.services import exports

router = APIRouter(prefix="/api", tags=["export"])
STREAM_CHUNK_BYTES = 1 << 16


@router.get("/projects/{project_id}/export")
async def export(
    project_id: DbId,
    actor: ActorDep,
    database: DatabaseDep,
    format: Literal["json", "jsonl", "csv", "coco"] = "json",
    include_drafts: Annotated[bool, Query(description="also export draft annotations")] = False,
    consensus: Annotated[
        bool, Query(description="add each item's consensus per control, with its method and confidence")
    ] = False,
    gold: Annotated[
        exports.GoldExport,
        Query(
            description="`exclude` (default): production items only, gold items are left out; "
            "`only`: the gold items instead, each with its reference `result`, `explanations` and `set`"
        ),
    ] = "exclude",
    labels: Annotated[
        CocoLabels,
        Query(
            description="COCO only: `final` (default), each item's consensus per region control with "
            "its confidence as `score`; `annotations`, every submitted region with `annotation_id` and "
            "`annotator`"
        ),
    ] = "final",
) -> StreamingResponse:
    if format == "coco":
        coco_body = await run_in_threadpool(exports.export_coco, database, actor, project_id, labels=labels)
        return StreamingResponse(
            coco_body,
            media_type="application/json",
            headers={"Content-Disposition": f'attachment; filename="project-{project_id}-coco.json"'},
        )
    body = await run_in_threadpool(
        exports.export_project,
        database,
        actor,
        project_id,
        format,
        include_drafts=include_drafts,
        consensus=consensus,
        gold=gold,
    )
    name = f"project-{project_id}-gold" if gold == "only" else f"project-{project_id}"
    return StreamingResponse(
        _coalesced(body),
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{name}.{format}"'},
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
