"""Every request body is capped while it streams in, and a JSON body is refused as soon as it
nests deeper than ``MAX_JSON_DEPTH``.

Bytes are counted as they arrive, chunked or not (a declared Content-Length above the cap is
refused at the first read, before any byte): a body over its cap is a 413
``{detail: {code: "too_large", message, limit}}`` the moment it crosses the cap, and the rest
is never read by the app. Nothing is read until a route asks for it, so a route that checks
access first answers a non-member 404 without reading the body. Every body has the JSON cap
(``GOLDLABEL_MAX_JSON_BODY_BYTES``); a route that streams its own body (imports, media
uploads) raises its cap with ``allow_body`` after checking access.

Starlette's ``RequestBodyLimitMiddleware`` (FastAPI's ``max_body_size``) is not used: its
limits are fixed where routes are declared (ours are settings), and on a declared length over
the limit it replaces whatever the app answered, even a non-member's 404, by a plain-text 413
outside our error shape.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from goldlabel.core.errors import ErrorCode, GoldlabelError, InvalidInput, TooLarge
from goldlabel.core.json_guard import JsonGuard
from goldlabel.core.limits import MAX_JSON_DEPTH

_SCOPE_KEY = "goldlabel.body_cap"
JSON_BODY_SETTING = "GOLDLABEL_MAX_JSON_BODY_BYTES"


class BodyRefused(HTTPException):
    """Raised from ``receive``: an HTTPException, so FastAPI's body parsing lets it through
    (it turns any other error there into a 400), carrying the domain error to answer with."""

    def __init__(self, error: GoldlabelError) -> None:
        super().__init__(status_code=error.status_code, detail=error.message)
        self.error = error


class _Cap:
    def __init__(self, scope: Scope, receive: Receive, limit: int) -> None:
        headers = Headers(scope=scope)
        self.limit = limit
        self.setting = JSON_BODY_SETTING
        self.declared = _int_or_none(headers.get("content-length"))
        self.received = 0
        content_type = headers.get("content-type", "")
        is_json = not content_type or content_type.split(";")[0].strip().endswith("json")
        self.guard: JsonGuard | None = JsonGuard(MAX_JSON_DEPTH) if is_json else None
        self._receive = receive

    async def receive(self) -> Message:
        if self.declared is not None and self.declared > self.limit:
            raise BodyRefused(self._too_large())
        message = await self._receive()
        if message["type"] == "http.request":
            chunk: bytes = message.get("body", b"")
            self.received += len(chunk)
            if self.received > self.limit:
                raise BodyRefused(self._too_large())
            if self.guard is not None and not self.guard.feed(chunk):
                raise BodyRefused(
                    InvalidInput(
                        f"the JSON body nests deeper than {MAX_JSON_DEPTH} levels",
                        code=ErrorCode.INVALID_REQUEST,
                        limit=MAX_JSON_DEPTH,
                    )
                )
        return message

    def _too_large(self) -> TooLarge:
        return TooLarge(
            f"the request body is larger than {self.limit} bytes; send less "
            f"(the server's operator sets this limit with {self.setting})",
            limit=self.limit,
        )


class BodyLimit:
    """The ASGI middleware: wraps ``receive`` with a ``_Cap`` for every HTTP request."""

    def __init__(self, app: ASGIApp, max_json_body_bytes: int) -> None:
        self.app = app
        self.max_json_body_bytes = max_json_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cap = _Cap(scope, receive, self.max_json_body_bytes)
        scope[_SCOPE_KEY] = cap
        await self.app(scope, cap.receive, send)


def allow_body(request: Request, limit: int, setting: str) -> None:
    """Let this request's body grow to ``limit`` bytes (``setting`` names the variable that sets
    it), for a route that streams its body and checks what it holds itself."""
    cap: _Cap | None = request.scope.get(_SCOPE_KEY)
    if cap is not None:
        cap.limit, cap.setting, cap.guard = limit, setting, None


def install_body_limit(app: FastAPI, max_json_body_bytes: int) -> None:
    app.add_middleware(BodyLimit, max_json_body_bytes=max_json_body_bytes)

    async def refused(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, BodyRefused)
        return JSONResponse({"detail": exc.error.detail}, status_code=exc.error.status_code)

    app.add_exception_handler(BodyRefused, refused)


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
