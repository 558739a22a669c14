"""The workshop's Server-Sent-Events stream over real HTTP (uvicorn on loopback in a thread, on
both databases): the current state first, each change pushed as a whole state cut for the
viewer, no reference to trainees before the reveal, one poller per workshop whatever the
number of listeners, and access checked (Starlette's TestClient cannot stream without end)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
import uvicorn

from goldlabel.api import workshop_push
from goldlabel.api.routes import workshops as routes
from goldlabel.db.engine import Database
from tests.api.conftest import Api
from tests.api.workshop_helpers import EXPLANATIONS, open_workshop, room
from tests.live_server import free_port

RIGHT = {"sentiment": "positive"}


@pytest.fixture
def live_url(app: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    # Short heartbeats: a stream whose reader went away ends at its next write, so uvicorn stops.
    monkeypatch.setattr(routes, "HEARTBEAT_S", 0.3)
    with _serving(app) as url:
        yield url


@contextmanager
def _serving(app: Any) -> Iterator[str]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=20)


def _http(url: str, api: Api) -> httpx.Client:
    """An httpx client with the TestClient's session cookie and CSRF header (same app, same DB)."""
    client = httpx.Client(base_url=url, timeout=10)
    client.cookies.set("goldlabel_session", api.client.cookies["goldlabel_session"])
    client.headers["X-CSRF-Token"] = api.client.headers["X-CSRF-Token"]
    return client


class Events:
    """Reads one SSE stream in a thread; ``wait(pred)`` polls what arrived."""

    def __init__(self, client: httpx.Client, workshop_id: int) -> None:
        self.events: list[tuple[str, dict[str, Any]]] = []
        self.status: int | None = None
        self.headers: dict[str, str] = {}
        self._client = client
        self._wid = workshop_id
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            with self._client.stream("GET", f"/api/workshops/{self._wid}/events", timeout=30) as res:
                self.status = res.status_code
                self.headers = dict(res.headers)
                name = "message"
                for line in res.iter_lines():
                    if line.startswith("event: "):
                        name = line[7:]
                    elif line.startswith("data: "):
                        self.events.append((name, json.loads(line[6:])))
                        if name == "gone":
                            return
        except httpx.HTTPError:
            return

    def wait(self, pred: Any, what: str, timeout: float = 10) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, data in list(self.events):
                if name == "state" and pred(data):
                    return data
            time.sleep(0.02)
        raise AssertionError(
            f"no event {what} in {timeout}s; got {[d.get('revision') for _, d in self.events]}"
        )

    def close(self) -> None:
        self._client.close()


def test_stream_pushes_each_change_cut_for_its_viewer(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database, live_url: str, app: Any
) -> None:
    r = room(client_for, manager, project, database)
    wid = open_workshop(r)["id"]
    a, b = r.trainees
    for t in (a, b):
        t.post(f"/api/workshops/{wid}/join")
    lead = Events(_http(live_url, r.trainer), wid)
    watch = Events(_http(live_url, b), wid)
    try:
        first = lead.wait(lambda s: s["joined"] == 2, "with both trainees joined")
        assert lead.status == 200 and lead.headers["content-type"].startswith("text/event-stream")
        assert first["you"] == "trainer" and first["answered"] == 0
        watch.wait(lambda s: s["you"] == "trainee", "for the trainee")
        with _http(live_url, a) as ac:
            assert (
                ac.post(
                    f"/api/workshops/{wid}/answer", json={"item_id": r.items[0], "result": RIGHT}
                ).status_code
                == 200
            )
        got = lead.wait(lambda s: s["answered"] == 1, "with the answer")
        assert got["answers"][0]["user"] == "trainee0@example.com"
        assert {d["control"]: d["counts"] for d in got["distribution"]}["sentiment"] == {"positive": 1}
        before = watch.wait(lambda s: s["answered"] == 1, "with the count for the trainee")
        assert before["reference"] is None and before["answers"] is None and before["distribution"] is None
        assert not any(e in json.dumps(data) for _, data in watch.events for e in EXPLANATIONS.values())
        # One poller for the workshop in this process, however many listen.
        assert workshop_push.hub_of(app).pollers() == 1
        assert r.trainer.post(f"/api/workshops/{wid}/reveal").status_code == 200
        shown = watch.wait(lambda s: s["state"] == "revealed", "with the reveal")
        assert shown["explanations"] == EXPLANATIONS and shown["distribution"] is not None
        r.trainer.post(f"/api/workshops/{wid}/next")
        nxt = watch.wait(lambda s: s["position"] == 1, "with the next item")
        assert nxt["item"]["id"] == r.items[1] and nxt["reference"] is None
        revisions = [d["revision"] for n, d in watch.events if n == "state"]
        assert revisions == sorted(revisions)
    finally:
        lead.close()
        watch.close()


