"""The SDK's HTTP layer: one place that sends a request and turns an error answer into ApiError."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import httpx

from goldlabel.sdk.models import Model

M = TypeVar("M", bound=Model)


class ApiError(Exception):
    """A 4xx/5xx answer. Branch on ``code`` (stable, documented in the OpenAPI document);
    ``message`` is for people; ``detail`` holds every field the server sent (``row``, ``control`` …)."""

    def __init__(self, status_code: int, detail: Any) -> None:
        self.status_code = status_code
        self.detail: dict[str, Any] = detail if isinstance(detail, dict) else {"message": str(detail)}
        self.code: str = str(self.detail.get("code", "unknown"))
        self.message: str = str(self.detail.get("message", ""))
        super().__init__(f"{status_code} {self.code}: {self.message}")


def _error(response: httpx.Response) -> ApiError:
    """The ApiError of a read error answer (a proxy's HTML page keeps its text as the message)."""
    try:
        body = response.json()
        detail = body.get("detail") if isinstance(body, dict) else body
    except ValueError:
        detail = response.text[:500]
    return ApiError(response.status_code, detail)


class Http:
    """The calls every resource makes: JSON in, parsed or typed JSON out, errors as ApiError."""

    def __init__(self, http: httpx.Client) -> None:
        self.http = http

    def unbounded_read(self) -> httpx.Timeout:
        """The client's timeouts without the one on waiting for an answer: an import answers once
        every row is checked and stored, an export may take a while to start (COCO is built
        first); both run as long as the data needs."""
        t = self.http.timeout
        return httpx.Timeout(connect=t.connect, read=None, write=t.write, pool=t.pool)

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        # build, then send: the client may be a Starlette TestClient, whose request() warns on a
        # per-request timeout
        response = self.http.send(self.http.build_request(method, path, **kwargs))
        if response.status_code >= 400:
            raise _error(response)
        if response.status_code == 204 or not response.content:
            return None
        return response.json()

    def object(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        body = self.call(method, path, **kwargs)
        if not isinstance(body, dict):
            raise ApiError(502, {"code": "unknown", "message": f"expected a JSON object from {path}"})
        return body

    def objects(self, method: str, path: str, **kwargs: Any) -> list[dict[str, Any]]:
        body = self.call(method, path, **kwargs)
        if not isinstance(body, list) or not all(isinstance(b, dict) for b in body):
            raise ApiError(502, {"code": "unknown", "message": f"expected a JSON list from {path}"})
        return body

    def typed(self, model: type[M], method: str, path: str, **kwargs: Any) -> M:
        return model.model_validate(self.object(method, path, **kwargs))

    def typed_list(self, model: type[M], method: str, path: str, **kwargs: Any) -> list[M]:
        return [model.model_validate(o) for o in self.objects(method, path, **kwargs)]

    @contextmanager
    def stream(self, method: str, path: str, **kwargs: Any) -> Iterator[httpx.Response]:
        """A streamed answer, opened only once its status says it is not an error."""
        response = self.http.send(self.http.build_request(method, path, **kwargs), stream=True)
        try:
            if response.status_code >= 400:
                response.read()
                raise _error(response)
            yield response
        finally:
            response.close()
