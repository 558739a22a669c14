"""Typed results that services return (never ORM objects), one shape per audience.

The annotator's item view has no meta, counts or other people's work: fields that must not
leak are simply absent from the type, so no route can send them by accident.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from goldlabel.controls.schema import ProjectSchema

Role = Literal["annotator", "reviewer", "manager"]
AnnotationStatus = Literal["draft", "submitted"]


class UserView(BaseModel):
    id: int
    email: str
    is_admin: bool
    shortcuts: dict[str, str] = {}


class ProjectView(BaseModel):
    id: int
    name: str
    description: str
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    schema_: ProjectSchema = Field(alias="schema")
    role: Role
    item_count: int
    created_at: datetime


class MemberView(BaseModel):
    user_id: int
    email: str
    role: Role


class AnnotationView(BaseModel):
    id: int
    item_id: int
    author: str
    result: dict[str, Any]
    status: AnnotationStatus
    lead_time_ms: int
    version: int
    created_at: datetime
    updated_at: datetime


class AnnotatorItemView(BaseModel):
    """What an annotator sees of an item: its data and, if any, their own draft."""

    id: int
    data: dict[str, Any]
    draft: AnnotationView | None = None


class ItemView(BaseModel):
    """What managers and reviewers see of an item."""

    id: int
    data: dict[str, Any]
    meta: dict[str, Any]
    annotation_count: int
    created_at: datetime


class ItemPage(BaseModel):
    items: list[ItemView] | list[AnnotatorItemView]
    total: int


class ImportResult(BaseModel):
    created: int


class ControlAgreement(BaseModel):
    control: str
    type: str
    method: str
    alpha: float | None
    ci_low: float | None
    ci_high: float | None
    n_items: int
    n_annotations: int
    sampled_items: int | None = None


class AgreementReport(BaseModel):
    overall_alpha: float | None
    controls: list[ControlAgreement]
    n_items: int
    n_annotators: int


class ControlConsensus(BaseModel):
    value: Any
    confidence: float
    agreement: float | None
    n_annotations: int


class ItemConsensus(BaseModel):
    item_id: int
    controls: dict[str, ControlConsensus]


class ConsensusPage(BaseModel):
    items: list[ItemConsensus]
    total: int


class AnnotatorControlQuality(BaseModel):
    agreement_with_consensus: float | None
    reliability: float | None
    n_compared: int


class AnnotatorQuality(BaseModel):
    annotator: str
    n_annotations: int
    median_lead_time_ms: float
    controls: dict[str, AnnotatorControlQuality]
