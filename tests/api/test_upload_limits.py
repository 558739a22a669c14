"""Request bodies: access before the body, a cap counted as bytes arrive, JSON depth at the edge."""

from __future__ import annotations

import contextlib
import io
import json
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import anyio
import anyio.from_thread
import httpx
import pytest

from goldlabel.api.app import create_app
from goldlabel.core.settings import Settings
from goldlabel.db.engine import Database
from goldlabel.services import tokens
from tests.api.conftest import SCHEMA, Api, add_member, import_texts, table_counts
from tests.api.helpers_files import png_bytes
from tests.api.test_concurrency import server_url  # noqa: F401  (a fixture: a live uvicorn server)

LIMITS = {"max_json_body_bytes": 4_000, "max_import_bytes": 20_000, "max_media_bytes": 30_000}
CHUNK = 16 * 1024
DEEP = b"[" * 300 + b"]" * 300


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Small caps, so that a test crosses them with a few kilobytes."""
    return settings.model_copy(update=LIMITS)


@pytest.fixture
def app(settings: Settings, database: Database) -> Any:
    return create_app(settings, database)


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def too_large(response: Any, limit: int) -> None:
    assert response.status_code == 413, response.text
    detail = response.json()["detail"]
    assert detail["code"] == "too_large" and detail["limit"] == limit
    assert str(limit) in detail["message"]


def chunks(total: int) -> Iterator[bytes]:
    """A body sent in chunks without a Content-Length (Transfer-Encoding: chunked)."""
    for start in range(0, total, CHUNK):
        yield b" " * min(CHUNK, total - start)


# ---- the caps, declared and chunked ----------------------------------------------------------


def test_json_bodies_are_capped_declared_or_chunked(
    manager: Api, project: dict[str, Any], database: Database
) -> None:
    before = table_counts(database)
    name = "x" * 5_000
    too_large(manager.post("/api/projects", json={"name": name, "schema": SCHEMA}), 4_000)
    body = json.dumps({"name": "n", "schema": SCHEMA, "description": name}).encode()
    too_large(
        manager.post(
            "/api/projects",
            content=iter([body[:3000], body[3000:]]),
            headers={"content-type": "application/json"},
        ),
        4_000,
    )
    assert table_counts(database) == before
    # control: the same route takes a body under the cap
    assert manager.post("/api/projects", json={"name": "small", "schema": SCHEMA}).status_code == 201


@pytest.mark.parametrize("chunked", [False, True])
def test_imports_have_their_own_cap(
    manager: Api, project: dict[str, Any], database: Database, chunked: bool
) -> None:
    pid = project["id"]
    under = json.dumps([{"text": f"row {i}"} for i in range(600)]).encode()  # ~10 KB: over the JSON cap
    over = json.dumps([{"text": f"row {i}"} for i in range(1_500)]).encode()  # ~25 KB
    before = table_counts(database)

    def send(body: bytes) -> Any:
        content: Any = iter([body[i : i + 4096] for i in range(0, len(body), 4096)]) if chunked else body
        return manager.post(
            f"/api/projects/{pid}/items", content=content, headers={"content-type": "application/json"}
        )

    too_large(send(over), 20_000)
    too_large(
        manager.post(f"/api/projects/{pid}/items", files={"file": ("x.json", io.BytesIO(over))}), 20_000
    )
    assert table_counts(database) == before
    assert send(under).json() == {"created": 600, "skipped": 0, "annotations": 0, "predictions": 0}


def test_media_uploads_are_capped(
    manager: Api, project: dict[str, Any], settings: Settings, database: Database
) -> None:
    pid = project["id"]
    big = png_bytes(size=2) + b"\x00" * 40_000  # sniffs as a PNG
    before, files = table_counts(database), files_under(settings.data_dir)
    r = manager.post(f"/api/projects/{pid}/media", files=[("files", ("big.png", big, "image/png"))])
    too_large(r, 30_000)
    assert files_under(settings.data_dir) == files
    assert table_counts(database) == before
    small = manager.post(
        f"/api/projects/{pid}/media", files=[("files", ("ok.png", png_bytes(), "image/png"))]
    )
    assert small.status_code == 201, small.text


# ---- access first, and reading stops at the cap (straight into the ASGI app) -------------------


class Body:
    """An endless request body that counts what the app reads of it."""

    def __init__(
        self, declared: int | None = None, content_type: str = "application/json", head: bytes = b""
    ) -> None:
        self.declared = declared
        self.content_type = content_type
        self.head = head  # the first bytes (a multipart part's headers), then spaces for ever
        self.read = 0

    def headers(self, api: Api) -> list[tuple[bytes, bytes]]:
        cookies = "; ".join(f"{k}={v}" for k, v in api.cookies.items())
        sent = [
            (b"host", b"testserver"),
            (b"content-type", self.content_type.encode()),
            (b"cookie", cookies.encode()),
            (b"x-csrf-token", api.headers["X-CSRF-Token"].encode()),
        ]
        if self.declared is not None:
            sent.append((b"content-length", str(self.declared).encode()))
        return sent

    async def receive(self) -> dict[str, Any]:
        chunk, self.head = (self.head + b" " * CHUNK)[:CHUNK], b""
        self.read += CHUNK
        return {"type": "http.request", "body": chunk, "more_body": True}


def asgi_post(app: Any, path: str, api: Api, body: Body) -> tuple[int, dict[str, Any]]:
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": path, "raw_path": path.encode(), "root_path": "", "query_string": b"",
        "headers": body.headers(api), "client": ("127.0.0.1", 50000), "server": ("testserver", 80),
        "state": {},
    }  # fmt: skip
    answer: dict[str, Any] = {"body": b""}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
        elif message["type"] == "http.response.body":
            answer["body"] += message.get("body", b"")

    async def run() -> None:
        with anyio.fail_after(30):  # an app that reads an endless body never answers
            await app(scope, body.receive, send)

    # In a loop of its own thread: a browser test on the same worker keeps a loop running here.
    with anyio.from_thread.start_blocking_portal() as portal:
        portal.call(run)
    return answer["status"], json.loads(answer["body"])


@pytest.mark.parametrize("route", ["items", "media"])
@pytest.mark.parametrize("declared", [None, 600 * 1024 * 1024])
def test_a_non_member_gets_404_before_a_byte_of_the_body_is_read(
    app: Any,
    manager: Api,
    project: dict[str, Any],
    client_for: Callable[..., Api],
    route: str,
    declared: int | None,
) -> None:
    outsider = client_for("outsider@example.com")
    annotator = client_for("annotator@example.com")
    add_member(manager, project["id"], "annotator@example.com", "annotator")
    body = Body(declared)
    status, answer = asgi_post(app, f"/api/projects/{project['id']}/{route}", outsider, body)
    assert (status, answer["detail"]["code"], body.read) == (404, "not_found", 0)
    status, answer = asgi_post(app, f"/api/projects/{project['id']}/{route}", annotator, body)
    assert (status, answer["detail"]["code"], body.read) == (403, "role_required", 0)


def part(field: str, filename: str) -> bytes:
    return f'--b\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n\r\n'.encode()


MULTIPART = "multipart/form-data; boundary=b"


@pytest.mark.parametrize(
    ("route", "limit", "content_type", "head"),
    [
        ("items", 20_000, "application/json", b"["),
        ("items", 20_000, MULTIPART, part("file", "x.csv")),
        ("media", 30_000, MULTIPART, part("files", "x.png")),
    ],
)
def test_an_endless_chunked_body_is_cut_at_the_cap(
    app: Any,
    manager: Api,
    project: dict[str, Any],
    database: Database,
    route: str,
    limit: int,
    content_type: str,
    head: bytes,
) -> None:
    before = table_counts(database)
    body = Body(content_type=content_type, head=head)
    status, answer = asgi_post(app, f"/api/projects/{project['id']}/{route}", manager, body)
    assert (status, answer["detail"]["code"], answer["detail"]["limit"]) == (413, "too_large", limit)
    assert limit < body.read <= limit + CHUNK  # the app stopped at the chunk that crossed the cap
    declared = Body(declared=limit + 1, content_type=content_type, head=head)
    status, answer = asgi_post(app, f"/api/projects/{project['id']}/{route}", manager, declared)
    assert (status, answer["detail"]["code"], declared.read) == (413, "too_large", 0)
    assert table_counts(database) == before


def test_a_live_server_answers_413_while_the_client_is_still_sending(
    server_url: str,  # noqa: F811
    make_user: Callable[..., int],
    database: Database,
) -> None:
    """Over a real socket with Transfer-Encoding: chunked: the 413 arrives long before the
    600 MB the client means to send, and nothing was stored."""
    boss = make_user("boss@example.com", can_create_projects=True)
    with database.session(write=True) as db:
        token = tokens.create_token(db, boss).token
    created = httpx.post(
        f"{server_url}/api/projects",
        json={"name": "p", "schema": SCHEMA},
        headers={"Authorization": f"Token {token}"},
    )
    pid = created.json()["id"]
    before = table_counts(database)
    host, port = server_url.removeprefix("http://").split(":")
    sent = 0
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(
            f"POST /api/projects/{pid}/items HTTP/1.1\r\nHost: {host}\r\nAuthorization: Token {token}\r\n"
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".encode()
        )
        sock.setblocking(False)
        reply = b""
        deadline = time.monotonic() + 60
        while sent < 600 * 1024 * 1024 and time.monotonic() < deadline:
            with contextlib.suppress(BlockingIOError):
                reply += sock.recv(65536)
            if b"\r\n\r\n" in reply:
                break
            try:
                sock.send(f"{CHUNK:x}\r\n".encode() + b" " * CHUNK + b"\r\n")
                sent += CHUNK
            except BlockingIOError:
                time.sleep(0.001)
        sock.setblocking(True)
        while b'"limit"' not in reply:
            reply += sock.recv(65536)
    assert reply.startswith(b"HTTP/1.1 413"), reply[:200]
    assert b'"too_large"' in reply and b'"limit":20000' in reply
    assert sent < 16 * 1024 * 1024  # the cap is 20 KB; socket buffers hold a few MB at most
    assert table_counts(database) == before


# ---- JSON nested deeper than MAX_JSON_DEPTH: a 422 at the edge ------------------------------


def test_deep_json_bodies_are_refused_before_any_parser(
    manager: Api, project: dict[str, Any], client_for: Callable[..., Api], database: Database
) -> None:
    pid = project["id"]
    import_texts(manager, pid, ["one"])
    item = manager.get(f"/api/projects/{pid}/items").json()["items"][0]
    before = table_counts(database)
    deep_result = b'{"result": {"sentiment": "positive", "note": ' + DEEP + b"}}"
    for path, body in (
        (f"/api/items/{item['id']}/annotations", deep_result),
        (f"/api/items/{item['id']}/annotations", b'{"result": ' + b"[" * 1500 + b"]" * 1500 + b"}"),
        (
            "/api/projects",
            b'{"name": "deep", "schema": ' + json.dumps(SCHEMA).encode() + b', "x": ' + DEEP + b"}",
        ),
        (f"/api/projects/{pid}/members", b'{"email": "a@example.com", "role": ' + DEEP + b"}"),
    ):
        r = manager.post(path, content=body, headers={"content-type": "application/json"})
        assert r.status_code == 422, (path, r.text)
        assert r.json()["detail"]["code"] == "invalid_request"
        assert r.json()["detail"]["limit"] == 64 and "deeper than 64" in r.json()["detail"]["message"]
    # a deep string is not deep JSON
    text = {"result": {"sentiment": "positive", "note": "[" * 40}, "status": "submitted"}
    assert manager.post(f"/api/items/{item['id']}/annotations", json=text).status_code == 201
    after = table_counts(database)
    assert after["annotations"] == before["annotations"] + 1 and after["projects"] == before["projects"]
