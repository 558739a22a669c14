"""The control types a schema may use, and whether the built web UI can draw each."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from goldlabel.api.deps import ActorDep
from goldlabel.services.control_types import ControlTypeView, control_types, read_ui_widgets

router = APIRouter(prefix="/api", tags=["projects"])


@router.get("/control-types")
async def list_control_types(request: Request, _actor: ActorDep) -> list[ControlTypeView]:
    """`widget` comes from the manifest the web UI's build writes from its own widget registry;
    without a UI build every `widget` is false and `ui_built` is false."""
    # Read per request (a rebuilt UI shows at once), on a worker thread: it touches a file.
    ui = await run_in_threadpool(read_ui_widgets, request.app.state.static_dir)
    return control_types(ui)
