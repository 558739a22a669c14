"""Video tracks: objects followed across frames, one box per frame they are seen in.

A track is ``{track_id, label, frames: [{frame, x, y, width, height}, ...]}``: ``frame`` a
0-based frame number, the box in pixels from the frame's top-left corner (as boxes).
Frames are listed explicitly (the UI interpolates between keyframes before saving), so
scoring needs no knowledge of the interpolation; a box may say ``keyframe: true`` so the UI
gets its keyframes back when the answer is reopened (scoring ignores it). Scored by identity
F1 (IDF1), label-aware: tracks only match tracks of the same label; CLEAR MOT figures come
along in the result.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from numbers import Integral
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, TypeAdapter

from goldlabel.controls._media import MatchedSpec, Number, check_box, check_label, media_size, medoid
from goldlabel.controls.base import Consensus, ControlValueError, Stored, ValidationContext
from goldlabel.controls.regions import Region, RegionControlType
from goldlabel.core.limits import MAX_SHAPES_PER_CONTROL, MAX_TRACK_BOXES_PER_CONTROL

# goldlabel.quality (numpy/scipy/shapely/jiwer) is imported inside the functions that use it, so
# the server starts and idles without loading it.
if TYPE_CHECKING:
    from goldlabel.quality.geometry import Tracks as TrackRows
    from goldlabel.quality.geometry import TrackScore


class TracksSpec(MatchedSpec):
    type: Literal["tracks"] = "tracks"


class TrackBox(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    frame: StrictInt = Field(ge=0)
    x: Number
    y: Number
    width: Number
    height: Number
    # Set by the UI on the boxes the annotator placed (the others are interpolated); stored only
    # when given.
    keyframe: StrictBool | None = None


class Track(Region):
    track_id: StrictInt | StrictStr
    frames: list[TrackBox] = Field(min_length=1)


@dataclass(frozen=True, slots=True)
class TracksScore:
    """``score`` is label-aware IDF1 over all labels; ``mota`` CLEAR MOT accuracy (may be
    negative); ``by_label`` the library's full result per label, track ids as given."""

    score: float
    mota: float
    motp: float
    id_switches: int
    false_positives: int
    false_negatives: int
    by_label: dict[str, TrackScore]


def _rows(value: Sequence[dict[str, Any]]) -> TrackRows:
    """Long MOT-style rows; ids are positions in the answer (ids may mix ints and strings)."""
    from goldlabel.quality.geometry import Tracks as TrackRows

    frames = [f["frame"] for t in value for f in t["frames"]]
    ids = [i for i, t in enumerate(value) for _ in t["frames"]]
    xywh = [[f["x"], f["y"], f["width"], f["height"]] for t in value for f in t["frames"]]
    return TrackRows(np.asarray(frames, dtype=np.int64), np.asarray(ids, dtype=np.int64), xywh)


def _named(result: TrackScore, pred: Sequence[dict[str, Any]], ref: Sequence[dict[str, Any]]) -> TrackScore:
    """Put the annotators' track ids back in place of positions."""
    p, r = [t["track_id"] for t in pred], [t["track_id"] for t in ref]

    def named(ids: list[Any], position: object) -> object:
        return ids[int(position)] if isinstance(position, Integral) else position

    switches = tuple(
        s._replace(ref_id=named(r, s.ref_id), before=named(p, s.before), after=named(p, s.after))
        for s in result.switches
    )
    identities = tuple(
        m._replace(ref_id=named(r, m.ref_id), pred_id=named(p, m.pred_id)) for m in result.identities
    )
    return dataclasses.replace(result, switches=switches, identities=identities)


def score_track_sets(
    pred: Sequence[dict[str, Any]], ref: Sequence[dict[str, Any]], iou_threshold: float
) -> TracksScore:
    """Score each label's tracks apart and pool the counts, so IDF1 and MOTA stay exact."""
    from goldlabel.quality.geometry import score_tracks

    labels = sorted({t["label"] for t in (*pred, *ref)})
    by_label: dict[str, TrackScore] = {}
    for label in labels:
        p = [t for t in pred if t["label"] == label]
        r = [t for t in ref if t["label"] == label]
        by_label[label] = _named(score_tracks(_rows(p), _rows(r), iou_threshold=iou_threshold), p, r)
    results = by_label.values()
    n_ref, n_pred = sum(s.n_ref for s in results), sum(s.n_pred for s in results)
    matches = sum(s.matches for s in results)
    idtp = sum(m.frames for s in results for m in s.identities)
    fp, fn = sum(s.false_positives for s in results), sum(s.false_negatives for s in results)
    switches = sum(s.id_switches for s in results)
    both_empty = n_ref + n_pred == 0
    return TracksScore(
        score=1.0 if both_empty else 2.0 * idtp / (n_ref + n_pred),
        mota=1.0 - (fn + fp + switches) / max(n_ref, 1),
        motp=sum(s.motp * s.matches for s in results) / matches if matches else float(both_empty),
        id_switches=switches,
        false_positives=fp,
        false_negatives=fn,
        by_label=by_label,
    )


class Tracks(RegionControlType[TracksSpec, Track]):
    type_name = "tracks"
    spec_model = TracksSpec
    value_adapter: TypeAdapter[list[Track]] = TypeAdapter(list[Track])
    field_kinds = frozenset({"video"})

    def describe_value(self, spec: TracksSpec) -> str:
        return (
            "a list of tracks {track_id, label, frames: [{frame, x, y, width, height, keyframe?}, ...]} "
            "with boxes in pixels from the frame's top-left corner"
        )

    def check(self, spec: TracksSpec, value: list[Track], ctx: ValidationContext) -> list[Track]:
        if len(value) > MAX_SHAPES_PER_CONTROL:
            raise ControlValueError(f"at most {MAX_SHAPES_PER_CONTROL} tracks")
        if sum(len(t.frames) for t in value) > MAX_TRACK_BOXES_PER_CONTROL:
            raise ControlValueError(f"at most {MAX_TRACK_BOXES_PER_CONTROL} boxes over all tracks")
        size = media_size(ctx.data, spec.field)
        seen: set[int | str] = set()
        for i, track in enumerate(value):
            what = f"track {track.track_id!r}"
            if track.track_id in seen:
                raise ControlValueError(f"track {i}: track_id {track.track_id!r} is used twice")
            seen.add(track.track_id)
            check_label(spec, track.label, what)
            frames = [f.frame for f in track.frames]
            if len(set(frames)) != len(frames):
                twice = next(f for f in frames if frames.count(f) > 1)
                raise ControlValueError(f"{what}: frame {twice} has two boxes")
            for box in track.frames:
                check_box(box.x, box.y, box.width, box.height, size, f"{what}, frame {box.frame}")
        return value

    def score(self, spec: TracksSpec, pred: Stored, ref: Stored, data: Mapping[str, Any]) -> Any:
        return score_track_sets(pred, ref, spec.iou_threshold)

    def distance(self, spec: TracksSpec, a: Stored, b: Stored) -> float:
        """1 - label-aware IDF1, which is symmetric in its two arguments."""
        return 1.0 - score_track_sets(a, b, spec.iou_threshold).score

    def aggregate(self, spec: TracksSpec, values: Sequence[Stored], data: Mapping[str, Any]) -> Consensus:
        """The medoid answer: fusing tracks frame by frame would break identities."""
        return medoid(values, lambda a, b: self.distance(spec, a, b))
