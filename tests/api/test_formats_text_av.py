"""CoNLL, spaCy, WebVTT, SRT, RTTM, ASR manifests and MOT over HTTP: an export of the final labels
imported into a fresh project as gold gives that gold exactly the exported consensus (media
uploaded to both projects, named by the label files); a bad file or a project without the
control is a 422 with its code, and the database is unchanged."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest

from goldlabel.db.engine import Database
from tests.api.conftest import Api, table_counts
from tests.api.media_samples import audio_bytes, video_bytes
from tests.api.test_media import upload

TEXT_SCHEMA: dict[str, Any] = {
    "fields": {"text": "text"},
    "controls": [{"name": "entities", "type": "spans", "field": "text", "labels": ["PER", "ORG"]}],
    "overlap": 1,
}
AUDIO_SCHEMA: dict[str, Any] = {
    "fields": {"audio": "audio"},
    "controls": [
        {"name": "turns", "type": "segments", "field": "audio", "labels": ["Alice", "Bob"], "speakers": True},
        {"name": "transcript", "type": "text", "field": "audio", "transcription": True},
    ],
    "overlap": 1,
}
VIDEO_SCHEMA: dict[str, Any] = {
    "fields": {"video": "video"},
    "controls": [{"name": "objects", "type": "tracks", "field": "video", "labels": ["car", "person"]}],
    "overlap": 1,
}
TEXTS = ["John Smith works at Acme Corp", "Nothing here", "Mary  met\nAcme"]
SPANS = [
    [{"start": 0, "end": 10, "label": "PER"}, {"start": 20, "end": 29, "label": "ORG"}],
    [],
    [{"start": 0, "end": 4, "label": "PER"}, {"start": 10, "end": 14, "label": "ORG"}],
]
CLIPS = {"a.wav": 2.0, "b.wav": 1.5}
TURNS = {
    "a.wav": [
        {"start": 0.0, "end": 0.75, "label": "Alice", "text": "hello & <welcome>"},
        {"start": 0.8, "end": 1.9, "label": "Bob", "text": "hi\nthere"},
    ],
    "b.wav": [{"start": 0.125, "end": 1.5, "label": "Bob", "text": "only me"}],
}
TRANSCRIPTS = {"a.wav": "hello welcome hi there", "b.wav": "only me"}


def project(api: Api, schema: dict[str, Any]) -> int:
    r = api.post("/api/projects", json={"name": "Formats", "schema": schema})
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def annotate_all(api: Api, pid: int, answer: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    while (r := api.get(f"/api/projects/{pid}/next")).status_code == 200 and r.json():
        item = r.json()
        body = {"result": answer(item["data"]), "status": "submitted"}
        saved = api.post(f"/api/items/{item['id']}/annotations", json=body)
        assert saved.status_code == 201, saved.text


def gold_of(api: Api, pid: int, key: str) -> dict[str, Any]:
    r = api.get(f"/api/projects/{pid}/export?format=json&gold=only")
    assert r.status_code == 200, r.text
    return {item["data"][key]: {**item["gold"], "external_id": item["external_id"]} for item in r.json()}


def without_ids(regions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Regions without the ``id`` the server gives each region it stores."""
    return [{k: v for k, v in r.items() if k != "id"} for r in regions]


def import_file(api: Api, pid: int, fmt: str, name: str, content: bytes, **params: str) -> Any:
    return api.post(
        f"/api/projects/{pid}/items", params={"format": fmt, **params}, files={"file": (name, content)}
    )


def spans_only(spans: list[dict[str, Any]]) -> list[tuple[int, int, str]]:
    return [(s["start"], s["end"], s["label"]) for s in spans]


@pytest.mark.parametrize(("fmt", "name"), [("conll", "docs.conll"), ("spacy", "docs.jsonl")])
def test_text_spans_export_then_import_as_gold(manager: Api, fmt: str, name: str) -> None:
    pid = project(manager, TEXT_SCHEMA)
    rows = [{"id": f"doc-{n}", "data": {"text": t}} for n, t in enumerate(TEXTS)]
    assert manager.post(f"/api/projects/{pid}/items", json=rows).status_code == 201
    annotate_all(manager, pid, lambda data: {"entities": SPANS[TEXTS.index(data["text"])]})
    r = manager.get(f"/api/projects/{pid}/export?format={fmt}&labels=final")
    assert r.status_code == 200, r.text

    fresh = project(manager, TEXT_SCHEMA)
    done = import_file(manager, fresh, fmt, name, r.content, labels_as="gold", gold_set="exam")
    assert done.status_code == 201, done.text
    gold = gold_of(manager, fresh, "text")
    assert {t: spans_only(g["result"]["entities"]) for t, g in gold.items()} == {
        t: spans_only(s) for t, s in zip(TEXTS, SPANS, strict=True)
    }
    assert {g["set"] for g in gold.values()} == {"exam"}
    assert sorted(g["external_id"] for g in gold.values()) == ["doc-0", "doc-1", "doc-2"]

    # gold of one project exports (its references as the final labels) into the next
    r = manager.get(f"/api/projects/{fresh}/export?format={fmt}&gold=only")
    assert r.status_code == 200, r.text
    third = project(manager, TEXT_SCHEMA)
    done = import_file(manager, third, fmt, name, r.content, labels_as="gold")
    assert done.status_code == 201, done.text
    again = gold_of(manager, third, "text")
    assert {t: spans_only(g["result"]["entities"]) for t, g in again.items()} == {
        t: spans_only(g["result"]["entities"]) for t, g in gold.items()
    }


