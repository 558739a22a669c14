"""Segments with transcripts over HTTP (audio-text alignment): a segment's ``text`` is stored as
sent, refused with a 422 naming the control when too long (nothing stored), and exported with
its segment, beside the whole clip's transcription."""

from __future__ import annotations

from typing import Any

import pytest

from goldlabel.controls.regions import without_ids
from goldlabel.core.limits import MAX_SEGMENT_TEXT_CHARS
from goldlabel.db.engine import Database
from tests.api.conftest import Api, table_counts

SCHEMA: dict[str, Any] = {
    "fields": {"audio": "audio"},
    "controls": [
        {"name": "turns", "type": "segments", "field": "audio", "labels": ["A", "B"], "speakers": True},
        {"name": "transcript", "type": "text", "field": "audio", "transcription": True},
    ],
}
ITEM = {"audio": "https://example.com/call.wav", "audio_duration": 10}
TURNS = [
    {"start": 0, "end": 2.5, "label": "A", "text": "Hello, how can I help?"},
    {"start": 2.5, "end": 6, "label": "B", "text": "My order is late."},
    {"start": 6, "end": 7, "label": "A"},
]


@pytest.fixture
def served(manager: Api) -> dict[str, Any]:
    r = manager.post("/api/projects", json={"name": "Calls", "schema": SCHEMA})
    assert r.status_code == 201, r.text
    pid = r.json()["id"]
    assert manager.post(f"/api/projects/{pid}/items", json=[{"data": ITEM}]).status_code == 201
    item = manager.get(f"/api/projects/{pid}/next").json()
    return {"pid": pid, "item": item["id"]}


def post(api: Api, item_id: int, result: Any) -> Any:
    return api.post(f"/api/items/{item_id}/annotations", json={"result": result, "status": "submitted"})


def test_segment_transcripts_are_stored_and_exported(manager: Api, served: dict[str, Any]) -> None:
    whole = "Hello, how can I help? My order is late."
    r = post(manager, served["item"], {"turns": TURNS, "transcript": whole})
    assert r.status_code == 201, r.text
    assert without_ids(r.json()["result"]["turns"]) == TURNS
    (exported,) = manager.get(f"/api/projects/{served['pid']}/export?format=json").json()
    result = exported["annotations"][0]["result"]
    assert without_ids(result["turns"]) == TURNS and result["transcript"] == whole


def test_a_transcript_too_long_is_refused_and_nothing_is_stored(
    manager: Api, served: dict[str, Any], database: Database
) -> None:
    before = table_counts(database)
    long_turn = {**TURNS[0], "text": "x" * (MAX_SEGMENT_TEXT_CHARS + 1)}
    r = post(manager, served["item"], {"turns": [long_turn]})
    assert r.status_code == 422, r.text
    assert r.json()["detail"]["control"] == "turns"
    assert table_counts(database) == before
