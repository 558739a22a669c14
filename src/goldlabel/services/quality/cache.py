"""The quality cache: computed results per project and key, valid while their fingerprint holds.

Rows live in the database (``quality_cache``) so every server process shares them. A report
is computed from one read, outside any write transaction; storing it is one short upsert.
Two processes that compute the same key at once both store it and the last one wins, which is
harmless: each row carries the fingerprint of the submissions it was computed from, and a
reader uses a row only when that fingerprint is the current one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from goldlabel.db.dialect import insert
from goldlabel.db.engine import Database
from goldlabel.db.models import QualityCache, utcnow
from goldlabel.services.quality.submissions import Submissions

Payload = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Job:
    """One cached result: its key, the fingerprint it must match, and how to compute it."""

    key: str
    fingerprint: str
    compute: Callable[[Submissions], Payload]
    needs_data: bool = False  # the computation reads the items' data, not only the answers


def fresh_payloads(db: Session, project_id: int, jobs: Iterable[Job]) -> dict[str, Payload]:
    """The cached payloads whose fingerprint is still the job's."""
    wanted = {job.key: job.fingerprint for job in jobs}
    if not wanted:
        return {}
    rows = db.execute(
        select(QualityCache.key, QualityCache.fingerprint, QualityCache.payload).where(
            QualityCache.project_id == project_id, QualityCache.key.in_(wanted)
        )
    )
    return {key: payload for key, fingerprint, payload in rows if wanted[key] == fingerprint}


def store(database: Database, project_id: int, results: Mapping[str, tuple[str, Payload]]) -> None:
    """Upsert ``key -> (fingerprint, payload)`` in one short write transaction."""
    if not results:
        return
    now = utcnow()
    try:
        with database.session(write=True) as db:
            for key, (fingerprint, payload) in results.items():
                stmt = insert(db, QualityCache).values(
                    project_id=project_id, key=key, fingerprint=fingerprint, payload=payload, computed_at=now
                )
                db.execute(
                    stmt.on_conflict_do_update(
                        index_elements=[QualityCache.project_id, QualityCache.key],
                        set_={"fingerprint": fingerprint, "payload": payload, "computed_at": now},
                    )
                )
    except IntegrityError:
        pass  # the project was deleted meanwhile: there is nothing left to cache for it
