"""The SDK's typed models cannot drift from the API: every field of every model exists, with a
compatible type, in the OpenAPI schema of the route it parses (``sdk/models.py`` ``ROUTES``), and
a field the SDK requires is one the server always sends."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from goldlabel.sdk import models

Schema = dict[str, Any]


@pytest.fixture(scope="module")
def openapi(tmp_path_factory: pytest.TempPathFactory) -> Schema:
    from goldlabel.api.app import create_app
    from goldlabel.core.settings import Settings

    document: Schema = create_app(Settings(data_dir=tmp_path_factory.mktemp("openapi"))).openapi()
    return document


def _resolve(doc: Schema, fragment: Schema) -> Schema:
    while "$ref" in fragment:
        fragment = doc["components"]["schemas"][fragment["$ref"].rsplit("/", 1)[1]]
    return fragment


def _types(doc: Schema, fragment: Schema) -> set[str]:
    """The JSON types a schema fragment allows ("any" for no constraint)."""
    fragment = _resolve(doc, fragment)
    for key in ("anyOf", "oneOf"):
        if key in fragment:
            return set().union(*(_types(doc, f) for f in fragment[key]))
    if "type" in fragment:
        kind = fragment["type"]
        return set(kind) if isinstance(kind, list) else {kind}
    if "enum" in fragment or "const" in fragment:
        values = fragment.get("enum", [fragment.get("const")])
        return {{str: "string", int: "integer", bool: "boolean"}.get(type(v), "any") for v in values}
    return {"any"}


def _compatible(sdk: set[str], server: set[str]) -> bool:
    """The SDK accepts every type the server may send (a number accepts an integer)."""
    if "any" in sdk:
        return True
    accepted = sdk | ({"integer"} if "number" in sdk else set())
    return "any" not in server and server <= accepted


def _variants(doc: Schema, fragment: Schema) -> list[Schema]:
    """The object schemas a fragment may be (a union gives each of them)."""
    fragment = _resolve(doc, fragment)
    for key in ("anyOf", "oneOf"):
        if key in fragment:
            return [v for f in fragment[key] for v in _variants(doc, f)]
    return [fragment]


def _problems(doc: Schema, model: type[BaseModel], server: Schema, where: str) -> list[str]:
    sdk = model.model_json_schema(ref_template="#/$defs/{model}")
    defs = sdk.get("$defs", {})
    variants = _variants(doc, server)
    problems: list[str] = []
    for name, field in model.model_fields.items():
        key = field.alias or name
        sdk_fragment = sdk["properties"][key]
        while "$ref" in sdk_fragment:
            sdk_fragment = defs[sdk_fragment["$ref"].rsplit("/", 1)[1]]
        holding = [v for v in variants if key in v.get("properties", {})]
        if not holding:
            problems.append(f"{where}: {model.__name__}.{key} is not in the answer")
            continue
        omitted = len(holding) < len(variants) or any(key not in v.get("required", []) for v in holding)
        if field.is_required() and omitted:
            problems.append(f"{where}: {model.__name__}.{key} is required but the server may leave it out")
        for variant in holding:
            theirs = _types(doc, variant["properties"][key])
            ours = _types({"components": {"schemas": defs}}, sdk_fragment)
            if not _compatible(ours, theirs):
                problems.append(
                    f"{where}: {model.__name__}.{key} is {sorted(ours)}, the server sends {sorted(theirs)}"
                )
    return problems


@pytest.mark.parametrize(
    ("method", "path", "status", "model", "many"),
    models.ROUTES,
    ids=[f"{r[0]} {r[1]}" for r in models.ROUTES],
)
def test_each_model_fits_its_route(
    openapi: Schema, method: str, path: str, status: str, model: type[BaseModel], many: bool
) -> None:
    operation = openapi["paths"].get(path, {}).get(method)
    assert operation is not None, f"the API has no {method.upper()} {path}"
    content = operation["responses"][status]["content"]["application/json"]["schema"]
    if many:
        content = _resolve(openapi, content)
        assert content["type"] == "array", f"{path} answers {content}, not a list"
        content = content["items"]
    assert _problems(openapi, model, content, f"{method.upper()} {path}") == []


@pytest.mark.parametrize("model", list(models.COMPONENTS), ids=lambda m: m.__name__)
def test_each_nested_model_fits_its_component(openapi: Schema, model: type[BaseModel]) -> None:
    name = models.COMPONENTS[model]
    assert name in openapi["components"]["schemas"], f"the API has no {name}"
    assert _problems(openapi, model, {"$ref": f"#/components/schemas/{name}"}, name) == []


def test_the_check_catches_drift(openapi: Schema) -> None:
    """A field the server does not send, a wrong type, a required field it may omit: all caught."""

    class Renamed(models.Model):
        id: int
        title: str  # ProjectView has ``name``

    class Mistyped(models.Model):
        id: str
        item_count: int

    class TooSure(models.Model):
        label_config: str  # may be null

    class Optional_(models.Model):
        meta: dict[str, Any]  # ManagerItemView only: reviewers get no meta

    project = {"$ref": "#/components/schemas/ProjectView"}
    assert _problems(openapi, Renamed, project, "p") == ["p: Renamed.title is not in the answer"]
    assert _problems(openapi, Mistyped, project, "p") == [
        "p: Mistyped.id is ['string'], the server sends ['integer']"
    ]
    assert _problems(openapi, TooSure, project, "p") == [
        "p: TooSure.label_config is ['string'], the server sends ['null', 'string']"
    ]
    page = _resolve(openapi, {"$ref": "#/components/schemas/ItemPage"})["properties"]["items"]
    union = {"anyOf": [v["items"] for v in page["anyOf"]]}
    assert _problems(openapi, Optional_, union, "i") == [
        "i: Optional_.meta is required but the server may leave it out"
    ]