def test_stream_refuses_guests_and_strangers_and_resends_state_on_reconnect(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database, live_url: str
) -> None:
    r = room(client_for, manager, project, database)
    wid = open_workshop(r)["id"]
    a = r.trainees[0]
    stranger = client_for("stranger@example.com")
    with _http(live_url, a) as ac, _http(live_url, stranger) as sc, httpx.Client(base_url=live_url) as anon:
        assert ac.get(f"/api/workshops/{wid}/events").status_code == 403  # not joined
        assert sc.get(f"/api/workshops/{wid}/events").status_code == 404
        assert anon.get(f"/api/workshops/{wid}/events").status_code == 401
    a.post(f"/api/workshops/{wid}/join")
    a.post(f"/api/workshops/{wid}/answer", json={"item_id": r.items[0], "result": RIGHT})
    # A reconnect (Last-Event-ID or not) starts with the whole current state.
    for _ in range(2):
        client = _http(live_url, a)
        client.headers["Last-Event-ID"] = "1"
        events = Events(client, wid)
        try:
            state = events.wait(lambda s: True, "on connect")
            assert state["your_answer"] == RIGHT and state["item"]["id"] == r.items[0]
        finally:
            events.close()


def test_stream_says_gone_when_the_session_ends(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database, live_url: str
) -> None:
    r = room(client_for, manager, project, database)
    wid = open_workshop(r)["id"]
    a = r.trainees[0]
    a.post(f"/api/workshops/{wid}/join")
    events = Events(_http(live_url, a), wid)
    try:
        events.wait(lambda s: True, "on connect")
        assert a.post("/api/auth/logout").status_code in (200, 204)
        deadline = time.monotonic() + 10
        while not any(n == "gone" for n, _ in events.events):
            assert time.monotonic() < deadline, "no gone event after logout"
            time.sleep(0.05)
    finally:
        events.close()


def test_an_answer_through_one_server_reaches_a_listener_of_another(
    manager: Api,
    project: dict[str, Any],
    client_for: Any,
    database: Database,
    settings: Any,
    live_url: str,
    app: Any,
) -> None:
    """Two apps on one database (what two server processes are: each its own hub and poller)."""
    from goldlabel.api.app import create_app

    other_app = create_app(settings, database)
    r = room(client_for, manager, project, database)
    wid = open_workshop(r)["id"]
    a = r.trainees[0]
    a.post(f"/api/workshops/{wid}/join")
    with _serving(other_app) as other_url:
        lead = Events(_http(other_url, r.trainer), wid)
        try:
            lead.wait(lambda s: s["joined"] == 1, "on connect")
            with _http(live_url, a) as ac:
                body = {"item_id": r.items[0], "result": RIGHT}
                assert ac.post(f"/api/workshops/{wid}/answer", json=body).status_code == 200
            lead.wait(lambda s: s["answered"] == 1, "from the other server")
            assert workshop_push.hub_of(other_app).pollers() == 1
            assert getattr(app.state, "workshop_hub", None) is None  # the answer's server polls nothing
        finally:
            lead.close()
