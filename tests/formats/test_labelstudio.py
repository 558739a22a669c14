"""Label Studio JSON: what goldlabel writes reads back as the same labels for every control type
Label Studio holds; the file is shaped as Label Studio's own (percentages, UTF-16 offsets,
1-based keyframes, its brush RLE); JSON-MIN matches label-studio-sdk's; bad results are refused
naming the task and the result."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from goldlabel.formats.items import FormatError, Row
from goldlabel.formats.labelstudio import read, write
from goldlabel.formats.labelstudio_brush import BrushError, decode_brush, encode_brush
from goldlabel.formats.labelstudio_min import write as write_min
from goldlabel.formats.labelstudio_results import LS_TYPES
from goldlabel.formats.registry import FORMATS, Labels, ReadContext, WriteContext
from tests.formats.labelstudio_samples import SCHEMA, TEXT, H, W, answer, export_item, rounded
from tests.labelstudio_sdk import convert, sdk_decode_brush, sdk_encode_brush


def _write(items: list[dict[str, Any]], labels: Labels = "annotations", gold: bool = False) -> bytes:
    return b"".join(write(iter(items), WriteContext(SCHEMA, labels, 1, gold=gold)))


def _read(content: bytes, **context: Any) -> list[Row]:
    return list(read(io.BytesIO(content), ReadContext(SCHEMA, "export.json", **context)))


def test_registered_by_name_for_import_and_export() -> None:
    assert FORMATS["labelstudio"].read is not None and FORMATS["labelstudio"].write is not None
    assert FORMATS["labelstudio_min"].write is not None and FORMATS["labelstudio_min"].read is None


def test_every_control_type_round_trips_with_authors_and_times() -> None:
    items = [export_item(1, [(10, "ann@example.com", answer()), (11, "bob@example.com", answer(1))])]
    rows = _read(_write(items))
    assert len(rows) == 1
    row = rows[0]
    assert row.data == items[0]["data"] and orjson.loads(row.meta_json) == {"source": "unit"}
    assert row.external_id == "1"
    assert [label.author for label in row.labels] == ["ann@example.com", "bob@example.com"]
    assert [label.lead_time_ms for label in row.labels] == [1500, 1500]
    assert row.labels[0].created_at == "2026-01-02T03:04:05+00:00"
    assert rounded(row.labels[0].result) == rounded(answer())
    assert rounded(row.labels[1].result) == rounded(answer(1))
    assert row.predictions == ()
    # keyframes come back flagged, the frames between them interpolated
    frames = row.labels[0].result["cars"][0]["frames"]
    assert [(f["frame"], f.get("keyframe")) for f in frames] == [(0, True), (1, None), (2, True), (5, True)]


def test_the_file_is_in_label_studio_units() -> None:
    task = orjson.loads(_write([export_item(1, [(10, "ann@example.com", answer())])]))[0]
    annotation = task["annotations"][0]
    assert annotation["completed_by"] == {"email": "ann@example.com"}
    assert annotation["lead_time"] == 1.5 and annotation["ground_truth"] is False
    by_id = {r["id"]: r for r in annotation["result"]}
    box = by_id["b1"]
    assert (box["from_name"], box["to_name"], box["type"]) == ("objects", "image", "rectanglelabels")
    assert (box["original_width"], box["original_height"]) == (W, H)
    value = dict(box["value"])
    assert value.pop("rectanglelabels") == ["car"]
    assert value == pytest.approx(
        {"x": 2 / W * 100, "y": 3 / H * 100, "width": 20 / W * 100, "height": 10 / H * 100, "rotation": 0}
    )
    # JavaScript counts the emoji as two UTF-16 units
    assert by_id["e1"]["value"]["start"] == TEXT.index("Ada") + 1 and by_id["e1"]["value"]["text"] == "Ada"
    track = by_id["t1"]["value"]
    assert [(k["frame"], k["enabled"]) for k in track["sequence"]] == [(1, True), (3, False), (6, False)]
    assert by_id["v1"]["value"]["ranges"] == [{"start": 11, "end": 30}]
    (alpha,) = sdk_decode_brush([(by_id["m1"]["value"]["rle"], H, W)])
    assert alpha.sum() == 30 * 8 and alpha[0:8, 5:35].all()


def test_final_labels_are_predictions_with_confidence_and_gold_a_ground_truth() -> None:
    item = export_item(1, [])
    item["consensus"] = {
        "sentiment": {"value": "neg", "method": "dawid_skene", "confidence": 0.8},
        "quality": {"value": 3, "method": "median", "confidence": 0.6},
    }
    task = orjson.loads(_write([item], labels="final"))[0]
    assert task["annotations"] == []
    prediction = task["predictions"][0]
    assert prediction["score"] == pytest.approx(0.7)
    assert {r["from_name"]: r["score"] for r in prediction["result"]} == {"sentiment": 0.8, "quality": 0.6}
    row = _read(orjson.dumps([task]))[0]
    assert row.labels == () and row.predictions[0].result == {"sentiment": "neg", "quality": 3}
    assert row.predictions[0].score == pytest.approx(0.7)
    assert row.predictions[0].scores == {"sentiment": 0.8, "quality": 0.6}
    assert row.predictions[0].model_version == "goldlabel-final"
    gold = {"id": 2, "external_id": "g-1", "data": item["data"], "meta": {}}
    gold["gold"] = {"set": "practice", "result": answer(), "explanations": {}}
    task = orjson.loads(_write([gold], gold=True))[0]
    assert task["id"] == "g-1" and task["predictions"] == []
    assert [a["ground_truth"] for a in task["annotations"]] == [True]
    assert rounded(_read(orjson.dumps([task]))[0].labels[0].result) == rounded(answer())


def test_json_min_matches_label_studio_sdk(tmp_path: Path) -> None:
    """label-studio-sdk's own convert_to_json_min of our JSON gives our JSON-MIN."""
    from goldlabel.formats.labelstudio_config import label_config

    items = [export_item(1, [(10, "ann@example.com", answer())]), export_item(2, [])]
    context = WriteContext(SCHEMA, "annotations", 1)
    ours = orjson.loads(b"".join(write_min(iter(items), context)))
    done = convert(label_config(SCHEMA), _write(items), "JSON_MIN", tmp_path)
    assert done.returncode == 0, done.stderr
    theirs = orjson.loads((tmp_path / "result.json").read_bytes())
    for record in theirs:
        record["annotator"] = record["annotator"] if record["annotator"] != {} else None
    assert ours == theirs
    assert ours[0]["sentiment"] == "pos" and ours[0]["note"] == "two lines\nof text"
    assert ours[0]["annotator"] == "ann@example.com" and ours[0]["lead_time"] == 1.5
    assert ours[1]["annotator"] is None and "sentiment" not in ours[1]


