"""Map domain errors and request validation errors to JSON responses (never a 500 on input)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from goldlabel.core.errors import GoldlabelError, RateLimited


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
        return JSONResponse(
            {
                "detail": message,
                "errors": [{"loc": list(e.get("loc", ())), "msg": e.get("msg")} for e in errors[:20]],
            },
            status_code=422,
        )
