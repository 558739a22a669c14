"""The time training rules read (exam cool-downs, practice since a pause): one function, so
tests can move the clock (``monkeypatch.setattr(clock, "now", …)``) without sleeping."""

from __future__ import annotations

from datetime import datetime

from goldlabel.db.models import utcnow


def now() -> datetime:
    return utcnow()
