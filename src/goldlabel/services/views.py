"""Typed results that services return (never ORM objects), one shape per audience.

The annotator's item view has no meta, counts or other people's work: fields that must not
leak are simply absent from the type, so no route can send them by accident.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from goldlabel.controls.schema import ProjectSchema
from goldlabel.services.consensus_settings import ConsensusSettings
from goldlabel.services.training_settings import TrainingSettings
from goldlabel.services.workload import WorkloadSettings


class View(BaseModel):
    """Base of every response shape. In the OpenAPI document a field with a default is listed as
    required, because a response always carries it (the web UI's generated types rely on it)."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)


Role = Literal["annotator", "reviewer", "manager"]
AnnotationStatus = Literal["draft", "submitted"]


class UserView(View):
    """The logged-in user's own view (``/api/auth/me``)."""

    id: int
    email: str
    is_admin: bool
    can_create_projects: bool  # always true for admins
    shortcuts: dict[str, str] = {}


class AccountView(View):
    """An account as admins manage it (never the password hash)."""

    id: int
    email: str
    is_admin: bool
    is_active: bool
    can_create_projects: bool
    created_at: datetime


class NewAccount(View):
    """A created or reset account; ``password`` is the generated one, shown once (None when set)."""

    user: AccountView
    password: str | None = None


class TokenView(View):
    """An API token as listed: never its secret."""

    id: int
    name: str
    created_at: datetime
    expires_at: datetime | None
    expired: bool


class NewToken(TokenView):
    token: str  # the secret, shown once


class ProjectView(View):
    id: int
    name: str
    description: str
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    schema_: ProjectSchema = Field(alias="schema")
    role: Role
    item_count: int
    created_at: datetime
    # The Label Studio XML the schema was made from, if any (managers only).
    label_config: str | None = None
    # Archived projects are read-only: no items served, no imports, no new annotations.
    archived_at: datetime | None = None
    # Training settings (managers only; annotators read what they need from training/me).
    training: TrainingSettings | None = None
    # Annotators start from the newest model prediction per control (``services.predictions``).
    show_predictions: bool = False
    # How answers become final labels, the overlap policy, review sampling (reviewers, managers).
    consensus: ConsensusSettings | None = None
    # Per-annotator caps (managers only).
    workload: WorkloadSettings | None = None


class DeletionPreview(View):
    """What deleting a project removes, shown before the manager confirms."""

    name: str
    items: int
    annotations: int
    submitted: int
    drafts: int
    members: int
    invitations: int
    media_files: int
    media_bytes: int


class MemberView(View):
    user_id: int
    email: str
    role: Role


class MemberAdded(View):
    """The answer to adding a member by email: the same shape and status whether or not an
    account has that email. ``invited``: an invitation waits for that person to accept;
    ``member``: the email was already a member of this project and now has this role."""

    email: str
    role: Role
    status: Literal["invited", "member"]


class InvitationView(View):
    """A pending invitation as the project's managers see it."""

    id: int
    email: str
    role: Role
    invited_by: str | None
    created_at: datetime


class MyInvitationView(View):
    """A pending invitation as the invitee sees it."""

    id: int
    project_id: int
    project_name: str
    role: Role
    invited_by: str | None
    created_at: datetime


class AnnotationView(View):
    id: int
    item_id: int
    author: str
    result: dict[str, Any]
    status: AnnotationStatus
    lead_time_ms: int
    version: int
    created_at: datetime
    updated_at: datetime
    # The published guideline it was last saved under (None: none was, or the caller is an annotator).
    guideline_version_id: int | None = Field(default=None, description="managers and reviewers only")
    guideline_version: str | None = Field(default=None, description='its name, "2.1" (listings only)')
    # Anchoring (listings for managers and reviewers only): the answer began from the served
    # predictions, and how far it moved from them per control (0 = kept as predicted).
    from_prediction: bool | None = Field(default=None, description="managers and reviewers only")
    prediction_distance: dict[str, float] | None = Field(default=None, description="control -> 0..1")
    imported: bool | None = Field(default=None, description="brought in by a file import")


class ModelRef(View):
    model: str
    model_version: str


class ServedPrediction(View):
    """The starting answer an annotator is served: the newest prediction per control, and the
    models they came from (newest first). No score: the annotator is not to weigh it."""

    result: dict[str, Any]
    models: list[ModelRef]


class PredictionView(View):
    """One stored prediction (managers only)."""

    id: int
    item_id: int
    control: str
    value: Any
    score: float | None
    model: str
    model_version: str
    created_at: datetime


class PredictionPage(View):
    items: list[PredictionView]
    total: int


class PredictionsCreated(View):
    created: int = Field(description="predictions stored: one per control of each entry")


class PredictionsDeleted(View):
    deleted: int


class AnnotatorItemView(View):
    """What an annotator sees of an item: its data and, if any, their own draft."""

    # ``extra="forbid"`` on every item view: a page of one audience's views can never validate
    # as another audience's (the ``ItemPage`` union picks exactly one), so no field crosses over.
    model_config = ConfigDict(extra="forbid")

    id: int
    data: dict[str, Any]
    draft: AnnotationView | None = None
    # Always present when served by the queue (null when the project does not show predictions
    # or the item has none): production items and honeypots are built by one path.
    prediction: ServedPrediction | None = None


class ReviewerItemView(View):
    """What reviewers see of an item in a list: no meta (the README promises it to managers)."""

    model_config = ConfigDict(extra="forbid")

    id: int
    data: dict[str, Any]
    annotation_count: int = Field(description="submitted annotations")
    created_at: datetime


class ManagerItemView(ReviewerItemView):
    """What managers see of an item in a list."""

    meta: dict[str, Any]
    gold_set: str | None = Field(default=None, description="the item's gold set; None: a production item")


class ItemPage(View):
    items: list[ManagerItemView] | list[ReviewerItemView] | list[AnnotatorItemView]
    total: int = Field(description="items matching the query (all pages)")


class ItemSkip(View):
    annotator: str
    reason: str


class ReviewerItemDetail(View):
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
    gold_set: str | None = Field(default=None, description="the item's gold set; None: a production item")
    predictions: list[PredictionView] = Field(default=[], description="its model predictions, newest first")


class DeletedItems(View):
    deleted: int
    annotations_deleted: int


class ImportResult(View):
    created: int
    skipped: int = Field(description="rows left out as their id was already imported (on_duplicate=skip)")
    annotations: int = Field(0, description="annotations imported with the items")
    predictions: int = Field(0, description="predictions imported with the items")


class FormatView(View):
    """A file format (``GET /api/formats``): what it holds and which ways goldlabel moves it."""

    name: str
    title: str
    kind: str
    extension: str
    media_type: str
    imports: bool
    exports: bool
    default_labels: str
    suffixes: list[str] = Field(
        default_factory=list, description="file names an import tells this format from, when none is given"
    )


class Rate(View):
    """A rate with its sample size: ``too_few`` when ``n`` is under ``MIN_ITEMS_FOR_RATE``, and then
    the UI shows "too few items (n=…)" instead of ``value`` (still given, for API users)."""

    value: float | None
    n: int
    too_few: bool


class ControlAgreement(View):
    control: str
    type: str
    method: str
    alpha: float | None
    ci_low: float | None
    ci_high: float | None
    n_items: int  # alpha's sample size: items with two or more submitted answers
    too_few: bool
    n_annotations: int
    sampled_items: int | None = None


class AgreementReport(View):
    overall_alpha: float | None  # mean alpha over the controls that are not too_few
    controls: list[ControlAgreement]
    n_items: int
    n_annotators: int
    min_items: int  # the minimum sample size under which a rate is too_few


class ControlConsensus(View):
    value: Any
    method: str
    confidence: float
    agreement: float | None  # mean pairwise agreement between the item's answers
    n_annotations: int


class ItemConsensus(View):
    item_id: int
    controls: dict[str, ControlConsensus]


class ConsensusPage(View):
    items: list[ItemConsensus]
    total: int


class AnnotatorControlQuality(View):
    agreement_with_consensus: Rate
    reliability: Rate


class AnnotatorQuality(View):
    annotator: str
    n_annotations: int
    median_lead_time_ms: float
    controls: dict[str, AnnotatorControlQuality]