@pytest.fixture
def clips() -> dict[str, bytes]:
    return {name: audio_bytes(seconds) for name, seconds in CLIPS.items()}


def audio_project(api: Api, clips: dict[str, bytes]) -> int:
    pid = project(api, AUDIO_SCHEMA)
    r = upload(api, pid, *((name, content, "audio/wav") for name, content in clips.items()))
    assert r.status_code == 201, r.text
    return pid


@pytest.mark.parametrize("fmt", ["webvtt", "srt", "rttm", "asr_manifest"])
def test_audio_labels_export_then_import_as_gold(manager: Api, clips: dict[str, bytes], fmt: str) -> None:
    pid = audio_project(manager, clips)
    urls = {name: f"/api/media/{pid}/{name}" for name in CLIPS}
    assert (
        manager.post(f"/api/projects/{pid}/items", json=[{"audio": u} for u in urls.values()]).status_code
        == 201
    )

    def answer(data: dict[str, Any]) -> dict[str, Any]:
        name = data["audio"].rsplit("/", 1)[-1]
        return {"turns": TURNS[name], "transcript": TRANSCRIPTS[name]}

    annotate_all(manager, pid, answer)
    r = manager.get(f"/api/projects/{pid}/export?format={fmt}&labels=final")
    assert r.status_code == 200, r.text
    if fmt != "asr_manifest":
        ext = {"webvtt": ".vtt", "srt": ".srt", "rttm": ".rttm"}[fmt]
        assert sorted(zipfile.ZipFile(io.BytesIO(r.content)).namelist()) == [f"a.wav{ext}", f"b.wav{ext}"]

    fresh = audio_project(manager, clips)
    name = "labels.manifest.jsonl" if fmt == "asr_manifest" else "labels.zip"
    done = import_file(manager, fresh, fmt, name, r.content, labels_as="gold")
    assert done.status_code == 201, done.text
    gold = gold_of(manager, fresh, "audio")
    assert sorted(gold) == [f"/api/media/{fresh}/a.wav", f"/api/media/{fresh}/b.wav"]
    for url, g in gold.items():
        clip = url.rsplit("/", 1)[-1]
        if fmt == "asr_manifest":
            assert g["result"] == {"transcript": TRANSCRIPTS[clip]}
            continue
        expected = (
            TURNS[clip]
            if fmt != "rttm"
            else [{k: v for k, v in s.items() if k != "text"} for s in TURNS[clip]]
        )
        assert without_ids(g["result"]["turns"]) == expected


def test_mot_tracks_export_then_import_as_gold(manager: Api) -> None:
    video = video_bytes(12)
    pids = []
    for _ in range(2):
        pids.append(project(manager, VIDEO_SCHEMA))
        assert upload(manager, pids[-1], ("street.mp4", video, "video/mp4")).status_code == 201
    pid, fresh = pids
    assert (
        manager.post(
            f"/api/projects/{pid}/items", json=[{"video": f"/api/media/{pid}/street.mp4"}]
        ).status_code
        == 201
    )
    tracks = [
        {
            "track_id": 3,
            "label": "car",
            "frames": [
                {"frame": f, "x": 2.0 + f, "y": 4.0, "width": 10.0, "height": 8.5} for f in range(0, 6)
            ]
            + [{"frame": 9, "x": 30.0, "y": 4.0, "width": 10.0, "height": 8.5}],
        },
        {
            "track_id": 7,
            "label": "person",
            "frames": [{"frame": 2, "x": 0.0, "y": 0.0, "width": 5.0, "height": 5.0}],
        },
    ]
    annotate_all(manager, pid, lambda _data: {"objects": tracks})
    r = manager.get(f"/api/projects/{pid}/export?format=mot&labels=final")
    assert r.status_code == 200, r.text
    csv = zipfile.ZipFile(io.BytesIO(r.content)).read("street.mp4.txt").decode().splitlines()
    assert csv[0] == "1,3,2,4,10,8.5,1,1,-1,-1" and len(csv) == 8

    done = import_file(manager, fresh, "mot", "tracks.zip", r.content, labels_as="gold")
    assert done.status_code == 201, done.text
    [gold] = gold_of(manager, fresh, "video").values()
    got = without_ids(gold["result"]["objects"])
    assert [
        {**t, "frames": [{k: v for k, v in f.items() if k != "keyframe"} for f in t["frames"]]} for t in got
    ] == tracks
    car = [f["frame"] for f in got[0]["frames"] if f.get("keyframe")]
    assert car == [0, 5, 9]  # a straight run needs its ends only


