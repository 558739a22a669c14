"""`goldlabel start --workers N`: several server processes on one SQLite database.

The workers share the queue (no item goes beyond its overlap), the writer and the login limit;
a worker that dies is replaced; SIGTERM stops them all; a taken port is a clear error.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil
import pytest

from goldlabel.db.engine import Database
from goldlabel.db.migrate import upgrade
from goldlabel.services import auth, tokens
from tests.live_server import CLI, running_server, server_env

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="several workers run on Linux only")
ANNOTATORS = 8
ITEMS = 40
ADMIN = ("admin@example.org", "serve-password-123")


def _workers(proc: subprocess.Popen[bytes]) -> list[psutil.Process]:
    return psutil.Process(proc.pid).children()


def _label_until_empty(url: str, token: str) -> tuple[list[int], list[int]]:
    """next + submit until 204, each request on a new connection (so on any worker)."""
    done, errors = [], []
    headers = {"Authorization": f"Token {token}"}
    while True:
        resp = httpx.get(f"{url}/api/projects/1/next", headers=headers)
        if resp.status_code == 204:
            return done, errors
        if resp.status_code != 200:
            errors.append(resp.status_code)
            continue
        item = resp.json()["id"]
        body = {"result": {"sentiment": "pos"}, "status": "submitted"}
        sent = httpx.post(f"{url}/api/items/{item}/annotations", json=body, headers=headers)
        (done if sent.status_code == 201 else errors).append(
            item if sent.status_code == 201 else sent.status_code
        )


@dataclass
class Setup:
    data_dir: Path
    admin_token: str
    annotator_tokens: list[str]


@pytest.fixture
def setup(tmp_path: Path) -> Setup:
    """Accounts and tokens written straight into the data dir's database (the CLI's way, faster)."""
    database = Database(f"sqlite:///{tmp_path / 'goldlabel.sqlite3'}")
    upgrade(database.engine)
    with database.session(write=True) as db:
        admin = auth.create_user(db, ADMIN[0], ADMIN[1], is_admin=True)
        annotators = [
            auth.create_user(db, f"a{i}@example.org", f"password-{i:04d}") for i in range(ANNOTATORS)
        ]
        admin_token = tokens.create_token(db, admin.id, name="t").token
        annotator_tokens = [tokens.create_token(db, user.id, name="t").token for user in annotators]
    database.dispose()
    return Setup(tmp_path, admin_token, annotator_tokens)


def test_workers_share_the_queue_without_exceeding_the_overlap(setup: Setup) -> None:
    with running_server(setup.data_dir, "--no-demo", "--workers", "2") as (proc, url):
        workers = _workers(proc)
        assert len(workers) == 2
        admin = {"Authorization": f"Token {setup.admin_token}"}
        schema = {
            "fields": {"text": "text"},
            "controls": [
                {"name": "sentiment", "type": "choices", "field": "text", "options": ["pos", "neg"]}
            ],
            "overlap": 2,
        }
        httpx.post(
            f"{url}/api/projects", json={"name": "p", "schema": schema}, headers=admin
        ).raise_for_status()
        items = [{"data": {"text": f"item {i}"}} for i in range(ITEMS)]
        httpx.post(f"{url}/api/projects/1/items", json=items, headers=admin).raise_for_status()
        for i in range(ANNOTATORS):
            member = {"email": f"a{i}@example.org", "role": "annotator"}
            httpx.post(f"{url}/api/projects/1/members", json=member, headers=admin).raise_for_status()
        for token in setup.annotator_tokens:  # each annotator accepts their invitation
            mine = {"Authorization": f"Token {token}"}
            [invitation] = httpx.get(f"{url}/api/invitations", headers=mine).json()
            httpx.post(f"{url}/api/invitations/{invitation['id']}/accept", headers=mine).raise_for_status()
        cpu_before = [w.cpu_times().user + w.cpu_times().system for w in workers]
        with ThreadPoolExecutor(ANNOTATORS) as pool:
            results = list(pool.map(lambda t: _label_until_empty(url, t), setup.annotator_tokens))
        cpu_after = [w.cpu_times().user + w.cpu_times().system for w in workers]
        labelled = [item for done, _ in results for item in done]
        assert [e for _, e in results] == [[]] * ANNOTATORS
        assert len(labelled) == ITEMS * 2
        assert all(labelled.count(item) == 2 for item in set(labelled))
        assert all(len(set(done)) == len(done) for done, _ in results)  # never twice to one annotator
        # both workers served requests
        assert all(after - before > 0.05 for before, after in zip(cpu_before, cpu_after, strict=True))


def test_the_login_limit_counts_failures_of_every_worker(setup: Setup) -> None:
    env = server_env(login_attempts_per_minute="3")
    with running_server(setup.data_dir, "--no-demo", "--workers", "2", env=env) as (_proc, url):
        statuses = [
            httpx.post(
                f"{url}/api/auth/login", json={"email": ADMIN[0], "password": "wrong password"}
            ).status_code
            for _ in range(8)
        ]
    assert statuses == [401] * 3 + [429] * 5


def test_parallel_guesses_cannot_race_past_the_limit(setup: Setup) -> None:
    """Each attempt is counted before the password is checked: 60 guesses at once from many
    connections on two workers get exactly the limit of tries."""
    env = server_env(login_attempts_per_minute="10")
    with running_server(setup.data_dir, "--no-demo", "--workers", "2", env=env) as (_proc, url):

        def guess(_: int) -> int:
            body = {"email": ADMIN[0], "password": "wrong password"}
            return httpx.post(f"{url}/api/auth/login", json=body, timeout=30).status_code

        with ThreadPoolExecutor(30) as pool:
            statuses = list(pool.map(guess, range(60)))
    assert statuses.count(401) == 10 and statuses.count(429) == 50


def test_a_dead_worker_is_replaced_and_sigterm_stops_them_all(setup: Setup) -> None:
    with running_server(setup.data_dir, "--no-demo", "--workers", "2") as (proc, url):
        first, second = _workers(proc)
        time.sleep(2.5)  # past the start-up window, in which a dying worker stops the server
        os.kill(first.pid, signal.SIGKILL)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            pids = {w.pid for w in _workers(proc)}
            if len(pids) == 2 and first.pid not in pids:
                break
            time.sleep(0.1)
        assert second.pid in pids and first.pid not in pids and len(pids) == 2
        for _ in range(6):  # new connections land on either worker; all answer
            assert httpx.get(f"{url}/api/auth/me").status_code == 401
        workers = _workers(proc)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == 0
        _gone, alive = psutil.wait_procs(workers, timeout=5)
        assert alive == []


def test_workers_stop_when_the_supervisor_is_killed(setup: Setup) -> None:
    with running_server(setup.data_dir, "--no-demo", "--workers", "2") as (proc, _url):
        workers = _workers(proc)
        proc.kill()
        proc.wait()
        _gone, alive = psutil.wait_procs(workers, timeout=10)
        assert alive == []


def test_a_taken_port_is_a_clear_error(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        out = subprocess.run(
            [
                sys.executable,
                "-c",
                CLI,
                "start",
                "--port",
                str(port),
                "--data-dir",
                str(tmp_path),
                "--no-demo",
            ],
            capture_output=True,
            text=True,
            timeout=60,
            env=server_env(),
        )
    assert out.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in out.stderr and "--port" in out.stderr
