"""No config or schema a user can send makes the converter or the schema parser fail with
anything but a clear refusal (hypothesis over a grammar of Label Studio configs and over
arbitrary JSON schemas). A schema that parses can be stored and loaded back."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings

from goldlabel.controls.labelstudio import LabelConfigError, schema_from_label_config
from goldlabel.controls.schema import load_schema
from goldlabel.core.errors import ErrorCode, InvalidInput
from goldlabel.services.projects import ParsedSchema, parse_schema
from tests.controls.config_strategies import json_schemas, label_configs

PROPERTY = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def parsed_or_refused(**given: Any) -> ParsedSchema | None:
    """The parsed schema, or None when refused with a clear invalid_schema error."""
    try:
        parsed = parse_schema(**given)
    except InvalidInput as exc:
        assert exc.code == ErrorCode.INVALID_SCHEMA and exc.message
        return None
    # what a project stores must load back: the stored schema is JSON (orjson: 64-bit ints)
    stored = parsed.schema.model_dump()
    assert load_schema(orjson.loads(orjson.dumps(stored))) == parsed.schema
    return parsed


@PROPERTY
@given(label_configs())
def test_any_label_config_converts_or_is_refused_by_name(xml: str) -> None:
    try:
        converted = schema_from_label_config(xml)
    except LabelConfigError as exc:
        assert str(exc)
        return
    assert all(isinstance(w, str) and w for w in converted.warnings)
    parsed = parsed_or_refused(label_config=xml)
    if parsed is not None:
        assert parsed.label_config == xml and parsed.warnings == converted.warnings


@PROPERTY
@given(json_schemas())
def test_any_json_schema_parses_or_is_refused(schema: Any) -> None:
    parsed_or_refused(schema=schema)


@pytest.mark.parametrize("max_rating", ["²", "①", "٣", "9" * 5000, "99999999999999999999", "1e3", "-3"])
def test_a_rating_scale_label_studio_cannot_mean_is_refused_clearly(max_rating: str) -> None:
    xml = f'<View><Text name="t" value="$t"/><Rating name="r" toName="t" maxRating="{max_rating}"/></View>'
    with pytest.raises(InvalidInput) as info:
        parse_schema(label_config=xml)
    assert info.value.code == ErrorCode.INVALID_SCHEMA
    assert "maxRating" in info.value.message or "max" in info.value.message


def test_a_rating_bound_beyond_what_can_be_stored_is_refused() -> None:
    schema = {
        "fields": {"t": "text"},
        "controls": [{"name": "r", "type": "rating", "field": "t", "min": -(10**30), "max": -(10**30) + 5}],
    }
    with pytest.raises(InvalidInput) as info:
        parse_schema(schema=schema)
    assert "controls.0.rating.min" in info.value.message
