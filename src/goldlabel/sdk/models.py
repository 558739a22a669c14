"""Typed answers of the API as the SDK reads them, checked against the OpenAPI document.

These are written by hand (short, documented, stable names) rather than generated, and
``tests/api/test_sdk_models.py`` holds them to the server: every field of every model here must
exist, with a compatible type, in the OpenAPI schema of the route listed in ``ROUTES`` (or the
component in ``COMPONENTS``), and a field the SDK requires must be required there. A field the
server adds is kept (``extra="allow"``) so an older SDK keeps working against a newer server.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Model(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)


class ProjectInfo(Model):
    """A project as its caller sees it (``GET /api/projects/{id}``)."""

    id: int
    name: str
    description: str
    schema_: dict[str, Any] = Field(alias="schema")
    role: str = Field(description="the caller's role: annotator, reviewer or manager")
    item_count: int
    created_at: datetime
    label_config: str | None = None
    archived_at: datetime | None = None


class ItemSummary(Model):
    """An item in a page of ``project.items.list()``; ``meta`` and ``gold_set`` for managers."""

    id: int
    data: dict[str, Any]
    annotation_count: int
    created_at: datetime
    meta: dict[str, Any] = {}
    gold_set: str | None = None


class ItemPage(Model):
    items: list[ItemSummary]
    total: int = Field(description="items matching the query, over all pages")


class Annotation(Model):
    id: int
    item_id: int
    author: str
    result: dict[str, Any]
    status: str
    lead_time_ms: int
    version: int
    created_at: datetime
    updated_at: datetime


class Item(Model):
    """One item with every annotation on it (``project.items.get(id)``)."""

    id: int
    project_id: int
    external_id: str | None
    data: dict[str, Any]
    annotation_count: int
    created_at: datetime
    annotations: list[Annotation]
    meta: dict[str, Any] = {}
    gold_set: str | None = None


class Member(Model):
    user_id: int
    email: str
    role: str


class MemberAdded(Model):
    """``status``: ``invited`` (they join once they accept) or ``member`` (the role changed)."""

    email: str
    role: str
    status: str


class ImportResult(Model):
    created: int
    skipped: int = Field(description="rows left out as their id was already there (on_duplicate=skip)")
    annotations: int = 0
    predictions: int = 0


class FormatInfo(Model):
    """A file format (``client.formats()``): which ways goldlabel moves it, its default labels."""

    name: str
    title: str
    kind: str
    extension: str
    media_type: str
    imports: bool
    exports: bool
    default_labels: str


class Prediction(Model):
    """One model prediction for one control of an item."""

    id: int
    item_id: int
    control: str
    value: Any
    score: float | None = None
    model: str
    model_version: str
    created_at: datetime


class PredictionPage(Model):
    items: list[Prediction]
    total: int


class PredictionsCreated(Model):
    created: int


class PredictionsDeleted(Model):
    deleted: int


class FinalControl(Model):
    """How one control's final value was reached."""

    method: str = Field(description="majority_vote, dawid_skene …, the control's own aggregate, adjudicated")
    confidence: float | None
    agreement: float | None
    n_annotations: int


class FinalLabel(Model):
    """An item's final label (``project.final()``): what exports give by default."""

    item_id: int
    result: dict[str, Any]
    provenance: str = Field(description="consensus, reviewed, adjudicated or gold")
    confidence: float | None
    agreement: float | None
    controls: dict[str, FinalControl]
    n_annotations: int
    needs_adjudication: bool
    decided_by: str | None = None


class FinalPage(Model):
    items: list[FinalLabel]
    total: int
    stale: int = Field(default=0, description="items whose label the background job has yet to update")


#: (method, path, status, model, a list of them?) for every answer the SDK parses.
ROUTES: list[tuple[str, str, str, type[Model], bool]] = [
    ("get", "/api/projects", "200", ProjectInfo, True),
    ("post", "/api/projects", "201", ProjectInfo, False),
    ("get", "/api/projects/{project_id}", "200", ProjectInfo, False),
    ("patch", "/api/projects/{project_id}", "200", ProjectInfo, False),
    ("post", "/api/templates/{template_id}/project", "201", ProjectInfo, False),
    ("get", "/api/projects/{project_id}/items", "200", ItemPage, False),
    ("get", "/api/items/{item_id}", "200", Item, False),
    ("post", "/api/projects/{project_id}/items", "201", ImportResult, False),
    ("get", "/api/projects/{project_id}/members", "200", Member, True),
    ("post", "/api/projects/{project_id}/members", "201", MemberAdded, False),
    ("get", "/api/formats", "200", FormatInfo, True),
    ("post", "/api/projects/{project_id}/predictions", "201", PredictionsCreated, False),
    ("get", "/api/projects/{project_id}/predictions", "200", PredictionPage, False),
    ("delete", "/api/projects/{project_id}/predictions", "200", PredictionsDeleted, False),
    ("get", "/api/projects/{project_id}/final", "200", FinalPage, False),
    ("post", "/api/projects/{project_id}/adjudication/{item_id}", "200", FinalLabel, False),
]
#: Models nested in others, with the OpenAPI component each reads.
COMPONENTS: dict[type[Model], str] = {
    Annotation: "AnnotationView",
    ItemSummary: "ManagerItemView",
    Prediction: "PredictionView",
    FinalLabel: "FinalLabelView",
    FinalControl: "FinalControl",
}
