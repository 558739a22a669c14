"""No config or schema sent over HTTP gets a 5xx: ``/api/schema/validate`` answers 200 or 422,
and what it accepts creates a project (201). Hypothesis over a grammar of Label Studio
configs and over arbitrary JSON schemas (tests/controls/config_strategies.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from tests.api.conftest import Api
from tests.controls.config_strategies import json_schemas, label_configs

# The fixtures are a logged-in client; every example is an independent request.
HTTP_PROPERTY = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def post_json(manager: Api, route: str, body: dict[str, Any]) -> Any:
    """POST a JSON body as Python writes it: NaN and Infinity included, as any client may send."""
    return manager.post(route, content=json.dumps(body), headers={"Content-Type": "application/json"})


def check(manager: Api, body: dict[str, Any]) -> None:
    r = post_json(manager, "/api/schema/validate", body)
    assert r.status_code in (200, 422), r.text
    if r.status_code == 422:
        assert r.json()["detail"]["code"] in ("invalid_schema", "invalid_request")
        return
    assert isinstance(r.json()["warnings"], list)
    created = post_json(manager, "/api/projects", {"name": "fuzz", **body})
    assert created.status_code == 201, created.text
    assert created.json()["schema"] == r.json()["schema"]


@HTTP_PROPERTY
@given(xml=label_configs())
def test_any_label_config_gets_200_or_422(manager: Api, xml: str) -> None:
    check(manager, {"label_config": xml})


@HTTP_PROPERTY
@given(schema=json_schemas())
def test_any_json_schema_gets_200_or_422(manager: Api, schema: Any) -> None:
    check(manager, {"schema": schema})


@pytest.mark.parametrize("max_rating", ["²", "①", "9" * 5000])
def test_a_rating_with_a_unicode_or_huge_max_is_a_422(manager: Api, max_rating: str) -> None:
    xml = f'<View><Text name="t" value="$t"/><Rating name="r" toName="t" maxRating="{max_rating}"/></View>'
    for route, body in (("/api/schema/validate", {}), ("/api/projects", {"name": "r"})):
        r = manager.post(route, json={**body, "label_config": xml})
        assert r.status_code == 422, r.text
        assert r.json()["detail"]["code"] == "invalid_schema"
        assert "maxRating must be a whole number" in r.json()["detail"]["message"]
