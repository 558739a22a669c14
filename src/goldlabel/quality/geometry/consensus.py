"""Consensus boxes from several annotators: cluster by IoU, fuse, keep what a quorum saw.

Weighted-box-fusion in spirit (Solovyev et al., 2021): each cluster's box is the weighted
mean of its members' corners, re-computed as members join, and members join by IoU with
that fused box. Unlike detector WBF there are no confidences; instead each annotator
contributes at most one box per cluster (a one-to-one Hungarian match of their boxes to the
current clusters), and annotators are visited most-central first (highest total agreement
with the others), so the result does not depend on the order annotators are listed in
(barring exact ties in that agreement).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from goldlabel.quality.geometry.boxes import (
    Boxes,
    corner_iou,
    score_boxes_many,
    to_corners,
    unpack_boxes,
)
from goldlabel.quality.geometry.matching import as_labels, assign, check_threshold


@dataclass(frozen=True, slots=True)
class ConsensusBox:
    """One cluster of annotators' boxes and its fused box.

    ``members`` are (annotator index, box index) pairs; ``support`` is how many annotators
    drew it; ``label`` the weighted majority label (ties go to the most central annotator)
    and ``label_agreement`` the winning label's share of the weight; ``mean_iou`` the mean
    IoU of the members with the fused box.
    """

    xywh: tuple[float, float, float, float]
    label: object
    support: int
    members: tuple[tuple[int, int], ...]
    label_agreement: float
    mean_iou: float


@dataclass(frozen=True, slots=True)
class BoxConsensus:
    """``boxes`` reached the quorum; ``rejected`` did not (candidates for adjudication)."""

    boxes: tuple[ConsensusBox, ...]
    rejected: tuple[ConsensusBox, ...]

    def as_boxes(self) -> Boxes:
        """The accepted consensus as a ``Boxes`` set, e.g. to score annotators against."""
        xywh = np.array([b.xywh for b in self.boxes], dtype=np.float64).reshape(-1, 4)
        return Boxes(xywh, np.array([b.label for b in self.boxes], dtype=object))


class _Cluster:
    __slots__ = ("corners", "members", "weights")

    def __init__(self) -> None:
        self.members: list[tuple[int, int]] = []
        self.weights: list[float] = []
        self.corners: list[np.ndarray] = []

    def add(self, annotator: int, box: int, corners: np.ndarray, weight: float) -> None:
        self.members.append((annotator, box))
        self.weights.append(weight)
        self.corners.append(corners)

    def fused(self) -> np.ndarray:
        return np.average(np.array(self.corners), axis=0, weights=self.weights)


def _centrality_order(annotations: list[Boxes], threshold: float) -> list[int]:
    """Annotators by descending total agreement (``score_boxes`` score) with the others."""
    n = len(annotations)
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    scores = score_boxes_many(
        [annotations[i] for i, _ in pairs],
        [annotations[j] for _, j in pairs],
        iou_threshold=threshold,
        label_aware=False,
    )
    total = np.zeros(n)
    for (i, j), s in zip(pairs, scores, strict=True):
        total[i] += s.score
        total[j] += s.score
    return sorted(range(n), key=lambda i: (-total[i], i))


def cluster_boxes(
    annotations: Sequence[Boxes | tuple[Any, ...]],
    *,
    iou_threshold: float = 0.5,
    quorum: int | None = None,
    weights: ArrayLike | None = None,
) -> BoxConsensus:
    """Fuse several annotators' box sets into consensus boxes.

    ``annotations[a]`` is annotator a's ``Boxes``. A box joins the cluster whose fused box
    it overlaps with IoU >= ``iou_threshold`` (one box per annotator per cluster). A cluster
    is kept when at least ``quorum`` annotators support it (default: a strict majority).
    ``weights`` (one per annotator, e.g. reliabilities from Dawid-Skene) weight both the
    fused coordinates and the label vote; default equal.
    """
    thr = check_threshold(iou_threshold, name="iou_threshold")
    n = len(annotations)
    if n == 0:
        raise ValueError("annotations must hold at least one annotator's boxes")
    need = n // 2 + 1 if quorum is None else int(quorum)
    if not 1 <= need <= n:
        raise ValueError(f"quorum must be between 1 and the {n} annotators, got {quorum!r}")
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
    if w.shape != (n,) or not (np.isfinite(w) & (w > 0)).all():
        raise ValueError(f"weights must be {n} positive numbers, one per annotator")
    unpacked = [unpack_boxes(s, name=f"annotations[{i}]") for i, s in enumerate(annotations)]
    sets = [Boxes(xywh, raw) for xywh, raw in unpacked]
    corners = [to_corners(xywh) for xywh, _ in unpacked]
    labels = [
        as_labels(raw, len(xywh), name=f"annotations[{i}].labels").tolist()
        for i, (xywh, raw) in enumerate(unpacked)
    ]

    clusters: list[_Cluster] = []
    for a in _centrality_order(sets, thr):
        matched: dict[int, int] = {}
        if clusters and len(corners[a]):
            fused = np.array([c.fused() for c in clusters])
            iou = corner_iou(corners[a][:, None, :], fused[None, :, :])
            rows, cols = assign(iou, thr, None)
            matched = dict(zip(rows.tolist(), cols.tolist(), strict=True))
        for box in range(len(corners[a])):
            if box not in matched:
                clusters.append(_Cluster())
            cluster = clusters[matched[box]] if box in matched else clusters[-1]
            cluster.add(a, box, corners[a][box], float(w[a]))

    results = [_summarise(c, labels) for c in clusters]
    results.sort(key=lambda r: -r.support)  # stable: ties keep creation order
    return BoxConsensus(
        boxes=tuple(r for r in results if r.support >= need),
        rejected=tuple(r for r in results if r.support < need),
    )


def _summarise(cluster: _Cluster, labels: list[list[object]]) -> ConsensusBox:
    fused = cluster.fused()
    ious = corner_iou(np.array(cluster.corners), fused[None, :])
    votes: dict[object, float] = {}
    for (annotator, box), weight in zip(cluster.members, cluster.weights, strict=True):
        label = labels[annotator][box]
        votes[label] = votes.get(label, 0.0) + weight
    label = max(votes, key=votes.__getitem__)  # first maximum: the most central annotator's
    x1, y1, x2, y2 = fused.tolist()
    return ConsensusBox(
        xywh=(x1, y1, x2 - x1, y2 - y1),
        label=label,
        support=len(cluster.members),
        members=tuple(sorted(cluster.members)),
        label_agreement=votes[label] / sum(cluster.weights),
        mean_iou=float(ious.mean()),
    )
