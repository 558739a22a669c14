"""Login rate limiting: failed attempts per key (email, client address) in a sliding window.

Failures are rows in the database, so every server process, and every server behind a load
balancer, counts the same attempts. Only failures are written: people behind one address
can all log in, and a successful login costs no write here.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from goldlabel.db.models import LoginFailure, utcnow


class LoginLimiter:
    def __init__(self, limit: int, window_seconds: float = 60.0) -> None:
        self.limit = limit
        self.window = timedelta(seconds=window_seconds)

    def retry_after(self, db: Session, *keys: str) -> int:
        """Seconds to wait if any key has reached the limit of failures, else 0."""
        now = utcnow()
        rows = db.execute(
            select(func.count(), func.min(LoginFailure.at))
            .where(LoginFailure.key.in_(keys), LoginFailure.at > now - self.window)
            .group_by(LoginFailure.key)
        ).all()
        waits = [(first + self.window - now).total_seconds() for n, first in rows if n >= self.limit]
        return max(1, int(max(waits) + 0.999)) if waits else 0

    def record_failure(self, db: Session, *keys: str) -> None:
        now = utcnow()
        db.execute(delete(LoginFailure).where(LoginFailure.at <= now - self.window))
        db.execute(insert(LoginFailure), [{"key": key, "at": now} for key in keys])
