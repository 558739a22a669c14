"""The API in this process, for the CLI's import and export without a running server.

The CLI moves data through the SDK whether it talks to a server (``--url``) or to the local data
dir; for the latter this serves the app on a Unix socket in a private temporary folder (mode
0700: only this user reaches it, the user who can read the data dir anyway), for as long as the
command runs. A real server, not Starlette's TestClient: the TestClient holds a whole request
and response body in memory, and a multi-gigabyte import or export must stream.

Every request there acts as the actor the CLI names (an admin: the local operator, as the CLI
always has): no token is minted, stored or logged.
"""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn

from goldlabel.api.app import create_app
from goldlabel.api.deps import claiming_actor, current_actor
from goldlabel.core.settings import Settings
from goldlabel.db.engine import Database
from goldlabel.services.access import Actor

START_TIMEOUT_S = 30.0


@contextmanager
def local_client(settings: Settings, database: Database, actor: Actor) -> Iterator[httpx.Client]:
    """An httpx client of the app served on a private Unix socket, every request by ``actor``;
    the server stops on exit."""

    async def acting() -> Actor:
        return actor

    app = create_app(settings.model_copy(update={"allowed_hosts": ["localhost"]}), database)
    app.dependency_overrides[current_actor] = acting
    app.dependency_overrides[claiming_actor] = acting
    with tempfile.TemporaryDirectory(prefix="goldlabel-cli-") as folder:
        socket = str(Path(folder) / "api.sock")
        config = uvicorn.Config(
            app, uds=socket, log_config=None, log_level="warning", access_log=False, lifespan="on"
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, name="goldlabel-local-api", daemon=True)
        thread.start()
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while not server.started:
                if not thread.is_alive() or time.monotonic() > deadline:
                    raise RuntimeError("the in-process API did not start")
                time.sleep(0.01)
            transport = httpx.HTTPTransport(uds=socket)
            with httpx.Client(transport=transport, base_url="http://localhost", timeout=None) as client:
                yield client
        finally:
            server.should_exit = True
            thread.join()
