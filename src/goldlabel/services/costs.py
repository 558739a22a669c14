"""Time and cost of a project's labels, for its managers: what each person's active time and
submissions cost at their rate, the cost of one final label, and what overlap and review add.

Definitions (docs/API.md, "Time and cost"):

- Active time is ``annotations.active_ms``: the labeling page counts time while its tab is
  visible and it saw input (keys, pointer, playing media) in the last 30 s; idle time is left out.
- A member's rate is ``hourly`` (times their active hours) or ``per_item`` (times their
  submissions); without a rate their work costs 0 and shows so. Imported annotations and drafts
  cost nothing (nobody labelled them here); honeypot answers count: they were paid work.
- Reviews have no time of their own: a ``per_item`` reviewer costs the rate per review; an
  ``hourly`` reviewer's review is priced at the project's mean active time per submission
  (``review_hours_each``), a review taking about as long as labeling.
- Final labels: the rows of ``final_labels`` when the final-labels job wrote any
  (``final_source = "final_labels"``); before that, production items with as many submissions
  as their overlap (``"complete_items"``).
- Overlap adds the cost of each production item's annotations beyond its first (by creation
  time); review adds the cost of all reviews.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from goldlabel.core.errors import InvalidInput, NotFound
from goldlabel.db.models import Annotation, FinalLabel, Item, Member, Project, Review, Team, User
from goldlabel.formats.exports import safe_cell
from goldlabel.services.access import Actor, project_access
from goldlabel.services.team_views import MemberRateView, RateKind
from goldlabel.services.views import Role, View

MAX_RATE = 1_000_000.0
MS_PER_HOUR = 3_600_000


class PersonCost(View):
    user_id: int
    email: str
    role: Role | None  # None: no longer a member
    rate_kind: RateKind | None
    rate: float | None
    annotations: int
    active_hours: float
    reviews: int
    annotation_cost: float
    review_cost: float
    cost: float


class CostReport(View):
    people: list[PersonCost]
    annotations: int
    active_hours: float
    reviews: int
    cost: float
    final_labels: int
    final_source: Literal["final_labels", "complete_items"]
    cost_per_final_label: float | None
    overlap_cost: float  # annotations beyond the first per item
    review_cost: float
    review_hours_each: float  # what one hourly review is priced at
    unrated: int  # people with work but no rate (their work counts as 0)


@dataclass
class _Person:
    email: str
    role: Role | None
    rate_kind: RateKind | None
    rate: float | None
    annotations: int = 0
    active_ms: int = 0
    reviews: int = 0

    def per_annotation(self, active_ms: int) -> float:
        if self.rate is None or self.rate_kind is None:
            return 0.0
        if self.rate_kind == "hourly":
            return self.rate * active_ms / MS_PER_HOUR
        return self.rate

    def per_review(self, review_hours: float) -> float:
        if self.rate is None or self.rate_kind is None:
            return 0.0
        return self.rate * review_hours if self.rate_kind == "hourly" else self.rate


def cost_report(db: Session, actor: Actor, project_id: int) -> CostReport:
    access = project_access(db, actor, project_id, minimum="manager")
    people = _people(db, project_id)
    rows = db.execute(
        select(Annotation.item_id, Annotation.author_id, Annotation.active_ms, Item.gold_set)
        .join(Item, Item.id == Annotation.item_id)
        .where(
            Annotation.project_id == project_id,
            Annotation.status == "submitted",
            Annotation.imported.is_(False),
        )
        .order_by(Annotation.item_id, Annotation.created_at, Annotation.id)
    ).all()
    overlap_cost, seen = 0.0, set()
    for item_id, author, active_ms, gold_set in rows:
        person = people.get(author) or _absent(db, people, author)
        person.annotations += 1
        person.active_ms += active_ms
        if gold_set is None:
            if item_id in seen:
                overlap_cost += person.per_annotation(active_ms)
            seen.add(item_id)
    review_hours = (sum(r[2] for r in rows) / len(rows) / MS_PER_HOUR) if rows else 0.0
    for reviewer, count in db.execute(
        select(Review.reviewer_id, func.count())
        .where(Review.project_id == project_id, Review.reviewer_id.is_not(None))
        .group_by(Review.reviewer_id)
    ):
        if reviewer is None:
            continue
        (people.get(reviewer) or _absent(db, people, reviewer)).reviews = count
    out = []
    for user_id, p in sorted(people.items(), key=lambda kv: kv[1].email):
        if not (p.annotations or p.reviews or p.rate is not None):
            continue
        annotation_cost = _annotation_cost(p)
        review_cost = p.per_review(review_hours) * p.reviews
        out.append(
            PersonCost(
                user_id=user_id,
                email=p.email,
                role=p.role,
                rate_kind=p.rate_kind,
                rate=p.rate,
                annotations=p.annotations,
                active_hours=round(p.active_ms / MS_PER_HOUR, 4),
                reviews=p.reviews,
                annotation_cost=round(annotation_cost, 2),
                review_cost=round(review_cost, 2),
                cost=round(annotation_cost + review_cost, 2),
            )
        )
    total = sum(p.cost for p in out)
    finals, source = _final_labels(db, access.project)
    return CostReport(
        people=out,
        annotations=sum(p.annotations for p in out),
        active_hours=round(sum(p.active_hours for p in out), 4),
        reviews=sum(p.reviews for p in out),
        cost=round(total, 2),
        final_labels=finals,
        final_source=source,
        cost_per_final_label=round(total / finals, 4) if finals else None,
        overlap_cost=round(overlap_cost, 2),
        review_cost=round(sum(p.review_cost for p in out), 2),
        review_hours_each=round(review_hours, 6),
        unrated=sum(1 for p in out if p.rate is None and (p.annotations or p.reviews)),
    )


def cost_csv(db: Session, actor: Actor, project_id: int) -> str:
    """The report as CSV: one row per person, a total row, then the summary as name/value rows.
    Every cell goes through the exports' formula guard (``formats.exports.safe_cell``)."""
    report = cost_report(db, actor, project_id)
    out = io.StringIO()
    w = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    columns = list(PersonCost.model_fields)
    w.writerow(columns)
    for person in report.people:
        w.writerow(_cells(person.model_dump(mode="json")[c] for c in columns))
    total = {"email": "TOTAL", "annotations": report.annotations, "active_hours": report.active_hours}
    total |= {"reviews": report.reviews, "review_cost": report.review_cost, "cost": report.cost}
    w.writerow(_cells(total.get(c) for c in columns))
    w.writerow([])
    for name in ("final_labels", "final_source", "cost_per_final_label", "overlap_cost", "review_cost"):
        w.writerow(_cells([name, getattr(report, name)]))
    return out.getvalue()