def _task(result: dict[str, Any], **data: Any) -> bytes:
    annotations = [{"id": 3, "result": [result]}]
    task = {"id": 17, "data": {"text": TEXT, "image": "a.png", **data}, "annotations": annotations}
    return orjson.dumps([task])


BOX = {"x": 10, "y": 10, "width": 20, "height": 20, "rotation": 0, "rectanglelabels": ["car"]}
SIZED = {"original_width": W, "original_height": H}


def _r(name: str | None, kind: str, value: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"id": "r1", "from_name": name, "type": kind, "value": value, **extra}


RANGES = {"ranges": [{"start": 1, "end": 2}], "timelinelabels": ["jump"]}


@pytest.mark.parametrize(
    ("result", "words"),
    [
        (_r("nope", "choices", {"choices": ["x"]}), ["'nope'"]),
        (_r("objects", "rectanglelabels", {**BOX, "x": 120}, **SIZED), ["'x' is 120%"]),
        (_r("objects", "rectanglelabels", BOX), ["size of image 'a.png'"]),
        (_r("objects", "rectanglelabels", {**BOX, "rotation": 30}, **SIZED), ["rotated"]),
        (_r(None, "relation", {}, from_id="a", to_id="b"), ["relations between regions"]),
        (_r("objects", "polygonlabels", {"points": []}, **SIZED), ["cannot hold a 'polygonlabels'"]),
        (_r("sky", "brushlabels", {"rle": [1, 2, 3], "brushlabels": ["sky"]}, **SIZED), ["rle"]),
        (_r("events", "timelinelabels", RANGES), ["video_fps"]),
        (_r("sentiment", "choices", {"choices": ["pos", "neg"]}), ["one choice"]),
        (_r("quality", "rating", {}), ["lacks 'rating'"]),
        (
            _r("sky_text", "textarea", {"text": ["x"]}),
            ["no control named 'sky_text'", "per-region transcript"],
        ),
    ],
)
def test_a_result_that_does_not_fit_is_refused_naming_task_and_result(
    result: dict[str, Any], words: list[str]
) -> None:
    with pytest.raises(FormatError) as caught:
        _read(_task(result))
    assert caught.value.row == 1
    assert "task 17, annotation 3: result 'r1'" in caught.value.message
    for word in words:
        assert word in caught.value.message


