"""Which guideline section speaks about a label: the feedback's link into the guideline.

A section is a Markdown heading; its anchor is the heading's slug (lowercase, punctuation
dropped, spaces to hyphens, a repeat numbered ``-1``, ``-2`` … as GitHub does). A label's
section is the heading whose text names the label, else the section an example of that
label is attached to.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from goldlabel.db.models import GuidelineExample, GuidelineVersion

_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip().lower()
    text = "".join(ch for ch in text if ch.isalnum() or ch in " -_")
    return re.sub(r"\s", "-", text)


def headings(markdown: str) -> list[tuple[str, str]]:
    """``(anchor, heading text)`` of every heading outside code fences, in document order."""
    out: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    fenced = False
    for line in markdown.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
            continue
        match = None if fenced else _HEADING.match(line)
        if match is None:
            continue
        text = match.group(2).strip()
        base = slug(text)
        count = seen.get(base, 0)
        seen[base] = count + 1
        out.append((base if count == 0 else f"{base}-{count}", text))
    return out


def _names(heading: str, label: str) -> bool:
    words = re.findall(r"[\w-]+", heading.lower())
    wanted = label.lower()
    return heading.strip().lower() == wanted or wanted in words


def section_for(db: Session, project_id: int, control: str, labels: Sequence[str]) -> str | None:
    """The anchor most relevant to ``labels`` of ``control`` in the published guideline."""
    markdown = db.scalar(
        select(GuidelineVersion.markdown)
        .where(GuidelineVersion.project_id == project_id)
        .order_by(GuidelineVersion.major.desc(), GuidelineVersion.minor.desc())
        .limit(1)
    )
    if markdown is None:
        return None
    sections = headings(markdown)
    for label in labels:
        for anchor, text in sections:
            if _names(text, label):
                return anchor
    if labels:
        example = db.scalar(
            select(GuidelineExample.section)
            .where(
                GuidelineExample.project_id == project_id,
                GuidelineExample.label.in_(list(labels)),
                (GuidelineExample.control == control) | GuidelineExample.control.is_(None),
            )
            .order_by(GuidelineExample.created_at)
            .limit(1)
        )
        if example is not None:
            return example
    for anchor, text in sections:  # the control's own section, if a heading names it
        if _names(text, control):
            return anchor
    return None