def list_rates(db: Session, actor: Actor, project_id: int) -> list[MemberRateView]:
    project_access(db, actor, project_id, minimum="manager")
    rows = db.execute(
        select(Member.user_id, User.email, Member.role, Member.rate_kind, Member.rate, Team.name)
        .join(User, User.id == Member.user_id)
        .outerjoin(Team, Team.id == Member.via_team_id)
        .where(Member.project_id == project_id)
        .order_by(User.email)
    )
    return [
        MemberRateView(
            user_id=r.user_id,
            email=r.email,
            role=r.role,
            rate_kind=r.rate_kind,
            rate=r.rate,
            via_team=r.name,
        )
        for r in rows
    ]


def set_rate(
    db: Session,
    actor: Actor,
    project_id: int,
    user_id: int,
    *,
    rate_kind: RateKind | None,
    rate: float | None,
) -> MemberRateView:
    """Set a member's rate (both ``rate_kind`` and ``rate``), or clear it (both None)."""
    project_access(db, actor, project_id, minimum="manager")
    if (rate_kind is None) != (rate is None):
        raise InvalidInput("give rate_kind and rate together, or neither to clear the rate")
    if rate is not None and not 0 <= rate <= MAX_RATE:
        raise InvalidInput(f"a rate is between 0 and {MAX_RATE:g}")
    member = db.get(Member, (project_id, user_id))
    if member is None:
        raise NotFound("member not found")
    member.rate_kind, member.rate = rate_kind, rate
    db.flush()
    return next(r for r in list_rates(db, actor, project_id) if r.user_id == user_id)


def _cells(values: Iterator[object] | list[object]) -> list[str]:
    return [safe_cell("" if v is None else str(v)) for v in values]


def _annotation_cost(p: _Person) -> float:
    if p.rate is None or p.rate_kind is None:
        return 0.0
    if p.rate_kind == "hourly":
        return p.rate * p.active_ms / MS_PER_HOUR
    return p.rate * p.annotations


def _people(db: Session, project_id: int) -> dict[int, _Person]:
    rows = db.execute(
        select(Member.user_id, User.email, Member.role, Member.rate_kind, Member.rate)
        .join(User, User.id == Member.user_id)
        .where(Member.project_id == project_id)
    )
    return {r.user_id: _Person(r.email, r.role, r.rate_kind, r.rate) for r in rows}


def _absent(db: Session, people: dict[int, _Person], user_id: int) -> _Person:
    """Someone whose work is here but who is no longer a member: no rate, so no cost."""
    email = db.scalar(select(User.email).where(User.id == user_id)) or f"user {user_id}"
    people[user_id] = _Person(email, None, None, None)
    return people[user_id]


def _final_labels(db: Session, project: Project) -> tuple[int, Literal["final_labels", "complete_items"]]:
    written = db.scalar(
        select(func.count()).select_from(FinalLabel).where(FinalLabel.project_id == project.id)
    )
    if written:
        return int(written), "final_labels"
    complete = db.scalar(
        select(func.count())
        .select_from(Item)
        .where(
            Item.project_id == project.id,
            Item.gold_set.is_(None),
            Item.submitted_count > 0,
            Item.submitted_count >= func.coalesce(Item.overlap, project.overlap),
        )
    )
    return int(complete or 0), "complete_items"
