"""Login rate limiting: attempts per account and per (account, client address), with backoff.

Each attempt is counted *before* the password is checked, in one conditional upsert per key that
also returns the count, so parallel guesses cannot all pass the check before any is recorded.
A key over its limit is blocked for the window, doubling with each consecutive lock-out (capped).
Nothing is limited per address alone: people behind one NAT never lock each other out. The
per-account limit (several times the per-pair one) stops guessing spread over many addresses.
Counters are rows in the database, so every server process counts the same attempts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete, literal, or_, update
from sqlalchemy.orm import Session

from goldlabel.db.dialect import insert
from goldlabel.db.models import LoginThrottle, UTCDateTime, utcnow

ACCOUNT_LIMIT_FACTOR = 5
MAX_BACKOFF = timedelta(hours=1)
STALE_AFTER = timedelta(hours=2)


@dataclass(frozen=True, slots=True)
class LoginKeys:
    account: str
    pair: str

    @staticmethod
    def of(email: str, client: str) -> LoginKeys:
        account = email.strip().lower()[:320]
        return LoginKeys(account=f"account:{account}", pair=f"pair:{account}|{client[:60]}")


class LoginLimiter:
    def __init__(self, limit: int, window_seconds: float = 60.0) -> None:
        self.limits = {"pair": limit, "account": limit * ACCOUNT_LIMIT_FACTOR}
        self.window = timedelta(seconds=window_seconds)

    def attempt(self, db: Session, keys: LoginKeys) -> int:
        """Count one attempt on every key; the seconds to wait if any key is over its limit, else 0."""
        now = utcnow()
        waits = [self._count(db, key, self.limits[kind], now) for kind, key in _kinds(keys)]
        return max(waits)

    def succeeded(self, db: Session, keys: LoginKeys) -> None:
        """A correct password clears its counters and backoff (it was not a guess)."""
        db.execute(delete(LoginThrottle).where(LoginThrottle.key.in_([keys.account, keys.pair])))

    def _count(self, db: Session, key: str, limit: int, now: datetime) -> int:
        t = LoginThrottle.__table__.c
        fresh = t.window_start <= now - self.window
        blocked = t.blocked_until > now  # refused attempts do not count towards the next window
        stmt = insert(db, LoginThrottle).values(
            key=key, attempts=1, window_start=now, blocked_until=None, lockouts=0
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=[t.key],
            set_={
                "attempts": case((fresh, 1), (blocked, t.attempts), else_=t.attempts + 1),
                "window_start": case((fresh, literal(now, UTCDateTime())), else_=t.window_start),
            },
        ).returning(t.attempts, t.blocked_until, t.lockouts)
        attempts, blocked_until, lockouts = db.execute(stmt).one()
        if attempts == 1:
            self._forget_stale(db, now)
        if blocked_until is not None and blocked_until > now:
            return _seconds(blocked_until - now)
        if attempts <= limit:
            return 0
        backoff = min(self.window * (2**lockouts), MAX_BACKOFF)
        db.execute(
            update(LoginThrottle)
            .where(t.key == key)
            .values(blocked_until=now + backoff, lockouts=lockouts + 1, attempts=0, window_start=now)
        )
        return _seconds(backoff)

    def _forget_stale(self, db: Session, now: datetime) -> None:
        """Drop counters nobody used for a while (the table holds only recent keys)."""
        t = LoginThrottle.__table__.c
        db.execute(
            delete(LoginThrottle).where(
                t.window_start < now - STALE_AFTER,
                or_(t.blocked_until.is_(None), t.blocked_until < now),
            )
        )


def _kinds(keys: LoginKeys) -> list[tuple[str, str]]:
    return [("pair", keys.pair), ("account", keys.account)]


def _seconds(delta: timedelta) -> int:
    return max(1, int(delta.total_seconds() + 0.999))
