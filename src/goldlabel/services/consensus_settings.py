"""A project's consensus settings: how answers become its final labels, how many answers an
item gets (fixed or adaptive overlap) and which submissions are sampled for review.

Stored as JSON in ``projects.consensus``; a PATCH's fields are merged over the stored ones
(``stored_settings``). A project that never set them reads as the defaults, with the overlap
taken from the project's own (``read_consensus``): fixed overlap, Dawid-Skene for single
choices, no review.
"""

from __future__ import annotations

from typing import Any, Literal, Self

from pydantic import Field, model_validator

from goldlabel.controls.schema import ProjectSchema
from goldlabel.core.errors import InvalidInput
from goldlabel.db.models import Project
from goldlabel.services import stored_settings
from goldlabel.services.stored_settings import SettingsModel

MAX_OVERLAP = 100

# Truth inference for categorical controls; every other control type merges answers with its
# own aggregate (``services.quality.consensus.AGGREGATE_METHODS``) whatever the method says.
ConsensusMethod = Literal["majority_vote", "dawid_skene", "one_coin", "glad", "mace"]
ReviewSample = Literal["none", "all", "share", "adaptive"]


class OverlapPolicy(SettingsModel):
    """Each item gets ``min`` answers; while its consensus confidence is below ``confidence``
    one more is asked for, up to ``max`` (fixed overlap: ``min == max``)."""

    min: int = Field(default=1, ge=1, le=MAX_OVERLAP)
    max: int = Field(default=1, ge=1, le=MAX_OVERLAP)
    confidence: float = Field(default=0.0, ge=0.0, le=1.0)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.max < self.min:
            raise ValueError("max is at least min")
        return self


class ReviewPolicy(SettingsModel):
    """Which submissions a reviewer sees: none, all, a fixed ``share``, or an adaptive share
    that starts at ``share`` and grows for new or low-accuracy annotators; ``tiers`` 2 sends
    what tier-1 reviewers passed on to experts as well."""

    sample: ReviewSample = "none"
    share: float = Field(default=0.1, ge=0.0, le=1.0)
    tiers: int = Field(default=1, ge=1, le=2)


class ConsensusSettings(SettingsModel):
    method: ConsensusMethod = "dawid_skene"
    # Per control, a method other than ``method`` (categorical controls only).
    methods: dict[str, ConsensusMethod] = Field(default_factory=dict)
    # Weigh each annotator's answers by their honeypot accuracy.
    weighted: bool = False
    # Leave out the answers of annotators whose honeypot accuracy is below this (0: nobody).
    min_honeypot_accuracy: float = Field(default=0.0, ge=0.0, le=1.0)
    overlap: OverlapPolicy = Field(default_factory=OverlapPolicy)
    review: ReviewPolicy = Field(default_factory=ReviewPolicy)


def read_consensus(project: Project) -> ConsensusSettings:
    """The project's settings; without stored overlap, the project's own overlap, fixed."""
    stored = project.consensus or {}
    if "overlap" not in stored:
        stored = {**stored, "overlap": {"min": project.overlap, "max": project.overlap}}
    return stored_settings.read(ConsensusSettings, stored)


def apply_consensus(project: Project, change: dict[str, Any], schema: ProjectSchema) -> ConsensusSettings:
    """Merge ``change`` (the fields a PATCH sent) over the project's settings, validate, store."""
    merged = stored_settings.merge(read_consensus(project).model_dump(), change, whole=frozenset({"methods"}))
    settings = stored_settings.validated(ConsensusSettings, merged, "consensus")
    names = {c.name for c in schema.controls}
    unknown = sorted(set(settings.methods) - names)
    if unknown:
        raise InvalidInput(f"consensus.methods: no control named {unknown[0]!r}")
    project.consensus = settings.model_dump()
    return settings
