"""Work that may take long never holds the event loop (docs/ARCHITECTURE.md, "Execution model").

Each case slows one step of a long request down (a password hash, the access check of a report,
an export, a listing, a file served…) with a blocking sleep, starts the request, and once the
slow step runs asks for something short on the same event loop. Run on a worker thread, the
slow step leaves the loop free and the short answer comes first; run on the loop, it would
block the loop and the short answer would come after it. On SQLite a short unit of work runs on
the loop itself, so these runs are the ones that catch a long step handed to it by mistake.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import anyio
import anyio.to_thread
import httpx
import pytest

from goldlabel.core import security
from goldlabel.services import exports, items, media, project_lifecycle
from goldlabel.services.quality import reports
from tests.api.conftest import PASSWORD, SCHEMA, Api, import_texts

SLOW_S = 0.3


Slowed = Callable[[pytest.MonkeyPatch], tuple[object, str]]  # (the object, the attribute) to slow


@dataclass(frozen=True)
class Case:
    slowed: Slowed
    status: int  # the long request's answer
    method: str
    url: str  # formatted with the setup: {project}, {ann_id}
    user: str | None = "admin"  # whose API token is sent (None: nobody's)
    json: dict[str, Any] | None = None


class _Hasher:
    """argon2's hasher (its class has slots: its methods cannot be patched one by one)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def hash(self, password: str) -> str:
        return str(self.inner.hash(password))

    def verify(self, password_hash: str, password: str) -> bool:
        return bool(self.inner.verify(password_hash, password))


def _hasher(method: str) -> Slowed:
    def slowed(monkeypatch: pytest.MonkeyPatch) -> tuple[object, str]:
        hasher = _Hasher(security._hasher)
        monkeypatch.setattr(security, "_hasher", hasher)
        return hasher, method

    return slowed


def _access_check(module: object) -> Slowed:
    return lambda _: (module, "project_access")


NEW_PASSWORD = "a brand new passphrase"
CASES = {
    "login": Case(
        _hasher("verify"),
        200,
        "POST",
        "/api/auth/login",
        None,
        {"email": "ann@example.com", "password": PASSWORD},
    ),
    "password change": Case(
        _hasher("verify"),
        204,
        "POST",
        "/api/auth/me/password",
        "ann",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    ),
    "account creation": Case(_hasher("hash"), 201, "POST", "/api/users", json={"email": "new@example.com"}),
    "password reset": Case(_hasher("hash"), 200, "POST", "/api/users/{ann_id}/password", json={}),
    "quality report": Case(_access_check(reports), 200, "GET", "/api/projects/{project}/agreement"),
    "export": Case(_access_check(exports), 200, "GET", "/api/projects/{project}/export"),
    "items listing": Case(_access_check(items), 200, "GET", "/api/projects/{project}/items?q=text"),
    "deletion preview": Case(
        _access_check(project_lifecycle), 200, "GET", "/api/projects/{project}/deletion"
    ),
    "media file": Case(_access_check(media), 404, "GET", "/api/media/{project}/missing.png"),
}


def _token(api: Api) -> dict[str, str]:
    r = api.post("/api/auth/tokens", json={"name": "probe"})
    assert r.status_code == 201, r.text
    return {"Authorization": f"Token {r.json()['token']}"}


@pytest.mark.parametrize("case", list(CASES))
def test_a_long_step_leaves_the_event_loop_free(
    case: str, app: Any, client_for: Callable[..., Api], monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = client_for("admin@example.com", admin=True)
    ann = client_for("ann@example.com")
    project = admin.post("/api/projects", json={"name": "p", "schema": SCHEMA}).json()["id"]
    import_texts(admin, project, ["some text"])
    tokens = {"admin": _token(admin), "ann": _token(ann)}
    this = CASES[case]
    url = this.url.format(project=project, ann_id=ann.get("/api/auth/me").json()["id"])

    target, name = this.slowed(monkeypatch)
    original = getattr(target, name)
    entered = threading.Event()

    def slow(*args: Any, **kwargs: Any) -> Any:
        entered.set()
        time.sleep(SLOW_S)  # blocks whatever thread runs it, like CPU-bound hashing would
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, slow)
    finished: list[str] = []

    async def main() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:

            async def long_request() -> None:
                headers = tokens[this.user] if this.user else {}
                r = await client.request(this.method, url, json=this.json, headers=headers)
                assert r.status_code == this.status, r.text
                finished.append("long")

            async with anyio.create_task_group() as tasks:
                tasks.start_soon(long_request)
                # Wait for the slow step on a thread: were it on the loop, this would wait too.
                assert await anyio.to_thread.run_sync(entered.wait, 5.0)
                probe = await client.get("/api/auth/me", headers=tokens["admin"])
                assert probe.status_code == 200, probe.text
                finished.append("short")

    anyio.run(main)
    assert finished == ["short", "long"]