def test_image_size_from_the_task_or_the_project_media() -> None:
    result = {"id": "r1", "from_name": "objects", "type": "rectanglelabels", "value": BOX}
    boxes = _read(_task(result, image_width=200, image_height=100))[0].labels[0].result["objects"]
    assert boxes == [{"id": "r1", "x": 20.0, "y": 10.0, "width": 40.0, "height": 20.0, "label": "car"}]
    sizes = {"a.png": (50.0, 50.0)}
    boxes = _read(_task(result), media_size=sizes.get)[0].labels[0].result["objects"]
    assert boxes[0]["x"] == 5.0 and boxes[0]["height"] == 10.0
    # a Label Studio upload URL names the file behind 8 hex digits
    uploaded = _task(result, image="/data/upload/3/0a1b2c3d-a.png")
    boxes = _read(uploaded, media_size=sizes.get)[0].labels[0].result["objects"]
    assert boxes[0]["x"] == 5.0


def test_cancelled_annotations_are_left_out_and_authors_named() -> None:
    choice = {"from_name": "sentiment", "type": "choices", "value": {"choices": ["neg"]}}
    task = {
        "id": 5,
        "data": {"text": "x"},
        "annotations": [
            {"id": 1, "completed_by": 42, "result": [choice], "lead_time": 2.5},
            {"id": 2, "completed_by": {"id": 7, "email": "a@b.org"}, "result": [choice]},
            {"id": 3, "completed_by": 42, "result": [], "was_cancelled": True},
        ],
        "inner_id": 1,
        "drafts": [],
        "project": 3,
    }
    row = _read(orjson.dumps([task]))[0]
    authors = [(a.author, a.lead_time_ms) for a in row.labels]
    assert authors == [("labelstudio-user-42", 2500), ("a@b.org", None)]


@settings(max_examples=200, deadline=None)
@given(hnp.arrays(np.bool_, hnp.array_shapes(min_dims=2, max_dims=2, max_side=40)))
def test_brush_rle_round_trips(mask: np.ndarray) -> None:
    h, w = mask.shape
    assert (decode_brush(encode_brush(mask), h, w) == mask).all()


def test_brush_rle_agrees_with_label_studio_sdk() -> None:
    """Label Studio's decoder reads our brushes and ours reads its, on 60 masks of every kind
    (empty, full, random densities, stripes), in one run of its virtualenv."""
    rng = np.random.default_rng(7)
    masks = [np.zeros((3, 4), dtype=bool), np.ones((40, 33), dtype=bool), np.eye(17, dtype=bool)]
    masks += [rng.random((int(rng.integers(1, 41)), int(rng.integers(1, 41)))) < p for p in rng.random(57)]
    decoded = sdk_decode_brush([(encode_brush(m), *m.shape) for m in masks])
    assert all((theirs == m).all() for theirs, m in zip(decoded, masks, strict=True))
    for rle, m in zip(sdk_encode_brush(masks), masks, strict=True):
        assert (decode_brush(rle, *m.shape) == m).all()


def test_brush_of_another_size_or_cut_short_is_refused() -> None:
    rle = encode_brush(np.ones((4, 5), dtype=bool))
    with pytest.raises(BrushError, match="holds 80 values"):
        decode_brush(rle, 5, 5)
    with pytest.raises(BrushError, match="ends in the middle"):
        decode_brush(rle[:8], 4, 5)


@settings(max_examples=200, deadline=None)
@given(
    size=st.tuples(st.integers(1, 10_000), st.integers(1, 10_000)),
    corner=st.tuples(st.floats(0, 1), st.floats(0, 1)),
    extent=st.tuples(st.floats(0.001, 1), st.floats(0.001, 1)),
)
def test_pixels_to_percent_and_back(
    size: tuple[int, int], corner: tuple[float, float], extent: tuple[float, float]
) -> None:
    """Pixels written as percentages of the image come back within a millionth of a pixel, and
    whole pixels come back whole."""
    from goldlabel.formats.labelstudio_results_out import _pct
    from goldlabel.formats.labelstudio_values import to_pixels

    for length, start, span in zip(size, corner, extent, strict=True):
        x = start * length
        w = max(span * (length - x), 1e-6)
        assert abs(to_pixels(_pct(x, length), length) - x) <= 1e-6
        assert abs(to_pixels(_pct(w, length), length) - w) <= 1e-6
        whole = int(x)
        assert to_pixels(_pct(whole, length), length) == whole


