"""Domain errors raised by services and mapped to HTTP statuses in one place (api/errors.py)."""

from __future__ import annotations

from typing import Any


class GoldlabelError(Exception):
    """Base error: ``detail`` is safe to show to the user."""

    status_code = 400

    def __init__(self, detail: Any) -> None:
        super().__init__(detail if isinstance(detail, str) else repr(detail))
        self.detail = detail


class NotFound(GoldlabelError):
    """Missing, or not visible to the caller: the two are indistinguishable on purpose."""

    status_code = 404


class Forbidden(GoldlabelError):
    status_code = 403


class Unauthorized(GoldlabelError):
    status_code = 401


class Conflict(GoldlabelError):
    status_code = 409


class InvalidInput(GoldlabelError):
    status_code = 422


class TooLarge(GoldlabelError):
    status_code = 413


class RateLimited(GoldlabelError):
    status_code = 429

    def __init__(self, detail: Any, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after
