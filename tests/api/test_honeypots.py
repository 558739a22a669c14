"""Honeypots in the production queue: served at about the project's rate (seeded draws), at most
once per annotator, without overlap slots, and indistinguishable from production items through
everything an annotator can observe."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from goldlabel.db.engine import Database
from goldlabel.db.ids import ITEM_ID_BOUND
from goldlabel.db.models import Assignment, Item, Project, User, utcnow
from goldlabel.services import honeypots
from tests.api.conftest import Api
from tests.api.test_queue import SUBMIT, annotators

HONEYPOT_GOLD = {"result": {"sentiment": "positive"}, "explanations": {"sentiment": "why"}, "set": "honeypot"}


@pytest.fixture(autouse=True)
def seeded(monkeypatch: pytest.MonkeyPatch) -> random.Random:
    rng = random.Random(20261130)
    monkeypatch.setattr(honeypots, "rng", rng)
    return rng


def setup(
    manager: Api, database: Database, pid: int, *, production: int, honeypot: int, rate: float
) -> tuple[list[int], list[int]]:
    """Production items first, honeypots in a later import (the case random ids are for)."""
    rows = [{"data": {"text": f"production {i}"}} for i in range(production)]
    assert manager.post(f"/api/projects/{pid}/items", json=rows).status_code == 201
    rows = [{"data": {"text": f"honeypot {i}"}, "gold": HONEYPOT_GOLD} for i in range(honeypot)]
    assert manager.post(f"/api/projects/{pid}/items", json=rows).status_code == 201
    # H3's training settings model (branch `training`) validates the rate on PATCH; here it is
    # stored as the queue reads it: projects.training.honeypot_rate.
    with database.session(write=True) as db:
        db.execute(update(Project).where(Project.id == pid).values(training={"honeypot_rate": rate}))
    with database.session() as db:
        items = db.execute(select(Item.id, Item.gold_set).where(Item.project_id == pid)).all()
    return [i.id for i in items if i.gold_set is None], [i.id for i in items if i.gold_set == "honeypot"]


def work(api: Api, pid: int, limit: int) -> list[int]:
    """next + submit, up to ``limit`` items; the served ids in order."""
    served: list[int] = []
    while len(served) < limit and (r := api.get(f"/api/projects/{pid}/next")).status_code == 200:
        item = r.json()
        assert api.post(f"/api/items/{item['id']}/annotations", json=SUBMIT).status_code == 201
        served.append(item["id"])
    return served


def test_honeypots_come_at_about_the_rate_doubled_while_few_are_answered(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    pid = project["id"]
    _, pots = setup(manager, database, pid, production=400, honeypot=100, rate=0.1)
    (a,) = annotators(client_for, manager, pid, 1)
    served = work(a, pid, 400)
    hits = [i for i, item in enumerate(served) if item in set(pots)]
    assert len(set(served)) == len(served)  # nothing twice
    tenth = hits[honeypots.WARMUP_ANSWERS - 1]  # where the tenth honeypot was answered
    warm = len(hits[: honeypots.WARMUP_ANSWERS]) / (tenth + 1)
    after = len(hits[honeypots.WARMUP_ANSWERS :]) / (len(served) - tenth - 1)
    assert 0.12 <= warm <= 0.35, warm  # twice the rate (0.2) while fewer than 10 are answered
    assert 0.06 <= after <= 0.15, after  # then the project's rate (0.1)


def test_no_honeypots_at_rate_zero_or_without_a_rate(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    pid = project["id"]
    _, pots = setup(manager, database, pid, production=30, honeypot=10, rate=0.0)
    (a,) = annotators(client_for, manager, pid, 1)
    assert not set(work(a, pid, 30)) & set(pots)
    for stored in ({"honeypot_rate": "0.5"}, {"honeypot_rate": True}, {"honeypot_rate": -1}, {}):
        assert honeypots.honeypot_rate(stored) == 0.0
    assert honeypots.honeypot_rate({"honeypot_rate": 9}) == honeypots.MAX_RATE


def test_each_annotator_meets_a_honeypot_once_and_honeypots_take_no_overlap_slot(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    pid = project["id"]
    production, pots = setup(manager, database, pid, production=30, honeypot=6, rate=0.5)
    team = annotators(client_for, manager, pid, 3)
    met: Counter[int] = Counter()
    served: dict[str, list[int]] = {api.email: [] for api in team}
    while any(got := [work(api, pid, 1) for api in team]):  # in turns
        for api, items in zip(team, got, strict=True):
            served[api.email] += items
    for items in served.values():
        assert len(items) == len(set(items))
        met.update(i for i in items if i in set(pots))
    assert met and max(met.values()) == 3  # three annotators on a honeypot: the overlap is 2
    with database.session() as db:
        rows = {i.id: i for i in db.scalars(select(Item).where(Item.project_id == pid))}
    assert all(rows[i].claimed == 0 and not rows[i].open for i in pots)
    assert all(rows[i].claimed == 2 and rows[i].submitted_count == 2 for i in production)
    # the queue ran dry for everyone: no honeypot is served after that
    for api in team:
        assert all(api.get(f"/api/projects/{pid}/next").status_code == 204 for _ in range(20))


def shape(value: Any) -> Any:
    """Keys and value types, recursively: what tells two answers apart besides the values."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shape(v) for v in value[:1]]
    return type(value).__name__


