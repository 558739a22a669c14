"""Many annotators calling next and submitting at once, against a real server process thread."""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy import select

from goldlabel.api.app import create_app
from goldlabel.db.models import Annotation
from tests.api.conftest import PASSWORD, SCHEMA, accept_invitation

ANNOTATORS = 12
ITEMS = 60


@pytest.fixture
def server_url(settings: Any, database: Any) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings, database), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_concurrent_annotators_never_exceed_the_overlap(
    server_url: str, make_user: Any, database: Any
) -> None:
    make_user("boss@example.com", can_create_projects=True)
    with httpx.Client(base_url=server_url) as boss:
        boss.post("/api/auth/login", json={"email": "boss@example.com", "password": PASSWORD})
        boss.headers["X-CSRF-Token"] = boss.cookies["goldlabel_csrf"]
        pid = boss.post("/api/projects", json={"name": "race", "schema": SCHEMA}).json()["id"]
        boss.post(f"/api/projects/{pid}/items", json=[{"text": f"t{i}"} for i in range(ITEMS)])
        for i in range(ANNOTATORS):
            make_user(f"a{i}@example.com")
            boss.post(
                f"/api/projects/{pid}/members", json={"email": f"a{i}@example.com", "role": "annotator"}
            )
            accept_invitation(database, pid, f"a{i}@example.com")

    errors: list[str] = []
    start = threading.Barrier(ANNOTATORS)

    def annotate(i: int) -> None:
        with httpx.Client(base_url=server_url, timeout=60) as c:
            c.post("/api/auth/login", json={"email": f"a{i}@example.com", "password": PASSWORD})
            c.headers["X-CSRF-Token"] = c.cookies["goldlabel_csrf"]
            start.wait()
            while (r := c.get(f"/api/projects/{pid}/next")).status_code == 200:
                item = r.json()
                s = c.post(
                    f"/api/items/{item['id']}/annotations",
                    json={"result": {"sentiment": "neutral"}, "status": "submitted"},
                )
                if s.status_code != 201:
                    errors.append(f"submit {s.status_code} {s.text}")
            if r.status_code != 204:
                errors.append(f"next {r.status_code} {r.text}")

    threads = [threading.Thread(target=annotate, args=(i,)) for i in range(ANNOTATORS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    with database.session() as db:
        rows = db.execute(select(Annotation.item_id, Annotation.author_id, Annotation.status)).all()
    per_item = Counter(r.item_id for r in rows)
    assert len(per_item) == ITEMS and set(per_item.values()) == {2}
    assert len({(r.item_id, r.author_id) for r in rows}) == len(rows) == 2 * ITEMS
    assert {r.status for r in rows} == {"submitted"}
