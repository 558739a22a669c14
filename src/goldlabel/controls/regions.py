"""Regions: the labelled objects a control produces (spans, boxes, polygons, masks, poses,
time segments, tracks), each named by an ``id`` that is stable within its annotation.

Ids are what per-region attributes and relations between regions (Label Studio's
``perRegion`` and ``Relations``) point at, so they are kept as sent, assigned by the server
when missing (10 characters, like Label Studio's), and unique within a control's answer.
Answers stored before ids existed still read and score: ids are assigned on their next save.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StrictStr

from goldlabel.controls.base import (
    ControlType,
    ControlValueError,
    LabelledSpec,
    Stored,
    ValidationContext,
)
from goldlabel.core.limits import MAX_REGION_ID_CHARS

REGION_ID_ALPHABET = string.ascii_letters + string.digits
REGION_ID_LENGTH = 10
RegionId = Annotated[
    StrictStr, Field(min_length=1, max_length=MAX_REGION_ID_CHARS, pattern=r"^[A-Za-z0-9_.:\-]+$")
]


class Region(BaseModel):
    """One labelled object of an answer."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: RegionId | None = None
    label: StrictStr


def new_region_id() -> str:
    return "".join(secrets.choice(REGION_ID_ALPHABET) for _ in range(REGION_ID_LENGTH))


SpecL = TypeVar("SpecL", bound=LabelledSpec)
RegionT = TypeVar("RegionT", bound=Region)


def with_ids(regions: list[RegionT]) -> list[RegionT]:
    """The regions with an id each: given ids kept (refused when repeated), missing ones drawn."""
    given = [r.id for r in regions if r.id is not None]
    seen: set[str] = set()
    for rid in given:
        if rid in seen:
            raise ControlValueError(f"region id {rid!r} is used twice; ids must be unique in an answer")
        seen.add(rid)
    out: list[RegionT] = []
    for region in regions:
        if region.id is None:
            rid = new_region_id()
            while rid in seen:
                rid = new_region_id()
            seen.add(rid)
            region = region.model_copy(update={"id": rid})
        out.append(region)
    return out


def without_ids(value: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Stored regions minus their ids: two annotators' identical shapes compare equal."""
    return [{k: v for k, v in region.items() if k != "id"} for region in value]


class RegionControlType(ControlType[SpecL, list[RegionT]], Generic[SpecL, RegionT]):
    """A control whose answer is a list of labelled regions (``[]``: the annotator saw the
    item and found nothing to mark, which is an answer and is stored as such)."""

    def parse(self, spec: SpecL, value: object, ctx: ValidationContext) -> list[RegionT]:
        return with_ids(super().parse(spec, value, ctx))

    def names_used(self, value: Stored) -> list[str]:
        return [region["label"] for region in value]

    def empty(self, spec: SpecL) -> Stored | None:
        return []

    def rename(self, value: Stored, mapping: Mapping[str, str | None]) -> Stored | None:
        renamed = []
        for region in value:
            label = mapping.get(region["label"], region["label"])
            if label is not None:
                renamed.append({**region, "label": label})
        return renamed