def test_bad_files_are_refused_and_import_nothing(
    manager: Api, database: Database, clips: dict[str, bytes]
) -> None:
    text = project(manager, TEXT_SCHEMA)
    audio = audio_project(manager, clips)
    before = table_counts(database)
    cases = [
        (text, "conll", "x.conll", b"# text = a b\na\t0\tB-PER\nc\t2\tO\n", "invalid_import", "line 3"),
        (
            text,
            "spacy",
            "x.jsonl",
            b'{"text": "a"}\n{"text": "b", "spans": 3}\n',
            "invalid_import",
            "'spans' must",
        ),
        (text, "conll", "x.conll", b"Ann\tB-NOPE\n", "invalid_import", "NOPE"),  # a label the control lacks
        (
            audio,
            "webvtt",
            "a.vtt",
            b"WEBVTT\n\n00:00:01.000 --> 00:00:00.500\n<v Bob>x\n",
            "invalid_import",
            "a.vtt, line 3",
        ),
        (
            audio,
            "srt",
            "zzz.srt",
            b"1\n00:00:00,000 --> 00:00:01,000\nBob: hi\n",
            "invalid_import",
            "zzz.srt names media 'zzz'",
        ),
        (
            audio,
            "rttm",
            "a.rttm",
            b"SPEAKER a.wav 1 0.5 9 <NA> <NA> Bob <NA> <NA>\n",
            "invalid_import",
            "after the media",
        ),
        (
            audio,
            "asr_manifest",
            "m.jsonl",
            b'{"audio_filepath": "a.wav"}\n',
            "invalid_import",
            "'text' must be",
        ),
        (audio, "webvtt", "a.zip", b"PK\x03\x04broken", "invalid_file", "not a valid zip"),
        (text, "mot", "a.txt", b"1,1,0,0,1,1,1,-1,-1,-1\n", "no_matching_control", "tracks control"),
        (audio, "conll", "a.conll", b"a\tO\n", "no_matching_control", "spans control"),
    ]
    for pid, fmt, name, content, code, where in cases:
        r = import_file(manager, pid, fmt, name, content, labels_as="gold")
        assert r.status_code == 422, (fmt, r.text)
        assert r.json()["detail"]["code"] == code, (fmt, r.json())
        assert where in r.json()["detail"]["message"], (fmt, r.json())
    assert table_counts(database) == before


@pytest.mark.parametrize("fmt", ["conll", "spacy", "webvtt", "srt", "rttm", "asr_manifest", "mot"])
def test_export_without_the_control_is_refused(manager: Api, fmt: str) -> None:
    pid = project(
        manager,
        {
            "fields": {"t": "text"},
            "controls": [{"name": "c", "type": "choices", "field": "t", "options": ["a"]}],
        },
    )
    r = manager.get(f"/api/projects/{pid}/export?format={fmt}")
    assert r.status_code == 422 and r.json()["detail"]["code"] == "no_matching_control", r.text


def test_the_formats_are_listed(manager: Api) -> None:
    listed = {f["name"]: f for f in manager.get("/api/formats").json()}
    for name in ("conll", "spacy", "webvtt", "srt", "rttm", "asr_manifest", "mot"):
        assert name in listed


def test_annotations_export_one_file_per_annotator(manager: Api, clips: dict[str, bytes]) -> None:
    pid = audio_project(manager, clips)
    assert (
        manager.post(f"/api/projects/{pid}/items", json=[{"audio": f"/api/media/{pid}/a.wav"}]).status_code
        == 201
    )
    annotate_all(manager, pid, lambda _d: {"turns": TURNS["a.wav"]})
    r = manager.get(f"/api/projects/{pid}/export?format=webvtt&labels=both")
    names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    assert names == ["a.wav.vtt", f"annotations/{manager.email}/a.wav.vtt"]


def test_one_label_file_names_its_media_by_stem(manager: Api, clips: dict[str, bytes]) -> None:
    pid = audio_project(manager, clips)
    srt = b"1\n00:00:00,250 --> 00:00:01,000\nBob: just one file\n"
    r = import_file(manager, pid, "srt", "b.srt", srt, labels_as="gold")  # b.srt -> b.wav
    assert r.status_code == 201, r.text
    [(url, gold)] = gold_of(manager, pid, "audio").items()
    assert url == f"/api/media/{pid}/b.wav"
    assert without_ids(gold["result"]["turns"]) == [
        {"start": 0.25, "end": 1.0, "label": "Bob", "text": "just one file"}
    ]
    data = manager.get(f"/api/projects/{pid}/export?format=json&gold=only").json()[0]["data"]
    assert data["audio_duration"] == pytest.approx(1.5, abs=0.05)  # the media's measured size came along
