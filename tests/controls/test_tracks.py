"""Video tracks through the control contract: per-frame boxes, label-aware IDF1, medoid."""

from __future__ import annotations

from typing import Any

import pytest

from goldlabel.controls.base import to_jsonable
from goldlabel.controls.registry import control_type
from tests.controls.helpers import distance, make_spec, parse, refusal, schema_accepts, score

SPEC = make_spec(type="tracks", labels=["car", "person"])


def track(track_id: Any, label: str = "car", frames: range = range(3), x: float = 0, dx: float = 5) -> dict:
    boxes = [{"frame": f, "x": x + dx * f, "y": 10, "width": 20, "height": 10} for f in frames]
    return {"track_id": track_id, "label": label, "frames": boxes}


def test_a_valid_answer_is_stored_as_given() -> None:
    answer = [track(1), track("walker", "person", range(5, 7), x=100)]
    assert parse(SPEC, answer, {"media": "v.mp4", "media_width": 640, "media_height": 360}) == answer


def test_keyframe_flags_are_stored_as_given_and_do_not_change_the_score() -> None:
    flagged = track(1)
    flagged["frames"] = [{**f, "keyframe": True} if f["frame"] in (0, 2) else f for f in flagged["frames"]]
    assert parse(SPEC, [flagged]) == [flagged]
    assert score(SPEC, [flagged], [track(1)]) == 1.0
    assert "keyframe" in refusal(SPEC, [{**flagged, "frames": [{**flagged["frames"][0], "keyframe": "yes"}]}])


@pytest.mark.parametrize(
    ("value", "data", "message"),
    [
        ([track(1), track(1)], None, "track 1: track_id 1 is used twice"),
        (
            [{**track(1), "frames": [*track(1)["frames"], track(1)["frames"][0]]}],
            None,
            "frame 0 has two boxes",
        ),
        ([{**track(1), "frames": []}], None, "at least 1 item"),
        ([track(1, "bus")], None, "unknown label 'bus'"),
        ([track(7, x=-1)], None, "track 7, frame 0: point (-1, 10) has a negative coordinate"),
        ([track(7, x=630)], {"media": "v.mp4", "width": 640, "height": 360}, "outside the 640×360 image"),
        ([{**track(1), "frames": [{"frame": -1, "x": 0, "y": 0, "width": 1, "height": 1}]}], None, "frame"),
        ([{**track(1), "frames": [{"frame": 0, "x": 0, "y": 0, "width": 0, "height": 1}]}], None, "positive"),
        ([{**track(1), "track_id": 1.5}], None, "track_id"),
    ],
)
def test_invalid_tracks_are_refused_by_name(value: object, data: dict | None, message: str) -> None:
    assert message in refusal(SPEC, value, data)


def test_scores_and_distances() -> None:
    ref = [track(1), track(2, "person", x=200)]
    assert score(SPEC, ref, ref) == 1.0
    renamed = [track("a"), track("b", "person", x=200)]
    assert score(SPEC, renamed, ref) == 1.0  # ids are the annotator's own
    short = [track(1, frames=range(2)), track(2, "person", x=200)]
    assert score(SPEC, short, ref) == pytest.approx(2 * 5 / 11)
    wrong_label = [track(1, "person"), track(2, "person", x=200)]
    assert score(SPEC, wrong_label, ref) == pytest.approx(0.5)
    assert distance(SPEC, ref, ref) == 0.0
    assert distance(SPEC, ref, []) == 1.0
    assert distance(SPEC, ref, short) == pytest.approx(1 - 10 / 11)


def test_the_result_names_tracks_by_their_ids() -> None:
    ref = [track("r1", frames=range(4))]
    # one prediction id for two frames, another for the rest: one identity switch
    pred = [track("p1", frames=range(2)), track("p2", frames=range(2, 4))]
    result = control_type("tracks").score(SPEC, pred, ref, {})
    assert result.id_switches == 1
    car = to_jsonable(result)["by_label"]["car"]
    assert car["switches"] == [[2, "r1", "p1", "p2"]]  # IdSwitch(frame, ref_id, before, after)
    assert car["identities"][0][0] == "r1" and car["identities"][0][1] in ("p1", "p2")


def test_aggregate_is_the_medoid() -> None:
    a, b, c = [track(1)], [track(2, x=1)], [track(3, x=300)]
    merged = control_type("tracks").aggregate(SPEC, [c, a, b], {})
    assert merged.value in (a, b) and 0.0 < merged.confidence < 1.0


def test_schema_puts_tracks_on_videos_only() -> None:
    control = {"type": "tracks", "labels": ["car"]}
    assert schema_accepts("video", control)
    assert not any(schema_accepts(kind, control) for kind in ("text", "image", "audio", "json"))
