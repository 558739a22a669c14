"""Map every error to one JSON shape, ``{"detail": {"code", "message", ...}}``, never a 500 on input.

Domain errors carry their own code; request validation, unknown routes and wrong methods get
theirs here, and anything unexpected becomes ``internal`` without echoing its text.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from goldlabel.core.errors import ERROR_CODE_DOCS, ErrorCode, GoldlabelError, RateLimited

log = logging.getLogger("goldlabel.api")
MAX_LISTED_PROBLEMS = 20


class ErrorDetail(BaseModel):
    """``code`` is stable (clients branch on it); ``message`` is for people; other fields
    (``row``, ``control``, ``current``, ``errors``, ``limit`` …) depend on the code."""

    model_config = ConfigDict(extra="allow", json_schema_serialization_defaults_required=True)

    code: ErrorCode = Field(
        description="One of: " + "; ".join(f"`{c.value}`: {doc}" for c, doc in ERROR_CODE_DOCS.items())
    )
    message: str


class ErrorBody(BaseModel):
    detail: ErrorDetail


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": description}
    for status, description in (
        (401, "Not logged in"),
        (403, "Not allowed"),
        (404, "Not found (or not visible to the caller)"),
        (409, "Conflict with the current state"),
        (413, "Too large"),
        (422, "Invalid input"),
        (429, "Rate limited"),
    )
}


def error_response(status: int, code: ErrorCode, message: str, **fields: Any) -> JSONResponse:
    return JSONResponse({"detail": {"code": code.value, "message": message, **fields}}, status_code=status)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(GoldlabelError)
    async def _domain(_request: Request, exc: GoldlabelError) -> JSONResponse:
        headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, RateLimited) else None
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        first = errors[0] if errors else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        message = f"{where}: {first['msg']}" if where else str(first["msg"])
        problems = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg")} for e in errors[:MAX_LISTED_PROBLEMS]
        ]
        return error_response(422, ErrorCode.INVALID_REQUEST, message, errors=problems)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: ErrorCode.NOT_FOUND, 405: ErrorCode.METHOD_NOT_ALLOWED}.get(
            exc.status_code, ErrorCode.INVALID_REQUEST
        )
        response = error_response(exc.status_code, code, str(exc.detail))
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        return error_response(500, ErrorCode.INTERNAL, "something went wrong on the server; it was logged")