def test_label_studio_native_shapes_become_goldlabel_answers() -> None:
    """As Label Studio's editor writes them: a track's keyframes (interpolated, and continued to
    the video's end after an enabled last keyframe), loose keypoints (a repeated name starts the
    next pose), a span with two labels, a per-region transcript on an audio segment."""
    video = {"original_width": 200, "original_height": 100}
    sequence = [
        {"frame": 1, "enabled": True, "x": 10, "y": 10, "width": 10, "height": 10, "time": 0},
        {"frame": 3, "enabled": True, "x": 20, "y": 10, "width": 10, "height": 10, "time": 0.08},
    ]
    track = {"sequence": sequence, "labels": ["car"], "framesCount": 5}
    point = {"original_width": W, "original_height": H}

    def keypoint(rid: str, x: float, name: str) -> dict[str, Any]:
        value = {"x": x, "y": x, "keypointlabels": [name]}
        return _r("pose", "keypointlabels", value, id=rid, **point)

    span = {"start": 0, "end": 2, "text": "Hi", "labels": ["PER", "LOC"]}
    segment = {"start": 1, "end": 2, "channel": 0, "labels": ["bob"]}
    results = [
        _r("cars", "videorectangle", track, id="trk", **video),
        keypoint("p1", 50, "head"),
        keypoint("p2", 25, "hand"),
        keypoint("p3", 75, "head"),
        _r("entities", "labels", span, id="sp"),
        _r("speech", "labels", segment, id="seg"),
        _r("speech_transcript", "textarea", {"text": ["hi", "there"]}, id="seg"),
    ]
    task = {
        "id": 9,
        "data": {"text": TEXT, "image": "a.png", "video": "v.mp4"},
        "annotations": [{"result": results}],
    }
    (row,) = _read(orjson.dumps([task]))
    result = row.labels[0].result
    frames = result["cars"][0]["frames"]
    assert [(f["frame"], f["x"], f.get("keyframe")) for f in frames] == [
        (0, 20.0, True), (1, 30.0, None), (2, 40.0, True), (3, 40.0, None), (4, 40.0, None),
    ]  # fmt: skip
    assert result["cars"][0]["track_id"] == "trk" and frames[0]["height"] == 10.0
    assert result["pose"] == [
        {"id": "p1", "points": [[32.0, 24.0, 2], [16.0, 12.0, 2]], "label": "object"},
        {"id": "p3", "points": [[48.0, 36.0, 2], [0, 0, 0]], "label": "object"},
    ]
    assert result["entities"] == [
        {"id": "sp", "start": 0, "end": 2, "label": "PER", "text": "Hi"},
        {"id": "sp-1", "start": 0, "end": 2, "label": "LOC", "text": "Hi"},
    ]
    assert result["speech"] == [{"id": "seg", "start": 1.0, "end": 2.0, "label": "bob", "text": "hi\nthere"}]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 300) | st.floats(allow_nan=False) | st.text(max_size=4),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(["x", "y", "frame"]), inner),
    max_leaves=12,
)
VALUE_KEYS = [
    "x", "y", "width", "height", "rotation", "points", "rle", "format", "start", "end", "text", "labels",
    "choices", "rating", "ranges", "sequence", "framesCount", "keypointlabels", "rectanglelabels",
    "polygonlabels", "brushlabels", "timelinelabels",
]  # fmt: skip
RESULTS = st.lists(
    st.fixed_dictionaries(
        {
            "id": st.sampled_from(["a", "b", 3, None]),
            "from_name": st.sampled_from([c.name for c in SCHEMA.controls] + ["nope", "speech_text"]),
            "type": st.sampled_from(sorted({t for types in LS_TYPES.values() for t in types} | {"relation"})),
            "value": st.dictionaries(st.sampled_from(VALUE_KEYS), JSON_VALUES, max_size=6) | JSON_VALUES,
        },
        optional={"original_width": JSON_VALUES, "original_height": JSON_VALUES, "score": JSON_VALUES},
    ),
    max_size=4,
)


