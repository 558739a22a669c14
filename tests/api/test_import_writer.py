"""An import holds the database writer only to insert: others' writes go on while a slow,
pathological upload is read and refused (on SQLite the writer is one lock for the server)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import httpx

from goldlabel.db.engine import Database
from tests.api.conftest import PASSWORD, SCHEMA, table_counts
from tests.api.test_concurrency import server_url  # noqa: F401  (a fixture: a live uvicorn server)

ROWS_BEFORE_THE_LONG_LINE = 150_000
LONG_LINE = 20_000_000
# Reading that file under the writer took minutes, and every submit waited for it. Now a submit
# waits only for its turn at the GIL beside the upload's thread (server, clients and upload share
# this process): well under a second usually, a few on a machine loaded by other work.
SUBMIT_BOUND_S = 5.0


def login(url: str, email: str) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=SUBMIT_BOUND_S * 2)
    assert client.post("/api/auth/login", json={"email": email, "password": PASSWORD}).status_code == 200
    client.headers["X-CSRF-Token"] = client.cookies["goldlabel_csrf"]
    return client


def test_a_pathological_upload_does_not_stall_another_users_submit(
    server_url: str,  # noqa: F811
    make_user: Callable[..., int],
    database: Database,
) -> None:
    make_user("mallory@example.com")
    make_user("ann@example.com")
    mallory, ann = login(server_url, "mallory@example.com"), login(server_url, "ann@example.com")
    their = mallory.post("/api/projects", json={"name": "mine", "schema": SCHEMA}).json()["id"]
    pid = ann.post("/api/projects", json={"name": "work", "schema": SCHEMA | {"overlap": 1}}).json()["id"]
    assert (
        ann.post(f"/api/projects/{pid}/items", json=[{"text": f"t{i}"} for i in range(500)]).status_code
        == 201
    )
    # many good rows (checked one by one), then one 20 MB line
    csv = b"text\n" + b"fine row\n" * ROWS_BEFORE_THE_LONG_LINE + b"x" * LONG_LINE + b"\n"
    before = table_counts(database)

    upload: dict[str, Any] = {}

    def send_upload() -> None:
        started = time.monotonic()
        with httpx.Client(
            base_url=server_url, cookies=mallory.cookies, headers=mallory.headers, timeout=600
        ) as c:
            upload["response"] = c.post(f"/api/projects/{their}/items", files={"file": ("big.csv", csv)})
        upload["seconds"] = time.monotonic() - started

    uploader = threading.Thread(target=send_upload)
    uploader.start()
    latencies: list[float] = []
    overlapped = 0
    while uploader.is_alive() or not latencies:
        started = time.monotonic()
        item = ann.get(f"/api/projects/{pid}/next").json()
        r = ann.post(f"/api/items/{item['id']}/annotations", json={"result": {"sentiment": "positive"}})
        assert r.status_code == 201, r.text
        latencies.append(time.monotonic() - started)
        overlapped += uploader.is_alive()
    uploader.join()

    refused = upload["response"]
    assert refused.status_code == 422, refused.text
    assert refused.json()["detail"]["row"] == ROWS_BEFORE_THE_LONG_LINE + 2
    assert overlapped >= 3, "the submits should run while the upload is being read"
    assert max(latencies) < SUBMIT_BOUND_S, (sorted(latencies), upload["seconds"])
    after = table_counts(database)
    assert after["items"] == before["items"] and after["annotations"] == before["annotations"] + len(
        latencies
    )
