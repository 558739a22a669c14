"""`goldlabel start` in a subprocess on a free loopback port: what a user runs, for the browser
tests and the server-process tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

CLI = "from goldlabel.cli.main import app; app()"
START_TIMEOUT_S = 60


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOLDLABEL_")}
    # Tests log in from 127.0.0.1 many times; the login limit has tests of its own.
    env["GOLDLABEL_LOGIN_ATTEMPTS_PER_MINUTE"] = "1000"
    env.update({f"GOLDLABEL_{k.upper()}": v for k, v in settings.items()})
    return env


def cli(
    *args: str, data_dir: Path, env: dict[str, str] | None = None, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the goldlabel command against a data dir (``input``: its standard input)."""
    return subprocess.run(
        [sys.executable, "-c", CLI, *args, "--data-dir", str(data_dir)],
        input=input,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env=env or server_env(),
    )


@contextmanager
def running_server(
    data_dir: Path, *args: str, env: dict[str, str] | None = None
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """Start the server, wait until it answers, yield (process, base URL); stop it after."""
    port = free_port()
    log_path = data_dir / "server.log"
    with log_path.open("w") as log:
        cmd = [sys.executable, "-c", CLI, "start", "--host", "127.0.0.1", "--port", str(port)]
        proc = subprocess.Popen(
            [*cmd, "--data-dir", str(data_dir), *args],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env or server_env(),
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while True:
                if proc.poll() is not None:
                    pytest.fail(f"goldlabel start exited: {log_path.read_text()}", pytrace=False)
                try:
                    if httpx.get(f"{url}/api/auth/me", timeout=2).status_code in (200, 401, 403):
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"goldlabel did not answer within {START_TIMEOUT_S}s", pytrace=False)
                time.sleep(0.2)
            yield proc, url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