def test_an_annotator_cannot_tell_a_honeypot_from_a_production_item(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    pid = project["id"]
    production, pots = setup(manager, database, pid, production=40, honeypot=10, rate=0.4)
    a, b = annotators(client_for, manager, pid, 2)
    # Ids: random below 2**53, the later batch (the honeypots) not in a range of its own.
    assert all(0 < i < ITEM_ID_BOUND for i in production + pots)
    assert not (min(pots) > max(production) or max(pots) < min(production))

    # Serve until a's current item is each kind once; keep them as drafts side by side.
    seen: dict[str, dict[str, Any]] = {}
    while len(seen) < 2:
        r = a.get(f"/api/projects/{pid}/next")
        assert r.status_code == 200
        item = r.json()
        kind = "honeypot" if item["id"] in pots else "production"
        if kind in seen:
            assert a.post(f"/api/items/{item['id']}/annotations", json=SUBMIT).status_code == 201
            continue
        seen[kind] = item
        # the same held item comes back on the next call, with its draft
        draft = a.post(
            f"/api/items/{item['id']}/annotations", json={"result": {"note": "hmm"}, "status": "draft"}
        )
        assert draft.status_code == 201
        again = a.get(f"/api/projects/{pid}/next").json()
        assert again["id"] == item["id"] and again["draft"]["id"] == draft.json()["id"]
        seen[kind]["draft_view"] = again
        seen[kind]["draft"] = draft.json()
        # a bad submission: the same status, code and message for both kinds
        bad = a.patch(
            f"/api/annotations/{draft.json()['id']}",
            json={"result": {"sentiment": "furious"}, "status": "submitted", "version": 1},
        )
        seen[kind]["bad"] = (bad.status_code, bad.json())
        # submitting through PATCH from the draft (the web UI's flow)
        done = a.patch(
            f"/api/annotations/{draft.json()['id']}", json={**SUBMIT, "status": "submitted", "version": 1}
        )
        assert done.status_code == 200, done.text
        seen[kind]["submitted"] = done.json()
        seen[kind]["again"] = a.post(f"/api/items/{item['id']}/annotations", json=SUBMIT)
    hp, pr = seen["honeypot"], seen["production"]
    assert shape(hp["draft_view"]) == shape(pr["draft_view"])
    assert set(hp["draft_view"]) == {"id", "data", "draft", "prediction"} == set(pr["draft_view"])
    assert hp["bad"] == pr["bad"] and hp["bad"][0] == 422
    assert shape(hp["submitted"]) == shape(pr["submitted"])
    assert hp["again"].status_code == pr["again"].status_code == 409
    assert hp["again"].json() == pr["again"].json()

    # Every route an annotator may call on an item they were served answers alike.
    for path in ("/api/items/{}", "/api/items/{}/annotations", "/api/items/{}/gold"):
        h, p = a.get(path.format(hp["id"])), a.get(path.format(pr["id"]))
        assert h.status_code == p.status_code, path
        assert shape(h.json()) == shape(p.json()), path
        if h.status_code >= 400:
            assert h.json() == p.json(), path
    # Their own listing: the same keys, in the order they were served.
    listing = a.get(f"/api/projects/{pid}/items?page_size=100").json()["items"]
    assert {frozenset(i) for i in listing} == {frozenset({"id", "data", "draft", "prediction"})}
    ids = [i["id"] for i in listing]
    assert hp["id"] in ids and pr["id"] in ids
    for sort in ("rank", "created_at"):
        with database.session() as db:
            served_order = list(
                db.scalars(
                    select(Assignment.item_id)
                    .join(Item, Item.id == Assignment.item_id)
                    .where(Item.project_id == pid, Assignment.user_id == user_id(database, a.email))
                    .order_by(Assignment.id)
                )
            )
        assert [
            i["id"] for i in a.get(f"/api/projects/{pid}/items?page_size=100&sort={sort}").json()["items"]
        ] == (served_order)

    # An item never served: a honeypot and a production item refuse the same way.
    untouched_pot = next(i for i in pots if i not in ids)
    untouched_item = next(i for i in production if i not in ids)
    for call in (
        lambda i: b.post(f"/api/items/{i}/annotations", json=SUBMIT),
        lambda i: a.post(f"/api/items/{i}/annotations", json=SUBMIT),
        lambda i: a.post(f"/api/items/{i}/skip", json={}),
        lambda i: a.get(f"/api/items/{i}"),
        lambda i: a.get(f"/api/items/{i}/annotations"),
    ):
        h, p = call(untouched_pot), call(untouched_item)
        assert (h.status_code, h.json()) == (p.status_code, p.json())


def user_id(database: Database, email: str) -> int:
    with database.session() as db:
        return int(db.scalars(select(User.id).where(User.email == email)).one())


def test_skip_and_lock_expiry_work_alike_for_both_kinds(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    pid = project["id"]
    _, pots = setup(manager, database, pid, production=40, honeypot=10, rate=0.4)
    (a,) = annotators(client_for, manager, pid, 1)
    outcomes: dict[str, list[Any]] = {"honeypot": [], "production": []}
    skipped: dict[str, int] = {}
    expired: dict[str, int] = {}
    while len(skipped) < 2 or len(expired) < 2:
        item = a.get(f"/api/projects/{pid}/next").json()
        kind = "honeypot" if item["id"] in pots else "production"
        if kind not in skipped:
            r = a.post(f"/api/items/{item['id']}/skip", json={"reason": "unclear"})
            outcomes[kind].append(("skip", r.status_code))
            r = a.post(f"/api/items/{item['id']}/skip", json={"reason": "again"})
            outcomes[kind].append(("skip twice", r.status_code, r.json()))
            skipped[kind] = item["id"]
        elif kind not in expired:
            with database.session(write=True) as db:  # the lock runs out
                db.execute(
                    update(Assignment)
                    .where(Assignment.item_id == item["id"])
                    .values(expires_at=utcnow() - timedelta(seconds=1))
                )
            following = a.get(f"/api/projects/{pid}/next")
            outcomes[kind].append(
                ("after expiry", following.status_code, following.json()["id"] != item["id"])
            )
            # the expired item can still be submitted (a slot is free; a honeypot needs none)
            r = a.post(f"/api/items/{item['id']}/annotations", json=SUBMIT)
            outcomes[kind].append(("submit expired", r.status_code))
            a.post(f"/api/items/{following.json()['id']}/skip", json={})
            expired[kind] = item["id"]
        else:
            assert a.post(f"/api/items/{item['id']}/annotations", json=SUBMIT).status_code == 201
    assert outcomes["honeypot"] == outcomes["production"], outcomes
    assert outcomes["honeypot"][0] == ("skip", 204)
    assert outcomes["honeypot"][-1] == ("submit expired", 201)
    # a skipped honeypot is never served again, like a skipped production item
    rest = work(a, pid, 1000)
    assert skipped["honeypot"] not in rest and skipped["production"] not in rest
    with database.session() as db:
        pots_claimed = db.scalars(select(Item.claimed).where(Item.id.in_(pots))).all()
    assert set(pots_claimed) == {0}