@settings(max_examples=300, deadline=None)
@given(RESULTS, st.sampled_from([None, 1, {"email": "x@y.z"}, {"id": [1]}]), JSON_VALUES)
def test_any_results_give_labels_or_a_format_error(
    results: list[dict[str, Any]], completed_by: Any, lead_time: Any
) -> None:
    annotation = {"result": results, "completed_by": completed_by, "lead_time": lead_time}
    task = {"id": 1, "data": {"text": TEXT, "image": "a.png", "video": "v.mp4", "video_fps": 25}}
    task |= {"annotations": [annotation], "predictions": [{"result": results, "score": lead_time}]}
    try:
        rows = _read(orjson.dumps([task]))
    except FormatError as exc:
        assert exc.row == 1 and exc.message.startswith("task 1, ")
        return
    assert len(rows) == 1 and all(isinstance(label.result, dict) for label in rows[0].labels)


def _boxes(draw: Any) -> list[dict[str, Any]]:
    out = []
    for k in range(draw(st.integers(0, 3))):
        x, y = draw(st.floats(0, W - 1)), draw(st.floats(0, H - 1))
        w, h = draw(st.floats(0.01, W - x)), draw(st.floats(0.01, H - y))
        out.append(
            {
                "id": f"b{k}",
                "x": x,
                "y": y,
                "width": w,
                "height": h,
                "label": draw(st.sampled_from(["car", "person"])),
            }
        )
    return out


@st.composite
def answers(draw: Any) -> dict[str, Any]:
    """Random answers for the region controls whose numbers convert (boxes, polygons, spans,
    audio segments) and the scalar ones."""
    cut = sorted(draw(st.lists(st.integers(0, len(TEXT)), min_size=2, max_size=2, unique=True)))
    starts = sorted(draw(st.lists(st.floats(0, 9), min_size=1, max_size=3)))
    points = [[draw(st.floats(0, W)), draw(st.floats(0, H))] for _ in range(draw(st.integers(3, 6)))]
    return {
        "sentiment": draw(st.sampled_from(["pos", "neg"])),
        "topics": draw(st.lists(st.sampled_from(["a", "b", "c"]), unique=True)),
        "quality": draw(st.integers(1, 5)),
        "note": draw(st.text(max_size=20)),
        "objects": _boxes(draw),
        "outlines": [{"id": "p", "points": points, "label": "road"}],
        "entities": [
            {"id": "e", "start": cut[0], "end": cut[1], "label": "PER", "text": TEXT[cut[0] : cut[1]]}
        ],
        "speech": [{"id": f"s{k}", "start": s, "end": s + 0.5, "label": "bob"} for k, s in enumerate(starts)],
    }


@settings(max_examples=80, deadline=None)
@given(answers())
def test_random_answers_round_trip(result: dict[str, Any]) -> None:
    (row,) = _read(_write([export_item(1, [(1, "a@b.org", result)])]))
    back = row.labels[0].result
    if not result["topics"]:  # Label Studio has no empty choices result: none is no answer
        assert "topics" not in back
        result = {k: v for k, v in result.items() if k != "topics"}
    if result["objects"] == []:
        assert "objects" not in back
        result = {k: v for k, v in result.items() if k != "objects"}
    assert back.keys() == result.keys()
    for name, value in result.items():
        assert _close(back[name], value), (name, back[name], value)


def _close(a: Any, b: Any) -> bool:
    """Equal, numbers within 1e-5 (pixels through percentages)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float | int) and isinstance(b, float | int) and not isinstance(a, bool):
        return abs(a - b) <= 1e-5
    return bool(a == b)


@pytest.mark.parametrize("value", [["hi"], {"text": [1]}, {}])
def test_a_transcript_that_is_not_text_is_refused(value: Any) -> None:
    segment = _r("speech", "labels", {"start": 1, "end": 2, "labels": ["bob"]}, id="seg")
    transcript = _r("speech_text", "textarea", value, id="seg")
    task = {"id": 4, "data": {"audio": "a.wav"}, "annotations": [{"id": 1, "result": [segment, transcript]}]}
    with pytest.raises(FormatError) as caught:
        _read(orjson.dumps([task]))
    assert caught.value.message.startswith(
        "task 4, annotation 1: result 'seg' (textarea, from_name 'speech_text')"
    )


def test_a_span_to_the_end_of_a_text_with_an_emoji_is_counted_in_utf16_units() -> None:
    """[0, 26) in JavaScript's units is the whole 25-character TEXT: a Python slice to 26 would
    quote the same text by clamping, and must not be taken for code points."""
    from goldlabel.formats.labelstudio_results import python_offsets

    assert len(TEXT) == 25 and python_offsets(TEXT, 0, 26, TEXT) == (0, 25)
