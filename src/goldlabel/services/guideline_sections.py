"""Which guideline section speaks about a label: the feedback's link into the guideline.

A section is a Markdown heading with the anchor the guideline service gives it
(``guideline_text.headings``: GitHub-style, as the web UI renders it). A label's section is
the heading whose text names the label, else the section an example of that label is
attached to, else a heading naming the control.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from goldlabel.db.models import GuidelineExample, GuidelineVersion
from goldlabel.services.guideline_text import headings


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
    sections = [(h.anchor, h.title) for h in headings(markdown)]
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
