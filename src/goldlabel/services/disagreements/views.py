"""What the disagreements routes return: ranked ambiguous cases, reviewer rejections grouped by
guideline section, the labels and items annotators agree on least, what a case became, and the
guideline's effect on the affected labels. Reviewers and managers only: these name annotators."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from goldlabel.services.feedback_views import QueuedQuestion
from goldlabel.services.guideline_views import ExampleView
from goldlabel.services.views import View

ActionKind = Literal["question", "example"]


class CaseItem(View):
    """One item of a case: the share of its annotator pairs that split between the two labels,
    and how many answers used each."""

    item_id: int
    share: float
    count_a: int
    count_b: int
    n_answers: int


class CaseAnnotator(View):
    """Who answered which side on the case's items, and how often against the final label."""

    annotator: str  # email
    gave_a: int
    gave_b: int
    against_final: int


class CaseAction(View):
    id: int
    kind: ActionKind
    item_id: int | None
    question_id: int | None
    example_item_id: int | None
    created_at: datetime


class Case(View):
    """Two labels of one control that annotators confuse. ``score`` = (``splits`` +
    ``rejections``) × ``spread`` (``explanation`` spells it out; docs/API.md defines each term)."""

    control: str
    type: str
    label_a: str
    label_b: str
    score: float
    splits: float
    n_items: int
    n_annotators: int
    against_final: int
    rejections: int
    spread: float
    explanation: str
    items: list[CaseItem]  # the most split first, at most ``MAX_CASE_ITEMS``
    annotators: list[CaseAnnotator]  # most against the final label first
    actions: list[CaseAction]  # questions and examples already made from it


class RejectedLabel(View):
    control: str
    label: str
    count: int


class RejectionGroup(View):
    """Reviewer rejections citing one guideline section (None: none cited)."""

    section: str | None
    count: int
    items: list[int]
    labels: list[RejectedLabel]  # the labels the rejected answers used, most frequent first
    comments: list[str]  # the latest few


class LabelAgreement(View):
    """Specific agreement on one label: given one annotator used it on an item, the share of
    the other annotators of that item who used it too (None without such a pair)."""

    control: str
    label: str
    agreement: float | None
    n_items: int


class LowAgreementItem(View):
    item_id: int
    control: str
    agreement: float
    n_answers: int


class DisagreementReport(View):
    cases: list[Case]
    total: int
    page: int
    page_size: int
    rejections: list[RejectionGroup]
    labels: list[LabelAgreement]  # lowest agreement first
    items: list[LowAgreementItem]  # below ``LOW_AGREEMENT``, lowest first
    final_source: Literal["final_labels", "consensus"]


class CaseQuestion(View):
    action: CaseAction
    question: QueuedQuestion


class CaseExample(View):
    action: CaseAction
    copied: bool  # the example is a never-served copy of the case's item
    example: ExampleView


class AgreementEstimate(View):
    agreement: float | None
    ci_low: float | None
    ci_high: float | None
    n_items: int
    n_answers: int


class LabelImpact(View):
    control: str
    label: str
    before: AgreementEstimate
    after: AgreementEstimate
    change: float | None


class VersionRef(View):
    id: int
    major: int
    minor: int
    published_at: datetime


class Impact(View):
    """Agreement on the affected labels among annotations saved under an earlier guideline
    version (or none) against those saved under ``version`` or later."""

    version: VersionRef
    previous: VersionRef | None
    labels: list[LabelImpact]
    overall: LabelImpact | None  # pooled over the affected labels
    source: Literal["chosen", "actions"]
