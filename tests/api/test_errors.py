"""Every error body has one shape, ``{"detail": {"code", "message", ...}}``, with documented codes."""

from __future__ import annotations

from typing import Any

from goldlabel.core.errors import ERROR_CODE_DOCS, ErrorCode
from tests.api.conftest import Api


def assert_error(r: Any, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    detail = r.json()["detail"]
    assert detail["code"] == code and isinstance(detail["message"], str) and detail["message"]
    return detail


def test_request_validation_unknown_route_and_method(manager: Api, project: dict[str, Any]) -> None:
    detail = assert_error(manager.post("/api/projects", json={"name": 3}), 422, "invalid_request")
    assert detail["errors"] and detail["errors"][0]["loc"]
    assert_error(manager.get("/api/no-such-route"), 404, "not_found")
    assert_error(manager.delete(f"/api/projects/{project['id']}/items"), 405, "method_not_allowed")
    assert_error(manager.get("/api/projects/not-a-number"), 422, "invalid_request")


def test_domain_errors_carry_their_code(client_for: Any, manager: Api, project: dict[str, Any]) -> None:
    assert_error(manager.get("/api/projects/999999"), 404, "not_found")
    stranger = client_for("stranger@example.com", login=False)
    assert_error(stranger.get("/api/auth/me"), 401, "not_authenticated")
    r = stranger.post("/api/auth/login", json={"email": "stranger@example.com", "password": "wrong password"})
    assert_error(r, 401, "wrong_credentials")
    r = manager.post(f"/api/projects/{project['id']}/items", json={"not": "a list"})
    assert assert_error(r, 422, "invalid_import")["row"] is None


def test_every_code_is_documented_in_openapi(app: Any) -> None:
    assert set(ERROR_CODE_DOCS) == set(ErrorCode)
    doc = app.openapi()
    detail = doc["components"]["schemas"]["ErrorDetail"]
    code_schema = doc["components"]["schemas"]["ErrorCode"]
    assert set(code_schema["enum"]) == {c.value for c in ErrorCode}
    assert all(f"`{c.value}`" in detail["properties"]["code"]["description"] for c in ErrorCode)
    responses = doc["paths"]["/api/projects/{project_id}"]["get"]["responses"]
    assert responses["404"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorBody"
    }


def test_ids_and_pages_beyond_64_bits_are_refused_at_the_edge(manager: Api, project: dict[str, Any]) -> None:
    huge = 2**64
    for path in (
        f"/api/projects/{huge}",
        f"/api/items/{huge}/annotations",
        f"/api/projects/{huge}/next",
        f"/api/projects/{project['id']}/items?page={huge}",
        f"/api/projects/{project['id']}/items?page=1&page_size={huge}",
        f"/api/projects/{project['id']}/consensus?page={huge}",
        "/api/projects/-1",
    ):
        assert_error(manager.get(path), 422, "invalid_request")
    r = manager.patch(f"/api/annotations/{huge}", json={"result": {}, "status": "draft", "version": 1})
    assert_error(r, 422, "invalid_request")


def test_ids_beyond_a_columns_range_are_not_found(manager: Api, project: dict[str, Any]) -> None:
    """PostgreSQL's INTEGER ids end at 2**31 - 1 while the API takes any 64-bit id: a 404, never
    a 500 (on SQLite every id is 64-bit, so the same calls answer 404 by not finding the row)."""
    beyond = 2**31
    assert_error(manager.get(f"/api/projects/{beyond}"), 404, "not_found")
    assert_error(manager.delete(f"/api/auth/tokens/{beyond}"), 404, "not_found")
    assert_error(manager.delete(f"/api/projects/{project['id']}/members/{beyond}"), 404, "not_found")
    assert_error(manager.post(f"/api/questions/{beyond}/answer", json={"answer": "x"}), 404, "not_found")
