"""Keypoints: COCO's object keypoint similarity (OKS), PCK, pose scoring and distance.

A pose is a (k, 3) array of x, y, v like COCO (v = 0 not labelled, 1 labelled but hidden,
2 visible); (k, 2) means all labelled. Only the *reference* visibility matters, as in COCO;
a predicted keypoint the annotator did not place should be NaN and scores 0.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from goldlabel.quality.geometry.scoring import MatchScore, score_matches

#: COCO person keypoint sigmas (nose, eyes, ears, shoulders, elbows, wrists, hips, knees,
#: ankles), as in pycocotools' ``Params.kpt_oks_sigmas``.
COCO_PERSON_SIGMAS = np.array([26, 25, 25, 35, 35, 79, 79, 72, 72, 62, 62, 107, 107, 87, 87, 89, 89]) / 1000.0


class Poses(NamedTuple):
    """A set of poses: ``keypoints`` (n, k, 2|3), labels, and object ``areas`` (n,).

    ``areas`` is OKS's scale s^2 (COCO uses the segment area). If ``None`` the area of the
    bounding box of each pose's labelled keypoints is used.
    """

    keypoints: ArrayLike
    labels: ArrayLike | None = None
    areas: ArrayLike | None = None


def _as_sigmas(sigmas: ArrayLike) -> np.ndarray:
    arr = np.asarray(sigmas, dtype=np.float64)
    if arr.ndim != 1 or len(arr) == 0 or not (np.isfinite(arr) & (arr > 0)).all():
        raise ValueError("sigmas must be a non-empty 1-D array of positive numbers")
    return arr


def _as_poses(keypoints: ArrayLike, k: int, *, name: str) -> np.ndarray:
    """(n, k, 3) float array; missing visibility means labelled (2)."""
    arr = np.asarray(keypoints, dtype=np.float64)
    if arr.size == 0:
        return np.zeros((0, k, 3))
    if arr.ndim != 3 or arr.shape[1] != k or arr.shape[2] not in (2, 3):
        raise ValueError(f"{name} must have shape (n, {k}, 2 or 3), got {arr.shape}")
    if arr.shape[2] == 2:
        arr = np.concatenate([arr, np.full((*arr.shape[:2], 1), 2.0)], axis=2)
    return arr


def _check_ref(ref: np.ndarray, *, name: str) -> np.ndarray:
    labelled = ref[..., 2] > 0
    if not labelled.any(axis=-1).all():
        raise ValueError(f"{name} has a pose with no labelled keypoint; OKS is undefined")
    if not np.isfinite(ref[..., :2][labelled]).all():
        raise ValueError(f"{name} has a labelled keypoint with non-finite coordinates")
    return labelled


def _default_areas(ref: np.ndarray, labelled: np.ndarray) -> np.ndarray:
    xy = np.where(labelled[..., None], ref[..., :2], np.nan)
    span = np.nanmax(xy, axis=1) - np.nanmin(xy, axis=1)
    out: np.ndarray = span[:, 0] * span[:, 1]
    return out


def _as_areas(areas: ArrayLike | None, ref: np.ndarray, labelled: np.ndarray) -> np.ndarray:
    if areas is None:
        return _default_areas(ref, labelled)
    arr = np.asarray(areas, dtype=np.float64).reshape(-1)
    if len(arr) != len(ref) or not (np.isfinite(arr) & (arr >= 0)).all():
        raise ValueError(f"areas must be {len(ref)} finite non-negative numbers")
    return arr


def _oks(
    pred: np.ndarray, ref: np.ndarray, labelled: np.ndarray, sigmas: np.ndarray, areas: np.ndarray
) -> np.ndarray:
    """(n, m) OKS, exactly COCOeval.computeOks for references with labelled keypoints."""
    d2 = ((pred[:, None, :, :2] - ref[None, :, :, :2]) ** 2).sum(axis=-1)
    variances = (2.0 * sigmas) ** 2
    e = d2 / variances / (areas[None, :, None] + np.spacing(1)) / 2.0
    sim = np.nan_to_num(np.exp(-e), nan=0.0) * labelled[None]  # NaN prediction: 0
    out: np.ndarray = sim.sum(axis=-1) / labelled.sum(axis=-1)[None, :]
    return out


def oks_matrix(
    pred: ArrayLike, ref: ArrayLike, *, sigmas: ArrayLike, areas: ArrayLike | None = None
) -> np.ndarray:
    """(n, m) OKS of predicted poses (n, k, 2|3) against reference poses (m, k, 2|3).

    OKS = mean over the reference's labelled keypoints of exp(-d^2 / (2 s^2 (2 sigma)^2)),
    s^2 the reference's area; ``sigmas`` are COCO's per-keypoint sigmas (e.g.
    ``COCO_PERSON_SIGMAS``).
    """
    sig = _as_sigmas(sigmas)
    p = _as_poses(pred, len(sig), name="pred")
    r = _as_poses(ref, len(sig), name="ref")
    labelled = _check_ref(r, name="ref")
    return _oks(p, r, labelled, sig, _as_areas(areas, r, labelled))


def oks(pred: ArrayLike, ref: ArrayLike, *, sigmas: ArrayLike, area: float) -> float:
    """OKS of one predicted pose (k, 2|3) against one reference pose (k, 2|3)."""
    one_pred, one_ref = np.asarray([pred], dtype=np.float64), np.asarray([ref], dtype=np.float64)
    return float(oks_matrix(one_pred, one_ref, sigmas=sigmas, areas=[area])[0, 0])


def pck(pred: ArrayLike, ref: ArrayLike, *, threshold: float, normaliser: float) -> float:
    """Percentage of correct keypoints: share of the reference's labelled keypoints whose
    prediction lies within ``threshold * normaliser`` (e.g. 0.2 x torso or 0.5 x head size)."""
    if not (np.isfinite(threshold) and threshold > 0 and np.isfinite(normaliser) and normaliser > 0):
        raise ValueError("threshold and normaliser must be positive and finite")
    r = _as_poses(np.asarray([ref], dtype=np.float64), np.asarray(ref).shape[0], name="ref")
    p = _as_poses(np.asarray([pred], dtype=np.float64), r.shape[1], name="pred")
    labelled = _check_ref(r, name="ref")[0]
    dist = np.hypot(*(p[0, :, :2] - r[0, :, :2]).T)
    correct = np.nan_to_num(dist, nan=np.inf) <= threshold * normaliser
    return float(correct[labelled].mean())


def score_keypoints(
    pred: Poses | tuple[Any, ...],
    ref: Poses | tuple[Any, ...],
    *,
    sigmas: ArrayLike,
    oks_threshold: float = 0.5,
    label_aware: bool = True,
) -> MatchScore:
    """Score predicted poses against reference poses by one-to-one OKS matching.

    Same contract as ``score_boxes`` (see ``MatchScore``) with OKS in IoU's place, as in
    COCO keypoint evaluation. Areas and visibility come from ``ref``.
    """
    sig = _as_sigmas(sigmas)
    p_pose, r_pose = Poses(*pred), Poses(*ref)
    p = _as_poses(p_pose.keypoints, len(sig), name="pred.keypoints")
    r = _as_poses(r_pose.keypoints, len(sig), name="ref.keypoints")
    labelled = _check_ref(r, name="ref.keypoints")
    sim = _oks(p, r, labelled, sig, _as_areas(r_pose.areas, r, labelled))
    return score_matches(sim, p_pose.labels, r_pose.labels, threshold=oks_threshold, label_aware=label_aware)


def keypoints_distance(
    a: Poses | tuple[Any, ...],
    b: Poses | tuple[Any, ...],
    *,
    sigmas: ArrayLike,
    oks_threshold: float = 0.5,
    label_aware: bool = True,
) -> float:
    """1 - mean of ``score_keypoints`` both ways: OKS uses the reference's areas and
    visibility, so averaging the two directions makes the distance symmetric."""
    options: dict[str, Any] = {"sigmas": sigmas, "oks_threshold": oks_threshold, "label_aware": label_aware}
    forward = score_keypoints(a, b, **options).score
    backward = score_keypoints(b, a, **options).score
    return 1.0 - (forward + backward) / 2.0
