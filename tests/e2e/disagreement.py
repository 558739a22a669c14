"""A project where two annotators disagree (issue 11's final labels and adjudication in the
browser): overlap fixed at 2, majority vote, a high confidence threshold, two items — on the
first the annotators disagree on the sentiment and on the entity, on the second they agree.
The background job of the running server computes the final labels and flags the first.
"""

from __future__ import annotations

import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from tests.e2e.conftest import Server, api_client, cli

PASSWORD = "final-e2e-pass-123"
ANNOTATORS = ("final-ann1@example.org", "final-ann2@example.org")
SCHEMA = {
    "fields": {"text": "text"},
    "controls": [
        {"name": "sentiment", "type": "choices", "field": "text", "options": ["pos", "neg", "neu"]},
        {"name": "entities", "type": "spans", "field": "text", "labels": ["PER", "ORG"]},
    ],
}
CONSENSUS = {"method": "majority_vote", "overlap": {"min": 2, "max": 2, "confidence": 0.9}}
DISPUTED = "Ada joined Acme today."
AGREED = "Grace found a moth."
# annotator -> text -> result
ANSWERS: dict[str, dict[str, dict[str, Any]]] = {
    ANNOTATORS[0]: {
        DISPUTED: {"sentiment": "pos", "entities": [{"start": 0, "end": 3, "label": "PER"}]},
        AGREED: {"sentiment": "neg", "entities": [{"start": 0, "end": 5, "label": "PER"}]},
    },
    ANNOTATORS[1]: {
        DISPUTED: {"sentiment": "neg", "entities": [{"start": 11, "end": 15, "label": "ORG"}]},
        AGREED: {"sentiment": "neg", "entities": [{"start": 0, "end": 5, "label": "PER"}]},
    },
}

_CREATED: set[tuple[Path, str]] = set()


@dataclass(frozen=True)
class Disagreement:
    project_id: int
    disputed: int  # item ids
    agreed: int


def set_up(server: Server, name: str) -> Disagreement:
    """The project, its two items, and both annotators' submissions through the API."""
    for email in ANNOTATORS:
        if (server.data_dir, email) not in _CREATED:  # the server (and its users) outlive a test
            cli("user", "create", email, "--password-stdin", data_dir=server.data_dir, input=f"{PASSWORD}\n")
            _CREATED.add((server.data_dir, email))
    with closing(api_client(server)) as admin:
        created = admin.post("/api/projects", json={"name": name, "schema": {**SCHEMA, "overlap": 2}})
        created.raise_for_status()
        pid = int(created.json()["id"])
        admin.patch(f"/api/projects/{pid}", json={"consensus": CONSENSUS}).raise_for_status()
        for email in ANNOTATORS:
            member = {"email": email, "role": "annotator"}
            admin.post(f"/api/projects/{pid}/members", json=member).raise_for_status()
        admin.post(
            f"/api/projects/{pid}/items", json=[{"text": DISPUTED}, {"text": AGREED}]
        ).raise_for_status()
        ids = {
            row["data"]["text"]: row["id"] for row in admin.get(f"/api/projects/{pid}/items").json()["items"]
        }
    for email in ANNOTATORS:
        with closing(api_client(server, email, PASSWORD)) as ann:
            for invitation in ann.get("/api/invitations").json():
                ann.post(f"/api/invitations/{invitation['id']}/accept").raise_for_status()
            while (nxt := ann.get(f"/api/projects/{pid}/next")).status_code != 204:
                nxt.raise_for_status()
                item = nxt.json()
                body = {
                    "result": ANSWERS[email][item["data"]["text"]],
                    "status": "submitted",
                    "lead_time_ms": 900,
                }
                ann.post(f"/api/items/{item['id']}/annotations", json=body).raise_for_status()
    return Disagreement(pid, ids[DISPUTED], ids[AGREED])


def final_labels(client: httpx.Client, pid: int) -> dict[int, dict[str, Any]]:
    got = client.get(f"/api/projects/{pid}/final", params={"page_size": 50})
    got.raise_for_status()
    return {row["item_id"]: row for row in got.json()["items"]}


def wait_for_labels(client: httpx.Client, pid: int, timeout_s: float = 30) -> dict[int, dict[str, Any]]:
    """Poll until the background job has labelled both items and nothing is stale."""
    deadline = time.monotonic() + timeout_s
    while True:
        got = client.get(f"/api/projects/{pid}/final", params={"page_size": 50})
        got.raise_for_status()
        page = got.json()
        if page["total"] == 2 and page["stale"] == 0:
            return {row["item_id"]: row for row in page["items"]}
        assert time.monotonic() < deadline, f"final labels not computed in {timeout_s} s: {page}"
        time.sleep(0.25)
