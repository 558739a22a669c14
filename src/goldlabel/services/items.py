"""Item listing per role: managers and reviewers see every item, annotators what was served to them."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from goldlabel.core.errors import InvalidInput
from goldlabel.core.limits import PAGE_SIZE_MAX
from goldlabel.db.models import Assignment, Item
from goldlabel.services.access import Actor, project_access
from goldlabel.services.views import AnnotatorItemView, ItemPage, ItemView


def list_items(db: Session, actor: Actor, project_id: int, *, page: int, page_size: int) -> ItemPage:
    if page < 1 or not 1 <= page_size <= PAGE_SIZE_MAX:
        raise InvalidInput(f"page must be >= 1 and page_size between 1 and {PAGE_SIZE_MAX}")
    access = project_access(db, actor, project_id)
    offset = (page - 1) * page_size
    if access.sees_everything:
        items = db.scalars(
            select(Item)
            .where(Item.project_id == project_id)
            .order_by(Item.id)
            .offset(offset)
            .limit(page_size)
        )
        return ItemPage(
            items=[
                ItemView(
                    id=i.id,
                    data=i.data,
                    meta=i.meta,
                    annotation_count=i.submitted_count,
                    created_at=i.created_at,
                )
                for i in items
            ],
            total=access.project.item_count,
        )
    served = select(Assignment.item_id).where(
        Assignment.project_id == project_id, Assignment.user_id == actor.id
    )
    total = db.scalar(select(func.count()).select_from(served.subquery())) or 0
    rows = db.execute(
        select(Item.id, Item.data)
        .where(Item.id.in_(served))
        .order_by(Item.id)
        .offset(offset)
        .limit(page_size)
    )
    return ItemPage(items=[AnnotatorItemView(id=r.id, data=r.data) for r in rows], total=total)
