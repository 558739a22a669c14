"""A reviewer's fix as the item's final label (``final_labels``, provenance ``reviewed``).

One ``INSERT … ON CONFLICT DO UPDATE … WHERE``: a row of a weaker provenance (``consensus``, or an
earlier review) is replaced, a stronger one (``adjudicated``, ``gold``) never is
(``Provenance.ORDER``), so a concurrent adjudication or the consensus job cannot interleave into
a weaker label winning. The final-labels job leaves ``reviewed`` rows alone.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from goldlabel.db.dialect import insert
from goldlabel.db.models import FinalLabel, Provenance, utcnow

# What a review may replace: the provenances up to its own.
REPLACEABLE = Provenance.ORDER[: Provenance.ORDER.index(Provenance.REVIEWED) + 1]


def write_reviewed_label(
    db: Session, project_id: int, item_id: int, result: dict[str, Any], reviewer_id: int
) -> bool:
    """Make ``result`` the item's final label unless a stronger one holds it; whether it did."""
    values = {
        "result": result,
        "provenance": Provenance.REVIEWED,
        "confidence": None,
        "agreement": None,
        "controls": {},
        "needs_adjudication": False,
        "decided_by": reviewer_id,
        "computed_at": utcnow(),
    }
    stmt = (
        insert(db, FinalLabel)
        .values(item_id=item_id, project_id=project_id, n_annotations=0, **values)
        .on_conflict_do_update(
            index_elements=[FinalLabel.item_id],
            set_=values,
            where=FinalLabel.provenance.in_(REPLACEABLE),
        )
        .returning(FinalLabel.item_id)
    )
    return db.execute(stmt).first() is not None
