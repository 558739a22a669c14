"""Typed results of the final labels and adjudication (issue 11): what ``GET /final``, the
adjudication queue and the SDK read. Managers and reviewers only: they carry other people's
answers and the consensus, which annotators never see."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from goldlabel.services.views import View

ProvenanceName = Literal["consensus", "reviewed", "adjudicated", "gold"]


class FinalControl(View):
    """How one control's final value was reached."""

    method: str = Field(
        description="majority_vote, dawid_skene …, the control's own aggregate, adjudicated, gold"
    )
    confidence: float | None = Field(description="the method's confidence in the value, 0..1")
    agreement: float | None = Field(description="mean pairwise agreement of the answers (None under 2)")
    n_annotations: int = Field(description="answers that entered (after honeypot gating)")


class FinalLabelView(View):
    item_id: int
    result: dict[str, Any] = Field(description="control -> value, the shape of an annotation's result")
    provenance: ProvenanceName
    confidence: float | None = Field(description="the weakest control's confidence")
    agreement: float | None = Field(description="mean of the controls' pairwise agreements")
    controls: dict[str, FinalControl]
    n_annotations: int = Field(description="submitted annotations of the item")
    needs_adjudication: bool
    decided_by: str | None = Field(default=None, description="the adjudicator's or reviewer's email")
    computed_at: datetime | None = None


class FinalPage(View):
    items: list[FinalLabelView]
    total: int
    stale: int = Field(default=0, description="items whose answers changed since their label was computed")


class AdjudicationAnswer(View):
    annotation_id: int
    author: str
    result: dict[str, Any]
    updated_at: datetime


class AdjudicationItem(View):
    item_id: int
    data: dict[str, Any]
    answers: list[AdjudicationAnswer]
    final: FinalLabelView


class AdjudicationPage(View):
    items: list[AdjudicationItem]
    total: int


class PriorityChange(View):
    updated: int
