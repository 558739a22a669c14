"""The FastAPI application factory: routers, error mapping, allowed hosts, security headers, the
web UI and the interactive API docs (served from the built UI: nothing loads from elsewhere)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, HTMLResponse

from goldlabel import __version__
from goldlabel.api.background import background_jobs
from goldlabel.api.body_limit import install_body_limit
from goldlabel.api.errors import ERROR_RESPONSES, install_error_handlers
from goldlabel.api.hosts import AllowedHosts
from goldlabel.api.routes import (
    adjudication,
    alerts,
    auth,
    costs,
    dashboard,
    disagreements,
    exports,
    final,
    gold,
    imports,
    invitations,
    items,
    media,
    members,
    predictions,
    projects,
    quality,
    queue,
    review,
    teams,
    tokens,
    training,
    users,
    workshops,
)
from goldlabel.api.routes import annotations as annotation_routes  # not the __future__ name
from goldlabel.api.routes import control_types as control_type_routes
from goldlabel.api.routes import guidelines as guideline_routes
from goldlabel.api.routes import questions as question_routes
from goldlabel.api.routes import scorecards as scorecard_routes
from goldlabel.api.routes import templates as template_routes
from goldlabel.api.security_headers import SecurityHeaders
from goldlabel.core.security import contained_path
from goldlabel.core.settings import Settings
from goldlabel.db.engine import Database
from goldlabel.services import pauses
from goldlabel.services.ratelimit import LoginLimiter

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
NOT_BUILT = """<!doctype html><title>goldlabel</title><p>The web UI is not built.
Run <code>scripts/build-frontend.sh</code> (the install command does this), then reload.
The API is described at <a href="/api/openapi.json">/api/openapi.json</a>.</p>"""
DOCS_NOT_BUILT = """<!doctype html><title>goldlabel API</title><p>The interactive API docs are part of
the web UI, which is not built: run <code>scripts/build-frontend.sh</code>. The OpenAPI document
is at <a href="/api/openapi.json">/api/openapi.json</a>.</p>"""


def create_app(settings: Settings, database: Database | None = None) -> FastAPI:
    owns_database = database is None
    db = database or Database(settings.effective_database_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        pauses.load_scorers_in_background()  # not inside a save's writer section later
        # In each server process (threads do not survive a fork).
        with db.checkpoints(), background_jobs(db, settings):
            yield
        if owns_database:
            db.dispose()

    app = FastAPI(
        title="goldlabel",
        version=__version__,
        openapi_url="/api/openapi.json",
        docs_url=None,  # served below from the built UI: FastAPI's page loads Swagger from a CDN
        redoc_url=None,
        debug=settings.debug,
        lifespan=lifespan,
        responses=ERROR_RESPONSES,
    )
    app.state.settings = settings
    app.state.database = db
    app.state.static_dir = STATIC_DIR  # the built web UI (tests point it elsewhere)
    app.state.login_limiter = LoginLimiter(settings.login_attempts_per_minute)
    install_error_handlers(app)
    install_body_limit(app, settings.max_json_body_bytes)
    routers = (auth, tokens, users, projects, members, invitations, imports, items, queue)
    for module in (*routers, annotation_routes, exports, media, quality, gold, training, predictions):
        app.include_router(module.router)
    app.include_router(scorecard_routes.router)
    app.include_router(question_routes.router)
    app.include_router(guideline_routes.router)
    app.include_router(control_type_routes.router)
    app.include_router(template_routes.router)
    for module in (final, adjudication, review, workshops, teams, costs, dashboard, alerts, disagreements):
        app.include_router(module.router)
    _mount_docs(app)
    _mount_ui(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=True,
            allow_methods=["*"],
            allow_headers=["*"],
        )
    app.add_middleware(AllowedHosts, hosts=settings.effective_allowed_hosts)
    app.add_middleware(SecurityHeaders, https=settings.is_https)  # outermost: on every answer
    return app


def _mount_docs(app: FastAPI) -> None:
    @app.get("/api/docs", include_in_schema=False, response_model=None)
    def docs() -> FileResponse | HTMLResponse:
        page = STATIC_DIR / "apidocs.html"
        if not page.exists():
            return HTMLResponse(DOCS_NOT_BUILT)
        return FileResponse(page, headers={"Cache-Control": "no-cache"})


def _mount_ui(app: FastAPI) -> None:
    """Serve the built web UI: real files as they are, any other path gets index.html."""

    @app.api_route("/{path:path}", methods=["GET", "HEAD"], include_in_schema=False, response_model=None)
    def ui(path: str) -> FileResponse | HTMLResponse:
        if path.startswith("api/"):
            raise HTTPException(status_code=404, detail="not found")
        index = STATIC_DIR / "index.html"
        if not index.exists():
            return HTMLResponse(NOT_BUILT)
        if path:
            try:
                candidate = contained_path(STATIC_DIR, path)
            except ValueError:
                candidate = None
            if candidate is not None and candidate.is_file():
                return FileResponse(candidate)
        return FileResponse(index, headers={"Cache-Control": "no-cache"})
