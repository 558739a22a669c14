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
    status: Literal["draft", "submitted"]
    lead_time_ms: int
    version: int
    created_at: datetime
    updated_at: datetime


class AnnotatorItemView(BaseModel):
    """What an annotator sees of an item: its data and, if any, their own draft."""

    # ``extra="forbid"`` on every item view: a page of one audience's views can never validate
    # as another audience's (the ``ItemPage`` union picks exactly one), so no field crosses over.
    model_config = ConfigDict(extra="forbid")

    id: int
    data: dict[str, Any]
    draft: AnnotationView | None = None


class ReviewerItemView(BaseModel):
    """What reviewers see of an item in a list: no meta (the README promises it to managers)."""

    model_config = ConfigDict(extra="forbid")

    id: int
    data: dict[str, Any]
    annotation_count: int = Field(description="submitted annotations")
    created_at: datetime


class ManagerItemView(ReviewerItemView):
    """What managers see of an item in a list."""

    meta: dict[str, Any]


class ItemPage(BaseModel):
    items: list[ManagerItemView] | list[ReviewerItemView] | list[AnnotatorItemView]
    total: int = Field(description="items matching the query (all pages)")


class ItemSkip(BaseModel):
    annotator: str
    reason: str


class ReviewerItemDetail(BaseModel):
    """One item with everyone's work on it: every annotation (drafts too) with its author and
    times, and who skipped it and why. No meta."""

    model_config = ConfigDict(extra="forbid")

    id: int
    project_id: int
    external_id: str | None
    data: dict[str, Any]
    annotation_count: int = Field(description="submitted annotations")
    created_at: datetime
    annotations: list[AnnotationView]
    skips: list[ItemSkip]


class ManagerItemDetail(ReviewerItemDetail):
    meta: dict[str, Any]


class DeletedItems(BaseModel):
    deleted: int
    annotations_deleted: int


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
