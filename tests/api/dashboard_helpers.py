"""A labelled project for the dashboard and alert tests: two annotators, honeypots and
production items answered on known days relative to today (UTC).

Items 0-3 are honeypots (gold: positive/negative alternately), answered yesterday; items 4-8
were answered two days ago, items 9-13 today; items 14-17 are not answered. ``good`` answers like
the truth (positive on even items), ``lazy`` always positive: they agree on even items."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any

from goldlabel.db.engine import Database
from tests.api.conftest import Api, add_member, import_texts
from tests.api.honeypot_helpers import backdate, label_queue, mark_gold, truth

N_LABELLED = 14
N_UNLABELLED = 4
HONEYPOTS = range(4)
TWO_DAYS_AGO = range(4, 9)
TODAY = range(9, 14)


def _index(item: dict[str, Any]) -> int:
    return int(item["data"]["text"].split()[-1])


def at_day(offset: int, minutes: int = 0) -> datetime:
    """A time on the UTC day ``offset`` days from today (``minutes`` after 00:30)."""
    day = datetime.now(UTC).date() + timedelta(days=offset)
    return datetime.combine(day, time(0, 30), UTC) + timedelta(minutes=minutes)


def label_project(
    manager: Api, project: dict[str, Any], client_for: Callable[..., Api], database: Database
) -> dict[str, Any]:
    pid = project["id"]
    import_texts(manager, pid, [f"item {i}" for i in range(N_LABELLED)])
    people: dict[str, Api] = {}
    for name in ("good", "lazy"):
        people[name] = client_for(f"{name}@example.com")
        add_member(manager, pid, f"{name}@example.com", "annotator")
    ids: dict[int, int] = {}

    def good(item: dict[str, Any]) -> dict[str, Any]:
        ids[_index(item)] = item["id"]
        return {"sentiment": truth(_index(item))}

    label_queue(people["good"], pid, good)
    label_queue(people["lazy"], pid, lambda item: {"sentiment": "positive"})
    import_texts(manager, pid, [f"later {i}" for i in range(N_UNLABELLED)])
    users = {name: api.get("/api/auth/me").json()["id"] for name, api in people.items()}
    for i in HONEYPOTS:
        mark_gold(manager, ids[i], {"sentiment": truth(i)})
    for i in range(N_LABELLED):
        offset = -1 if i in HONEYPOTS else -2 if i in TWO_DAYS_AGO else 0
        for uid in users.values():
            backdate(database, ids[i], uid, at_day(offset, i))
    return {"pid": pid, "users": users, "ids": ids, "apis": people}
