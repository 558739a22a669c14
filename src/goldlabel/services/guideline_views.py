"""What the guideline use cases return (``View`` shapes, never ORM objects).

Kept apart from ``views.py`` because they are many and belong together. An example's reference
answer is meant to be seen (the guideline teaches with it), so ``ExampleView`` carries it; no
view here holds gold of any other set.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from goldlabel.services.views import Role, View

ExampleKind = Literal["example", "counterexample"]
Level = Literal["major", "minor"]


class SectionView(View):
    anchor: str = Field(description="the heading's id in the rendered page (GitHub-style slug)")
    title: str
    depth: int = Field(description="1 for #, 2 for ## …")
    line: int = Field(description="0-based line of the Markdown where the heading starts")
    end_line: int = Field(description="where the section ends (exclusive): the next heading as deep or less")


class VersionView(View):
    id: int
    major: int
    minor: int
    name: str = Field(description='"major.minor", e.g. "2.1"')
    level: Level = Field(description="what publishing it raised")
    note: str
    published_at: datetime
    published_by: str | None = None


class ExampleView(View):
    """A gold item of the ``example`` set as shown in the guideline, with its answers."""

    item_id: int
    data: dict[str, Any]
    kind: ExampleKind
    section: str = Field(description="anchor of the section it illustrates")
    control: str | None
    label: str | None
    reference: dict[str, Any] = Field(description="the right answer (the item's gold result)")
    wrong_result: dict[str, Any] | None = Field(description="a counterexample's wrong answer")
    explanation: str


class PublishedGuideline(View):
    version: VersionView
    markdown: str
    sections: list[SectionView]
    examples: list[ExampleView]
    acknowledged: bool = Field(description="the caller acknowledged this version")
    acknowledged_version: str | None = Field(
        description="the latest version the caller acknowledged (None: none)"
    )


class DraftView(View):
    markdown: str
    sections: list[SectionView]
    updated_at: datetime | None
    updated_by: str | None
    latest: VersionView | None = Field(description="the latest published version, if any")
    unpublished_changes: bool = Field(description="the draft differs from the latest version")
    examples: list[ExampleView] = Field(
        description="every example, attached to the draft's or a version's sections"
    )


class VersionDetail(View):
    version: VersionView
    markdown: str
    sections: list[SectionView]


class PublishedVersion(View):
    version: VersionView


class DiffLineView(View):
    op: Literal["equal", "add", "remove"]
    text: str
    old_line: int | None
    new_line: int | None


class HunkView(View):
    old_start: int
    new_start: int
    lines: list[DiffLineView]


class ChangedSectionView(View):
    anchor: str = Field(description="'' is the text before the first heading")
    title: str
    change: Literal["added", "removed", "changed"]


class GuidelineDiff(View):
    old: VersionView
    new: VersionView
    hunks: list[HunkView]
    added: int = Field(description="lines added")
    removed: int = Field(description="lines removed")
    sections: list[ChangedSectionView]
    truncated: bool = Field(description="too many lines to list: only the first hunks are given")


class Acknowledgement(View):
    version: VersionView
    acknowledged_at: datetime


class AckRow(View):
    user_id: int
    email: str
    version_id: int
    version: str
    acknowledged_at: datetime


class MemberAckStatus(View):
    user_id: int
    email: str
    role: Role
    acknowledged_version: str | None = Field(description="the latest version they acknowledged")
    acknowledged_at: datetime | None
    current: bool = Field(description="they acknowledged the latest published version")


class AcknowledgementReport(View):
    latest: VersionView | None
    members: list[MemberAckStatus]
    acknowledgements: list[AckRow] = Field(description="every acknowledgement, newest first")
