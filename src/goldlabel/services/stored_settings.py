"""Settings stored as JSON on a project row (training, consensus, workload): one way to read
them (defaults for what the row lacks, parsed once per distinct value) and one way to change
them (a PATCH's fields merged over the stored ones, nested objects field by field, the whole
validated again, errors naming the field)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, TypeVar

import orjson
from pydantic import BaseModel, ConfigDict, ValidationError

from goldlabel.core.errors import InvalidInput


class SettingsModel(BaseModel):
    # Responses list defaulted fields as required (the web UI's generated types rely on it);
    # request bodies keep them optional (FastAPI writes separate input and output schemas).
    # Frozen: ``read`` hands every caller the same parsed instance.
    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_serialization_defaults_required=True)


S = TypeVar("S", bound=SettingsModel)


def read(model: type[S], stored: dict[str, Any] | None) -> S:
    """The settings a row holds (defaults for what it does not); a row written by hand that no
    longer validates reads as the defaults rather than failing requests."""
    return _parse(model, orjson.dumps(stored or {}, option=orjson.OPT_SORT_KEYS))  # type: ignore[return-value]


@lru_cache(maxsize=512)
def _parse(model: type[SettingsModel], serialised: bytes) -> SettingsModel:
    try:
        return model.model_validate_json(serialised)
    except ValidationError:
        return model()


def merge(
    base: dict[str, Any], change: dict[str, Any], *, whole: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """``change`` over ``base``; nested objects merge field by field, except keys in ``whole``
    (maps whose keys are data, such as per-control marks), which are replaced."""
    out = dict(base)
    for key, value in change.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict) and key not in whole:
            out[key] = merge(out[key], value, whole=whole)
        else:
            out[key] = value
    return out


def validated(model: type[S], merged: dict[str, Any], field: str) -> S:
    """``merged`` as ``model``, or 422 naming the first bad field under ``field``."""
    try:
        return model.model_validate(merged)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InvalidInput(
            f"{field}.{where}: {first['msg']}" if where else f"{field}: {first['msg']}"
        ) from None
