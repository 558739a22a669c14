"""MOT-challenge CSV import and export of a video tracks control, one file per video: what
py-motmetrics and TrackEval read (``frame,id,x,y,w,h,conf,x,y,z``).

Rows: ``frame`` 1-based (goldlabel's frames are 0-based), ``id`` the track's number, the box in
pixels from the top-left corner, ``conf`` 1, then ``-1,-1,-1``. When the control has more than
one label the 8th column is the track's class instead (its 1-based place in the control's
labels), as MOT17+ ground truth and motmetrics' ``ClassId`` column have it; with one label it
is -1, the plain results layout.

Export writes **every stored box**, not the keyframes alone: goldlabel stores a box for each
frame of a track's span (the labeling UI interpolates between keyframes before saving), and MOT
scorers compare frame by frame, so a keyframes-only file would score the frames in between as
misses. Gaps in a track (the object out of sight) stay gaps. Track ids are kept when every
track's id is a whole number >= 1; otherwise tracks are numbered 1, 2, … in answer order.

Import builds each track's frames from its rows and marks keyframes (``keyframe_flags``): the
first and last box of each run of consecutive frames and every box that is not the linear
interpolation of its neighbours, so reopening the answer in the UI gives back editable
keyframes whose interpolation reproduces every imported box.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

import numpy as np

from goldlabel.controls.base import LabelledSpec
from goldlabel.controls.schema import ProjectSchema
from goldlabel.formats import media_files
from goldlabel.formats.items import FormatError, Row
from goldlabel.formats.labelsets import LabelSet
from goldlabel.formats.registry import ExportItem, ReadContext, WriteContext

EXTENSION = ".txt"
MEDIA_KINDS = frozenset({"video"})
#: A box off the line through its neighbours by more than this many pixels is a keyframe.
LINEAR_TOLERANCE = 1e-6
_BOX = ("x", "y", "width", "height")
MAX_FRAME = 10**9  # a day of video at 10,000 fps; frame numbers stay far inside JSON's integers
MAX_TRACK_ID = 2**63 - 1


def _spec(context_schema: ProjectSchema) -> LabelledSpec:
    spec = media_files.pick_control(context_schema, "tracks", MEDIA_KINDS, "MOT holds video tracks")
    assert isinstance(spec, LabelledSpec)
    return spec


def keyframe_flags(frames: Sequence[int], boxes: Sequence[Sequence[float]]) -> list[bool]:
    """Which boxes of a track (sorted by frame) are keyframes: run ends, and boxes whose second
    difference is not zero. Between two neighbouring keyframes every box then has a zero second
    difference on consecutive frames, so the run is arithmetic: linear interpolation between
    the two keyframes gives each box back."""
    f = np.asarray(frames, dtype=np.int64)
    b = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
    flags = np.ones(len(f), dtype=bool)
    if len(f) > 2:
        starts = f[1:-1] != f[:-2] + 1
        ends = f[2:] != f[1:-1] + 1
        bent = (np.abs(b[:-2] - 2 * b[1:-1] + b[2:]) > LINEAR_TOLERANCE).any(axis=1)
        flags[1:-1] = starts | ends | bent
    return [bool(v) for v in flags]


def _track_ids(tracks: Sequence[dict[str, Any]]) -> list[int]:
    ids = [t["track_id"] for t in tracks]
    if all(isinstance(i, int) and not isinstance(i, bool) and i >= 1 for i in ids):
        return ids
    return list(range(1, len(tracks) + 1))


def render(tracks: Sequence[dict[str, Any]], spec: LabelledSpec) -> bytes:
    classes = {label: i for i, label in enumerate(spec.labels, start=1)} if len(spec.labels) > 1 else {}
    rows: list[tuple[int, int, str]] = []
    for track_id, track in zip(_track_ids(tracks), tracks, strict=True):
        cls = classes.get(track["label"], -1)
        for box in track["frames"]:
            xywh = ",".join(media_files.number(box[k]) for k in _BOX)
            rows.append((box["frame"] + 1, track_id, f"{xywh},1,{cls},-1,-1"))
    rows.sort(key=lambda r: (r[0], r[1]))
    return "".join(f"{frame},{track_id},{rest}\n" for frame, track_id, rest in rows).encode()


def write(items: Iterable[ExportItem], context: WriteContext) -> Iterator[bytes]:
    spec = _spec(context.schema)

    def one(_item: ExportItem, _labelset: LabelSet, value: Any, _stem: str) -> bytes:
        return render(value, spec)

    yield from media_files.write_per_media(items, context, spec, EXTENSION, one)


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        value = float(text)
    if not value.is_integer():
        raise ValueError(text)
    return int(value)


def parse(member: str, content: bytes, spec: LabelledSpec) -> media_files.Parsed:
    where = member or "the file"
    boxes: dict[int, dict[int, tuple[float, ...]]] = {}
    labels: dict[int, str] = {}
    for n, line in enumerate(media_files.decode(member, content).splitlines(), start=1):
        if not line.strip():
            continue
        cells = line.split(",")  # int() and float() take the spaces around a cell
        try:
            if len(cells) < 6:
                raise ValueError(line)
            frame, track_id = _whole(cells[0]), _whole(cells[1])
            x, y, w, h = float(cells[2]), float(cells[3]), float(cells[4]), float(cells[5])
            cls = _whole(cells[7]) if len(cells) > 7 else -1
        except ValueError:
            raise FormatError(
                None, f"{where}, line {n}: expected 'frame,id,x,y,w,h,conf,-1,-1,-1' with whole frame and id"
            ) from None
        if not math.isfinite(x + y + w + h):  # a NaN or an infinity anywhere (sums of boxes are small)
            raise FormatError(None, f"{where}, line {n}: the box must be finite numbers")
        if not 1 <= frame <= MAX_FRAME:
            raise FormatError(None, f"{where}, line {n}: frames are numbered from 1 (to {MAX_FRAME})")
        if not -MAX_TRACK_ID <= track_id <= MAX_TRACK_ID:
            raise FormatError(None, f"{where}, line {n}: track ids are whole numbers within 64 bits")
        if len(spec.labels) == 1:
            label = spec.labels[0]
        elif 1 <= cls <= len(spec.labels):
            label = spec.labels[cls - 1]
        else:
            raise FormatError(
                None,
                f"{where}, line {n}: column 8 must be the class, 1 to {len(spec.labels)} for "
                f"{spec.labels}, since {spec.name!r} has several labels",
            )
        if labels.setdefault(track_id, label) != label:
            raise FormatError(None, f"{where}, line {n}: track {track_id} changes class")
        track = boxes.setdefault(track_id, {})
        if frame - 1 in track:
            raise FormatError(None, f"{where}, line {n}: track {track_id} has two boxes on frame {frame}")
        track[frame - 1] = (x, y, w, h)
    tracks = []
    for track_id, by_frame in boxes.items():
        frames = sorted(by_frame)
        ordered = [by_frame[f] for f in frames]
        flags = keyframe_flags(frames, ordered)
        tracks.append(
            {
                "track_id": track_id,
                "label": labels[track_id],
                "frames": [_box(f, box, key) for f, box, key in zip(frames, ordered, flags, strict=True)],
            }
        )
    return [(media_files.media_key(member, EXTENSION), tracks)]


def _box(frame: int, box: tuple[float, ...], keyframe: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"frame": frame, "x": box[0], "y": box[1], "width": box[2], "height": box[3]}
    if keyframe:
        out["keyframe"] = True
    return out


def read(stream: IO[bytes], context: ReadContext) -> Iterator[Row]:
    spec = _spec(context.schema)
    yield from media_files.read_per_media(
        stream, context, spec, EXTENSION, lambda member, content: parse(member, content, spec)
    )
