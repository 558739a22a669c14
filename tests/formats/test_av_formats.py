"""WebVTT, SRT, RTTM, ASR manifests and MOT: reader(writer(items)) gives the same labels
(property tests on times, cues and tracks), RTTM loads in pyannote, MOT keyframes reproduce
every box by interpolation, zips name their files after the media, bad files are refused by
file and line."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldlabel.controls.schema import ProjectSchema
from goldlabel.core.errors import ErrorCode, InvalidInput
from goldlabel.formats import asr_manifest, media_files, mot, rttm, srt, subtitles, webvtt
from goldlabel.formats.items import FormatError, Row
from goldlabel.formats.registry import ReadContext, WriteContext

MEDIA = {"talk.wav": 1, "talk.mp4": 2, "clip.mp4": 3, "song.wav": 4}


def schema(labels: list[str]) -> ProjectSchema:
    return ProjectSchema.model_validate(
        {
            "fields": {"audio": "audio", "video": "video"},
            "controls": [
                {"name": "turns", "type": "segments", "field": "audio", "labels": labels},
                {"name": "transcript", "type": "text", "field": "audio", "transcription": True},
                {"name": "objects", "type": "tracks", "field": "video", "labels": labels},
            ],
        }
    )


def lookup(name: str) -> str | None:
    """The project's media by name, base name or unique stem, as the service's lookup."""
    if name in MEDIA:
        return f"/api/media/7/{name}"
    same = [m for m in MEDIA if m.rsplit(".", 1)[0] == name]
    return f"/api/media/7/{same[0]}" if len(same) == 1 else None


def item(n: int, audio: str, video: str, final: dict[str, Any], *answers: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": n,
        "external_id": None,
        "data": {"audio": f"/api/media/7/{audio}", "audio_duration": 12.5, "video": f"/api/media/7/{video}"},
        "meta": {},
        "consensus": {k: {"value": v, "method": "majority", "confidence": 0.5} for k, v in final.items()},
        "annotations": [
            {"id": 50 + i, "author": f"a{i}@example.com", "result": a} for i, a in enumerate(answers)
        ],
    }


def write(module: Any, items: list[dict[str, Any]], labels: list[str], which: str = "final") -> bytes:
    return b"".join(module.write(items, WriteContext(schema(labels), which, 7)))  # type: ignore[arg-type]


def read(module: Any, body: bytes, labels: list[str], filename: str = "labels.zip") -> list[Row]:
    return list(module.read(io.BytesIO(body), ReadContext(schema(labels), filename, media_url=lookup)))


def names(body: bytes) -> list[str]:
    return zipfile.ZipFile(io.BytesIO(body)).namelist()


# --- times ----------------------------------------------------------------------------------


@given(ms=st.integers(0, 400 * 3_600_000 - 1), dialect=st.sampled_from(["webvtt", "srt"]))
def test_times_format_and_parse_to_the_millisecond(ms: int, dialect: subtitles.Dialect) -> None:
    text = subtitles.format_time(ms / 1000, dialect)
    assert subtitles.parse_time(text) == ms / 1000
    assert text[-4] == ("." if dialect == "webvtt" else ",")
    assert subtitles.parse_time(text.replace(".", ",")) == subtitles.parse_time(text.replace(",", "."))


def test_known_times() -> None:
    assert subtitles.format_time(3723.004, "webvtt") == "01:02:03.004"
    assert subtitles.format_time(3723.0045, "srt") == "01:02:03,004"  # rounded half to even
    assert subtitles.format_time(360000.5, "srt") == "100:00:00,500"
    assert subtitles.parse_time("02:03.004") == 123.004  # WebVTT leaves out zero hours
    assert subtitles.parse_time("1:60:00.000") is None and subtitles.parse_time("00:00:01.5") is None


# --- subtitles ------------------------------------------------------------------------------

LINES = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("<>&-"),
    min_size=1,
    max_size=12,
).filter(lambda line: line.strip() and "\u2028" not in line and "\u2029" not in line and "\x85" not in line)


@st.composite
def segment_lists(draw: Any, labels: list[str]) -> list[dict[str, Any]]:
    out = []
    for _ in range(draw(st.integers(0, 5))):
        start_ms = draw(st.integers(0, 10_000))
        start, end = start_ms / 1000, (start_ms + draw(st.integers(1, 2_000))) / 1000  # to the ms
        segment = {"start": start, "end": end, "label": draw(st.sampled_from(labels))}
        lines = draw(st.lists(LINES, max_size=3))
        if lines:
            segment["text"] = "\n".join(lines)
        out.append(segment)
    return sorted(out, key=lambda s: (s["start"], s["end"]))


@pytest.mark.parametrize("module", [webvtt, srt], ids=["webvtt", "srt"])
@pytest.mark.parametrize("labels", [["speech"], ["Alice", "Bob", "Bob: Jr"]], ids=["one", "several"])
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_cues_come_back_as_the_same_segments(module: Any, labels: list[str], data: Any) -> None:
    final = data.draw(segment_lists(labels))
    other = data.draw(segment_lists(labels))
    items = [item(1, "talk.wav", "clip.mp4", {"turns": final}, {"turns": other})]
    body = write(module, items, labels, "both")
    rows = read(module, body, labels)
    assert [r.data["audio"] for r in rows] == ["/api/media/7/talk.wav"]
    assert [(lab.author, lab.result["turns"]) for lab in rows[0].labels] == [
        (None, final),
        ("a0@example.com", other),
    ]


def test_a_vtt_file_from_another_tool_reads() -> None:
    vtt = (
        "\ufeffWEBVTT - a talk\nKind: captions\n\nNOTE made by hand\nover two lines\n\n"
        "STYLE\n::cue { color: red }\n\n"
        "intro\n00:01.000 --> 00:02.500 align:start position:10%\n"
        "<v.loud Alice>Hello <b>there</b> &amp; you</v>\n\n"
        "00:00:03.000 --> 00:00:04.000\n<v Bob><i>Hi</i>\n"
    )
    [row] = read(webvtt, vtt.encode(), ["Alice", "Bob"], filename="song.vtt")
    assert row.labels[0].result["turns"] == [
        {"start": 1.0, "end": 2.5, "label": "Alice", "text": "Hello there & you"},
        {"start": 3.0, "end": 4.0, "label": "Bob", "text": "Hi"},
    ]


@pytest.mark.parametrize(
    ("module", "content", "message"),
    [
        (
            webvtt,
            "1\n00:00:01.000 --> 00:00:02.000\nhi\n",
            "talk.vtt, line 1: a WebVTT file starts with 'WEBVTT'",
        ),
        (webvtt, "WEBVTT\n\n00:00:01.000 -> 00:00:02.000\nhi\n", "talk.vtt, line 3: expected a cue timing"),
        (
            webvtt,
            "WEBVTT\n\n00:00:03.000 --> 00:00:02.000\n<v Bob>hi\n",
            "line 3: the cue ends before it starts",
        ),
        (
            webvtt,
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nno voice\n",
            "line 3: the cue has no voice tag <v label>",
        ),
        (
            srt,
            "1\n00:00:01,000 --> 00:00:xx,000\nBob: hi\n",
            "line 2: '00:00:01,000 --> 00:00:xx,000' is not",
        ),
        (srt, "1\n00:00:01,000 --> 00:00:02,000\nCarol: hi\n", "line 2: the cue has no 'label: ' prefix"),
    ],
)
def test_bad_cues_are_refused_by_file_and_line(module: Any, content: str, message: str) -> None:
    ext = ".vtt" if module is webvtt else ".srt"
    with pytest.raises(FormatError) as caught:
        read(module, content.encode(), ["Alice", "Bob"], filename=f"talk{ext}")
    assert caught.value.row == 1
    assert message in caught.value.message


# --- zips -----------------------------------------------------------------------------------


def test_zip_members_are_named_after_media_and_annotators() -> None:
    seg = [{"start": 0.0, "end": 1.0, "label": "speech"}]
    items = [
        item(1, "talk.wav", "clip.mp4", {"turns": seg}, {"turns": seg}),
        item(2, "talk.mp4", "clip.mp4", {"turns": seg}),  # same stem as talk.wav
        item(3, "talk.wav", "clip.mp4", {"turns": seg}),  # same media as item 1
        item(4, "song.wav", "clip.mp4", {}),  # no label: no file
    ]
    body = write(srt, items, ["speech"], "both")
    assert names(body) == [
        "talk.wav.srt",
        "annotations/a0@example.com/talk.wav.srt",
        "talk.mp4.srt",
        "talk.wav~3.srt",
    ]
    rows = read(srt, body, ["speech"])
    assert [(r.data["audio"], len(r.labels)) for r in rows] == [
        ("/api/media/7/talk.wav", 3),  # talk.wav.srt, a0's, and talk.wav~3.srt: the same media
        ("/api/media/7/talk.mp4", 1),
    ]


def test_a_file_naming_media_the_project_lacks_is_refused_by_name() -> None:
    with pytest.raises(FormatError) as caught:
        read(srt, b"1\n00:00:01,000 --> 00:00:02,000\nhi\n", ["speech"], filename="missing.srt")
    assert "missing.srt names media 'missing', which this project does not hold" in caught.value.message


def test_archives_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("talk.srt", b"\n" * 1_000_000)
    with pytest.raises(InvalidInput) as caught:
        read(srt, bomb.getvalue(), ["speech"])
    assert caught.value.code == ErrorCode.INVALID_FILE and "zip bomb" in caught.value.message
    monkeypatch.setattr(media_files, "MAX_LABEL_FILES", 1)
    two = write(
        srt, [item(n, a, "clip.mp4", {"turns": []}) for n, a in ((1, "talk.wav"), (2, "song.wav"))], ["s"]
    )
    # a single file names its media by stem when only one file has it
    assert read(srt, b"", ["s"], filename="song.srt")[0].data["audio"] == "/api/media/7/song.wav"
    with pytest.raises(InvalidInput, match=r"has 2 files; at most 1: split it"):
        read(srt, two, ["s"])
    with pytest.raises(InvalidInput) as caught:
        read(srt, b"PK\x03\x04 not really", ["s"])
    assert caught.value.code == ErrorCode.INVALID_FILE


def test_a_member_that_does_not_unpack_is_an_invalid_file() -> None:
    good = io.BytesIO()
    with zipfile.ZipFile(good, "w", compression=zipfile.ZIP_STORED) as z:
        z.writestr("song.srt", b"1\n00:00:00,000 --> 00:00:01,000\nhello\n")
    broken = good.getvalue().replace(b"hello", b"jello")  # the CRC no longer matches
    assert read(srt, good.getvalue(), ["s"])[0].labels[0].result["turns"][0]["text"] == "hello"
    with pytest.raises(InvalidInput) as caught:
        read(srt, broken, ["s"])
    assert (
        caught.value.code == ErrorCode.INVALID_FILE
        and "'song.srt' cannot be unpacked" in caught.value.message
    )


@pytest.mark.parametrize(("module", "label"), [(rttm, "Mary Ann"), (webvtt, "two\nlines"), (srt, "a\rb")])
def test_labels_a_format_cannot_write_are_refused_before_the_export_starts(module: Any, label: str) -> None:
    with pytest.raises(InvalidInput, match="rename the labels"):
        write(module, [], ["ok", label])


@pytest.mark.parametrize("module", [webvtt, srt, rttm, mot, asr_manifest])
def test_a_project_without_the_control_is_refused_with_its_code(module: Any) -> None:
    bare = ProjectSchema.model_validate(
        {
            "fields": {"t": "text"},
            "controls": [{"name": "c", "type": "choices", "field": "t", "options": ["a"]}],
        }
    )
    for attempt in (
        lambda: next(module.write([], WriteContext(bare, "final", 1))),
        lambda: next(module.read(io.BytesIO(b"x"), ReadContext(bare, "x.txt"))),
    ):
        with pytest.raises(InvalidInput) as caught:
            attempt()
        assert caught.value.code == ErrorCode.NO_MATCHING_CONTROL


# --- RTTM -----------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_rttm_round_trips_and_loads_in_pyannote(data: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    from pyannote.database.util import load_rttm

    labels = ["spk_1", "spk_2"]
    final = data.draw(segment_lists(labels))
    final = [{k: v for k, v in s.items() if k != "text"} for s in final]  # RTTM holds no text
    body = write(rttm, [item(1, "talk.wav", "clip.mp4", {"turns": final})], labels)
    [row] = read(rttm, body, labels)
    assert row.labels[0].result["turns"] == final
    path = Path(tmp_path_factory.mktemp("rttm")) / "talk.rttm"
    path.write_bytes(zipfile.ZipFile(io.BytesIO(body)).read("talk.wav.rttm"))
    loaded = load_rttm(str(path))
    tracks = loaded["talk.wav"].itertracks(yield_label=True) if final else ()
    assert ("talk.wav" in loaded) == bool(final)
    got = [(round(s.start, 3), round(s.end, 3), lab) for s, _t, lab in tracks]
    assert sorted(got) == sorted((s["start"], s["end"], s["label"]) for s in final)


def test_rttm_written_by_pyannote_reads() -> None:
    from pyannote.core import Annotation, Segment

    annotation = Annotation(uri="song")
    annotation[Segment(0.25, 1.5)] = "A"
    annotation[Segment(1.5, 2.125)] = "B"
    out = io.StringIO()
    annotation.write_rttm(out)
    [row] = read(rttm, out.getvalue().encode(), ["A", "B"], filename="song.rttm")
    assert row.data["audio"] == "/api/media/7/song.wav"
    assert row.labels[0].result["turns"] == [
        {"start": 0.25, "end": 1.5, "label": "A"},
        {"start": 1.5, "end": 2.125, "label": "B"},
    ]


def test_one_rttm_file_may_hold_several_recordings() -> None:
    content = (
        ";; a comment\nSPKR-INFO talk 1 <NA> <NA> <NA> unknown A <NA> <NA>\n"
        "SPEAKER clip 1 0.500 1.250 <NA> <NA> A <NA> <NA>\nSPEAKER song.wav 1 2 0.1 <NA> <NA> B <NA> <NA>\n"
    )
    rows = read(rttm, content.encode(), ["A", "B"], filename="all.rttm")
    assert [(r.data["audio"], r.labels[0].result["turns"]) for r in rows] == [
        ("/api/media/7/clip.mp4", [{"start": 0.5, "end": 1.75, "label": "A"}]),
        ("/api/media/7/song.wav", [{"start": 2.0, "end": 2.1, "label": "B"}]),
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("SPEAKER talk 1 0.5 <NA> <NA> <NA> A", "line 2: start and duration must be numbers"),
        ("SPEAKER talk 1 0.5 0 <NA> <NA> A <NA> <NA>", "line 2: start must be >= 0 and duration > 0"),
        ("SPEAKER talk 1 0.5", "line 2: a SPEAKER line has 10 fields"),
    ],
)
def test_bad_rttm_lines_are_refused_by_line(line: str, message: str) -> None:
    content = f"SPEAKER talk 1 0 1 <NA> <NA> A <NA> <NA>\n{line}\n"
    with pytest.raises(FormatError) as caught:
        read(rttm, content.encode(), ["A"], filename="talk.rttm")
    assert f"talk.rttm, {message}" in caught.value.message


# --- ASR manifests --------------------------------------------------------------------------


def test_manifest_lines_round_trip_with_their_annotators() -> None:
    items = [
        item(1, "talk.wav", "clip.mp4", {"transcript": "hello there"}, {"transcript": "hello, there"}),
        item(2, "song.wav", "clip.mp4", {"transcript": "la la"}),
    ]
    body = write(asr_manifest, items, ["s"], "both")
    lines = [orjson.loads(line) for line in body.splitlines()]
    assert lines[0] == {"audio_filepath": "talk.wav", "duration": 12.5, "text": "hello there"}
    assert lines[1]["annotator"] == "a0@example.com"
    rows = read(asr_manifest, body, ["s"], filename="train.manifest.jsonl")
    assert [(r.number, r.data["audio"], [(lab.author, lab.result) for lab in r.labels]) for r in rows] == [
        (
            1,
            "/api/media/7/talk.wav",
            [(None, {"transcript": "hello there"}), ("a0@example.com", {"transcript": "hello, there"})],
        ),
        (3, "/api/media/7/song.wav", [(None, {"transcript": "la la"})]),
    ]


@pytest.mark.parametrize(
    ("line", "row", "message"),
    [
        ('{"audio_filepath": "gone.wav", "text": "x"}', 2, "'gone.wav' is neither a media file"),
        ('{"audio_filepath": "talk.wav", "text": 3}', 2, "'text' must be the transcript"),
        ('{"text": "x"}', 2, "each line is an object with an 'audio_filepath'"),
        ("{oops", 2, "invalid JSON"),
    ],
)
def test_bad_manifest_lines_are_refused_by_line(line: str, row: int, message: str) -> None:
    content = '{"audio_filepath": "https://example.com/a.wav", "text": "fine"}\n' + line + "\n"
    with pytest.raises(FormatError) as caught:
        read(asr_manifest, content.encode(), ["s"])
    assert caught.value.row == row and message in caught.value.message


# --- MOT ------------------------------------------------------------------------------------


def lerp(a: list[float], b: list[float], t: float) -> list[float]:
    return [x + (y - x) * t for x, y in zip(a, b, strict=True)]


@st.composite
def tracks(draw: Any, labels: list[str]) -> list[dict[str, Any]]:
    """Tracks of runs of frames, each run a few linear pieces (boxes in quarter pixels)."""
    out = []
    for track_id in draw(st.lists(st.integers(1, 99), unique=True, max_size=3)):
        frames: list[dict[str, Any]] = []
        frame = draw(st.integers(0, 5))
        for _run in range(draw(st.integers(1, 2))):
            box = [draw(st.integers(0, 400)) / 4 for _ in range(2)] + [
                draw(st.integers(4, 80)) / 4 for _ in range(2)
            ]
            for _piece in range(draw(st.integers(1, 3))):
                step = [draw(st.integers(-8, 8)) / 4 for _ in range(2)] + [0.0, 0.0]
                for _ in range(draw(st.integers(1, 4))):
                    frames.append(
                        {"frame": frame, **dict(zip(("x", "y", "width", "height"), box, strict=True))}
                    )
                    box = [v + d for v, d in zip(box, step, strict=True)]
                    frame += 1
            frame += draw(st.integers(1, 3))  # a gap: the object out of sight
        out.append({"track_id": track_id, "label": draw(st.sampled_from(labels)), "frames": frames})
    return out


@pytest.mark.parametrize("labels", [["car"], ["car", "person"]], ids=["one", "several"])
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_mot_round_trips_every_box_and_its_keyframes_interpolate_back(labels: list[str], data: Any) -> None:
    final = data.draw(tracks(labels))
    body = write(mot, [item(1, "talk.wav", "clip.mp4", {"objects": final})], labels)
    csv = zipfile.ZipFile(io.BytesIO(body)).read("clip.mp4.txt").decode().splitlines()
    assert len(csv) == sum(len(t["frames"]) for t in final)  # every stored box, not keyframes only
    assert all(line.endswith(",-1,-1") and line.split(",")[6] == "1" for line in csv)
    [row] = read(mot, body, labels)
    got = row.labels[0].result["objects"]
    strip = [
        {**t, "frames": [{k: v for k, v in f.items() if k != "keyframe"} for f in t["frames"]]} for t in got
    ]
    assert sorted(strip, key=lambda t: t["track_id"]) == sorted(final, key=lambda t: t["track_id"])
    for track in got:  # interpolating between the keyframes gives every box back
        keys = [f for f in track["frames"] if f.get("keyframe")]
        for f in track["frames"]:
            before = max((k for k in keys if k["frame"] <= f["frame"]), key=lambda k: k["frame"])
            after = min((k for k in keys if k["frame"] >= f["frame"]), key=lambda k: k["frame"])
            box = lambda b: [b["x"], b["y"], b["width"], b["height"]]  # noqa: E731
            t = (
                0.0
                if after is before
                else (f["frame"] - before["frame"]) / (after["frame"] - before["frame"])
            )
            assert lerp(box(before), box(after), t) == pytest.approx(box(f), abs=1e-6)


def test_mot_keeps_only_the_needed_keyframes() -> None:
    frames = [0, 1, 2, 3, 4, 6, 7]
    boxes = [[0, 0, 5, 5], [1, 0, 5, 5], [2, 0, 5, 5], [2, 1, 5, 5], [2, 2, 5, 5], [9, 9, 5, 5], [9, 9, 5, 5]]
    assert mot.keyframe_flags(frames, boxes) == [True, False, True, False, True, True, True]


def test_mot_numbers_tracks_whose_ids_are_not_whole_numbers() -> None:
    final = [
        {
            "track_id": "a",
            "label": "car",
            "frames": [{"frame": 0, "x": 1, "y": 2, "width": 3, "height": 4.5}],
        },
        {
            "track_id": "b",
            "label": "person",
            "frames": [{"frame": 0, "x": 0, "y": 0, "width": 1, "height": 1}],
        },
    ]
    body = write(mot, [item(1, "talk.wav", "clip.mp4", {"objects": final})], ["car", "person"])
    assert (
        zipfile.ZipFile(io.BytesIO(body)).read("clip.mp4.txt")
        == b"1,1,1,2,3,4.5,1,1,-1,-1\n1,2,0,0,1,1,1,2,-1,-1\n"
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("1,1,a,0,1,1,1,-1,-1,-1", "line 2: expected 'frame,id,x,y,w,h"),
        ("0,1,0,0,1,1,1,-1,-1,-1", "line 2: frames are numbered from 1"),
        ("1e12,1,0,0,1,1,1,1,-1,-1", "line 2: frames are numbered from 1 (to 1000000000)"),
        ("2,1e20,0,0,1,1,1,1,-1,-1", "line 2: track ids are whole numbers within 64 bits"),
        ("1,1,0,0,1,1,1,1,-1,-1", "line 2: track 1 has two boxes on frame 1"),
        ("2,1,0,0,1,1,1,2,-1,-1", "line 2: track 1 changes class"),
        ("2,2,0,0,1,1,1,-1,-1,-1", "line 2: column 8 must be the class"),
        ("2,1,nan,0,1,1,1,1,-1,-1", "line 2: the box must be finite"),
    ],
)
def test_bad_mot_lines_are_refused_by_line(line: str, message: str) -> None:
    content = f"1,1,0,0,1,1,1,1,-1,-1\n{line}\n"
    with pytest.raises(FormatError) as caught:
        read(mot, content.encode(), ["car", "person"], filename="clip.txt")
    assert f"clip.txt, {message}" in caught.value.message
