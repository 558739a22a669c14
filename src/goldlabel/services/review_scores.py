"""Reviewers are scored too (managers only): their verdicts against gold and against experts.

- **Gold**: verdicts on annotations of gold items (honeypots are sampled like any item, and a
  reviewer cannot tell them apart). The annotation's answer is graded against the gold answer
  with each control type's ``score`` (``services.grading``); it counts as right at ``RIGHT`` or
  above. Gold bears a verdict out when it accepts a right answer, rejects a wrong one, or fixes
  it into a right one; ``fix_score`` is the mean grade of the reviewer's fixes.
- **Experts**: each tier-1 verdict that passed work on (accept or fix) against the tier-2
  decision that followed it on the same annotation: an expert ``accept`` agrees, a ``reject`` or
  a ``fix`` overturns.

One query reads the project's verdicts with what they need (the annotation's answer, the item's
data and gold); the grading runs in Python, as the honeypot monitoring does.
"""

from __future__ import annotations

from collections import defaultdict
from statistics import fmean
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from goldlabel.controls.schema import load_schema
from goldlabel.db.models import Annotation, Gold, Item, Review, User
from goldlabel.services.access import Actor, project_access, require_role
from goldlabel.services.grading import grade
from goldlabel.services.review_views import ExpertScore, GoldScore, ReviewerScore

RIGHT = 0.9  # a grade at or above this against gold counts as a right answer


def _gold_verdict(verdict: str, answer_right: bool, fix_grade: float | None) -> bool:
    if verdict == "accept":
        return answer_right
    if verdict == "reject":
        return not answer_right
    return fix_grade is not None and fix_grade >= RIGHT


def reviewer_scores(db: Session, actor: Actor, project_id: int) -> list[ReviewerScore]:
    access = project_access(db, actor, project_id)
    require_role(access.role, "manager")
    schema = load_schema(access.project.schema)
    rows = db.execute(
        select(
            Review.id,
            Review.annotation_id,
            Review.reviewer_id,
            Review.tier,
            Review.verdict,
            Review.fixed_result,
            Annotation.result,
            Item.data,
            Gold.result.label("gold"),
        )
        .join(Annotation, Annotation.id == Review.annotation_id)
        .join(Item, Item.id == Review.item_id)
        .outerjoin(Gold, Gold.item_id == Review.item_id)
        .where(Review.project_id == project_id, Review.reviewer_id.is_not(None))
        .order_by(Review.created_at, Review.id)
    ).all()
    users = db.execute(select(User.id, User.email).where(User.id.in_({r.reviewer_id for r in rows})))
    emails: dict[int, str] = {int(u): str(e) for u, e in users}
    verdicts: dict[int, dict[str, int]] = defaultdict(lambda: {"accept": 0, "reject": 0, "fix": 0})
    gold_right: dict[int, list[bool]] = defaultdict(list)
    fix_grades: dict[int, list[float]] = defaultdict(list)
    by_annotation: dict[int, list[Any]] = defaultdict(list)
    for r in rows:
        verdicts[r.reviewer_id][r.verdict] += 1
        by_annotation[r.annotation_id].append(r)
        if r.gold is None:
            continue
        answer_right = grade(schema, r.result, r.gold, r.data).score >= RIGHT
        fix_grade = grade(schema, r.fixed_result, r.gold, r.data).score if r.verdict == "fix" else None
        if fix_grade is not None:
            fix_grades[r.reviewer_id].append(fix_grade)
        gold_right[r.reviewer_id].append(_gold_verdict(r.verdict, answer_right, fix_grade))
    agreed: dict[int, int] = defaultdict(int)
    overturned: dict[int, int] = defaultdict(int)
    for chain in by_annotation.values():
        for i, r in enumerate(chain):
            if r.tier != 1 or r.verdict == "reject":
                continue
            expert = next((e for e in chain[i + 1 :] if e.tier == 2), None)
            if expert is None:
                continue
            if expert.verdict == "accept":
                agreed[r.reviewer_id] += 1
            else:
                overturned[r.reviewer_id] += 1
    out = []
    for reviewer_id in sorted(verdicts, key=lambda u: emails.get(u, "")):
        v = verdicts[reviewer_id]
        right, fixes = gold_right.get(reviewer_id, []), fix_grades.get(reviewer_id, [])
        checked = agreed[reviewer_id] + overturned[reviewer_id]
        out.append(
            ReviewerScore(
                reviewer_id=reviewer_id,
                reviewer=emails.get(reviewer_id, ""),
                reviews=sum(v.values()),
                accepted=v["accept"],
                rejected=v["reject"],
                fixed=v["fix"],
                gold=GoldScore(
                    n=len(right),
                    agreement=sum(right) / len(right) if right else None,
                    fix_score=fmean(fixes) if fixes else None,
                ),
                experts=ExpertScore(
                    n=checked,
                    agreed=agreed[reviewer_id],
                    overturned=overturned[reviewer_id],
                    agreement=agreed[reviewer_id] / checked if checked else None,
                ),
            )
        )
    return out
