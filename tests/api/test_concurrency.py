"""Many annotators labeling at once the way the web UI does (next, a draft by POST, its submission
by PATCH), against a real server on a thread; on SQLite and on PostgreSQL (the ``database``
fixture runs both)."""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy import func, select

from goldlabel.api.app import create_app
from goldlabel.core.settings import Settings
from goldlabel.db.engine import Database
from goldlabel.db.models import HOLDS_SLOT, Annotation, Assignment, AssignmentStatus, Item
from tests.api.conftest import PASSWORD, SCHEMA, accept_invitation

ANNOTATORS = 12
ITEMS = 60
OVERLAP = SCHEMA["overlap"]


@contextmanager
def running(settings: Settings, database: Database) -> Iterator[str]:
    """The app on a free port, in a uvicorn server on a thread, while the block runs."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(settings, database)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def server_url(settings: Settings, database: Database) -> Iterator[str]:
    """A live server (test_import_writer and test_upload_limits use it too)."""
    with running(settings, database) as url:
        yield url


def login(client: httpx.Client, email: str) -> None:
    r = client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    assert r.status_code == 200, r.text
    client.headers["X-CSRF-Token"] = client.cookies["goldlabel_csrf"]


def set_up(url: str, make_user: Any, database: Database) -> int:
    make_user("boss@example.com", can_create_projects=True)
    with httpx.Client(base_url=url) as boss:
        login(boss, "boss@example.com")
        pid: int = boss.post("/api/projects", json={"name": "race", "schema": SCHEMA}).json()["id"]
        r = boss.post(f"/api/projects/{pid}/items", json=[{"text": f"t{i}"} for i in range(ITEMS)])
        assert r.status_code == 201, r.text
        for i in range(ANNOTATORS):
            make_user(f"a{i}@example.com")
            member = {"email": f"a{i}@example.com", "role": "annotator"}
            r = boss.post(f"/api/projects/{pid}/members", json=member)
            assert r.status_code == 201, r.text
            if r.json()["status"] == "invited":
                accept_invitation(database, pid, member["email"])
    return pid


def label_like_the_ui(url: str, pid: int, *, tolerated: frozenset[str] = frozenset()) -> list[str]:
    """Every annotator, in parallel: next → draft (POST) → submit (PATCH with the draft's version)
    until the queue has nothing left for them. Returns the unexpected answers."""
    errors: list[str] = []
    start = threading.Barrier(ANNOTATORS)

    def annotate(i: int) -> None:
        with httpx.Client(base_url=url, timeout=120) as c:
            login(c, f"a{i}@example.com")
            start.wait()
            while (r := c.get(f"/api/projects/{pid}/next")).status_code in (200, 409):
                if r.status_code == 409:  # the queue was contended: retry, as the UI does
                    if r.json()["detail"]["code"] != "queue_busy":
                        errors.append(f"next {r.text}")
                    continue
                item = r.json()
                draft = c.post(
                    f"/api/items/{item['id']}/annotations",
                    json={"result": {"note": "thinking"}, "status": "draft", "lead_time_ms": 300},
                )
                if draft.status_code != 201:
                    errors.append(f"draft {draft.status_code} {draft.text}")
                    continue
                saved = draft.json()
                body = {"result": {"sentiment": "neutral"}, "status": "submitted", "lead_time_ms": 900}
                s = c.patch(f"/api/annotations/{saved['id']}", json={**body, "version": saved["version"]})
                refused_as_expected = s.status_code == 409 and s.json()["detail"]["code"] in tolerated
                if s.status_code != 200 and not refused_as_expected:
                    errors.append(f"submit {s.status_code} {s.text}")
            if r.status_code != 204:
                errors.append(f"next {r.status_code} {r.text}")

    threads = [threading.Thread(target=annotate, args=(i,)) for i in range(ANNOTATORS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not any(t.is_alive() for t in threads), "an annotator hung"
    return errors


def assert_slots_add_up(database: Database) -> None:
    """Per item: never more submissions than the overlap; ``claimed`` = live locks + submissions;
    ``submitted_count`` = submitted annotations; ``open`` = a slot is free; and every submitted
    annotation is backed by its author's submitted assignment."""
    with database.session() as db:
        items = db.execute(select(Item.id, Item.claimed, Item.open, Item.submitted_count)).all()
        holding = Counter(
            db.execute(select(Assignment.item_id).where(Assignment.status.in_(HOLDS_SLOT))).scalars()
        )
        submitted = db.execute(
            select(Annotation.item_id, Annotation.author_id).where(Annotation.status == "submitted")
        ).all()
        backed = {
            (r.item_id, r.user_id)
            for r in db.execute(
                select(Assignment.item_id, Assignment.user_id).where(
                    Assignment.status == AssignmentStatus.SUBMITTED
                )
            )
        }
    per_item = Counter(item_id for item_id, _ in submitted)
    for item in items:
        assert per_item[item.id] <= OVERLAP, item
        assert item.claimed == holding[item.id], item
        assert item.submitted_count == per_item[item.id], item
        assert item.open == (item.claimed < OVERLAP), item
    assert {(r.item_id, r.author_id) for r in submitted} == backed


def test_concurrent_annotators_never_exceed_the_overlap(
    server_url: str, make_user: Any, database: Database
) -> None:
    url = server_url
    pid = set_up(url, make_user, database)
    assert label_like_the_ui(url, pid) == []
    with database.session() as db:
        rows = db.execute(select(Annotation.item_id, Annotation.author_id, Annotation.status)).all()
    per_item = Counter(r.item_id for r in rows)
    assert len(per_item) == ITEMS and set(per_item.values()) == {OVERLAP}
    assert len({(r.item_id, r.author_id) for r in rows}) == len(rows) == OVERLAP * ITEMS
    assert {r.status for r in rows} == {"submitted"}  # every draft was submitted
    assert_slots_add_up(database)


def test_locks_expiring_under_load_keep_the_slots_exact(
    settings: Settings, make_user: Any, database: Database
) -> None:
    """Every lock expires at once: other annotators' ``next`` sweeps locks while their holders
    submit, so submissions race the sweep (on PostgreSQL, in separate transactions). A
    submission either keeps its lock's slot, claims a free one, or is refused with item_full;
    never does an item get more than its overlap, nor a slot counted twice or lost."""
    with running(settings.model_copy(update={"lock_ttl_seconds": 0}), database) as url:
        pid = set_up(url, make_user, database)
        assert label_like_the_ui(url, pid, tolerated=frozenset({"item_full"})) == []
    assert_slots_add_up(database)
    with database.session() as db:
        submitted = db.scalar(select(func.count()).where(Annotation.status == "submitted"))
    assert submitted and submitted > ITEMS  # the load really labeled (most items twice)
