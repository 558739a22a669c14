"""What the review services return, one shape per audience.

A reviewer's task holds the item's id and data and the annotation under review — never whether
the item is gold or a honeypot, nor a reference answer. An author's view of their own work
(``MyAnnotation``, ``AuthorFeedback``) holds the verdict, the comment and the guideline section,
never the reviewer's fixed answer (on a honeypot it would be an answer key) nor who reviewed.
Reviewer scores against gold are for managers only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from goldlabel.services.consensus_settings import ReviewSample
from goldlabel.services.views import AnnotationView, View

Verdict = Literal["accept", "reject", "fix"]
ReviewStatus = Literal["pending", "accepted", "rejected", "fixed"]
# What an ``annotation_history`` row records.
Change = Literal["created", "saved", "submitted", "corrected", "accepted", "rejected", "fixed", "imported"]


class HistoryEntry(View):
    """One change to an annotation. ``result`` is what the annotation's answer became (for
    ``fixed``, the reviewer's answer; hidden from the author: null); ``changed_by`` an email (for
    the author, only their own; a reviewer's change reads null)."""

    version: int
    change: str
    status: str
    result: dict[str, Any] | None
    changed_by: str | None
    created_at: datetime


class PriorReview(View):
    """An earlier verdict on the annotation under review (the tier-1 decision a tier-2 expert
    checks, or an earlier rejection the author corrected)."""

    tier: int
    verdict: Verdict
    comment: str
    guideline_section: str | None
    fixed_result: dict[str, Any] | None
    reviewer: str | None
    created_at: datetime


class ReviewCounts(View):
    """Annotations waiting per tier."""

    tier1: int
    tier2: int


class ReviewTask(View):
    """One pending annotation for the caller's tier: the item's data and the annotation."""

    tier: int
    item_id: int
    data: dict[str, Any]
    annotation: AnnotationView
    earlier: list[PriorReview]
    pending: ReviewCounts


class VerdictView(View):
    """What a verdict did: the annotation's review state afterwards. ``final``: no tier is left to
    decide; ``final_label``: the item's final label became the fixed answer (``reviewed``)."""

    review_id: int
    annotation_id: int
    tier: int
    verdict: Verdict
    review_status: ReviewStatus
    review_tier: int
    final: bool
    final_label: bool


class ReviewSummary(View):
    """The project's review policy and backlog. ``your_tiers``: the tiers the caller reviews."""

    sample: ReviewSample
    share: float
    tiers: int
    pending: ReviewCounts
    accepted: int
    rejected: int
    fixed: int
    unopened_feedback: int
    your_tiers: list[int]


class ReviewRecord(View):
    """A verdict as managers list it."""

    id: int
    annotation_id: int
    item_id: int
    tier: int
    verdict: Verdict
    comment: str
    guideline_section: str | None
    fixed_result: dict[str, Any] | None
    reviewer: str | None
    author: str | None
    created_at: datetime
    opened_at: datetime | None


class ReviewPage(View):
    reviews: list[ReviewRecord]
    total: int


class AuthorFeedback(View):
    """A verdict on the caller's own annotation, as its author sees it. ``opened_at`` null on a
    rejection: feedback they have not opened yet (the queue waits for it)."""

    review_id: int
    annotation_id: int
    item_id: int
    verdict: Verdict
    comment: str
    guideline_section: str | None
    created_at: datetime
    opened_at: datetime | None


class MyAnnotation(View):
    """One of the caller's own annotations with its review state and the latest verdict."""

    id: int
    item_id: int
    data: dict[str, Any]
    result: dict[str, Any]
    status: str
    version: int
    review_status: ReviewStatus | None
    updated_at: datetime
    feedback: AuthorFeedback | None


class MyAnnotationsPage(View):
    items: list[MyAnnotation]
    total: int
    unopened: int  # rejections not opened yet (over every page)


class GoldScore(View):
    """A reviewer's verdicts on gold items' annotations against the gold answer. ``agreement``:
    the share of verdicts gold bears out (accept of a right answer, reject of a wrong one, a fix
    that is right); ``fix_score``: the mean score of their fixes against gold."""

    n: int
    agreement: float | None
    fix_score: float | None


class ExpertScore(View):
    """How tier-2 experts decided on what the reviewer passed on (accepted or fixed at tier 1)."""

    n: int
    agreed: int
    overturned: int
    agreement: float | None


class ReviewerScore(View):
    reviewer_id: int
    reviewer: str
    reviews: int
    accepted: int
    rejected: int
    fixed: int
    gold: GoldScore
    experts: ExpertScore
