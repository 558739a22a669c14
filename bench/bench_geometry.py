"""Benchmark geometric scoring: 10,000 box annotations (~10 boxes each) against gold.

Run: ``python bench/bench_geometry.py [--quick]``. Prints markdown tables of the median of
several repeats, in CPU and wall seconds. pycocotools' C box IoU (``maskUtils.iou``) is
timed side by side as the reference point, alone and followed by scipy's Hungarian
matching (IoU + matching, no scores or diff): the machine is shared, so only ratios
within one run, and CPU rather than wall time, are stable.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import numpy as np
from pycocotools import mask as mask_utils
from scipy.optimize import linear_sum_assignment

from goldlabel.quality.geometry import (
    Boxes,
    box_iou_matrix,
    mask_iou_matrix,
    rle_encode,
    score_boxes,
    score_boxes_many,
)


def make_annotations(n: int, seed: int = 0) -> tuple[list[Boxes], list[Boxes]]:
    """Gold sets of 5-15 boxes and annotations that jitter, miss, add and mislabel some."""
    rng = np.random.default_rng(seed)
    preds, golds = [], []
    for _ in range(n):
        k = int(rng.integers(5, 16))
        gold = np.c_[rng.uniform(0, 600, (k, 2)), rng.uniform(10, 120, (k, 2))]
        labels = rng.integers(0, 5, k)
        keep = rng.random(k) > 0.1
        pred = gold[keep] + rng.normal(0, 4, (int(keep.sum()), 4))
        pred[:, 2:] = np.abs(pred[:, 2:])
        pred_labels = np.where(rng.random(len(pred)) < 0.1, (labels[keep] + 1) % 5, labels[keep])
        extra = int(rng.integers(0, 2))
        pred = np.r_[pred, np.c_[rng.uniform(0, 600, (extra, 2)), rng.uniform(10, 120, (extra, 2))]]
        preds.append(Boxes(pred, np.r_[pred_labels, rng.integers(0, 5, extra)]))
        golds.append(Boxes(gold, labels))
    return preds, golds


def median_seconds(fn: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Median (CPU seconds, wall seconds). CPU time is the steadier figure on a shared
    machine, where wall time also counts the time other processes hold the core."""
    fn()  # warm-up
    cpu, wall = [], []
    for _ in range(repeats):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        fn()
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start_wall)
    return statistics.median(cpu), statistics.median(wall)


def coco_iou_and_match(preds: list[Boxes], golds: list[Boxes]) -> None:
    for p, g in zip(preds, golds, strict=True):
        iou = np.asarray(mask_utils.iou(p.xywh, g.xywh, [0] * len(g.xywh)))
        rows, cols = linear_sum_assignment(iou, maximize=True)
        _ = (iou[rows, cols] >= 0.5).sum()


def box_table(n: int, repeats: int) -> None:
    preds, golds = make_annotations(n)
    cases: list[tuple[str, Callable[[], object]]] = [
        (
            "goldlabel `score_boxes_many` (IoU + Hungarian + scores + diff)",
            lambda: score_boxes_many(preds, golds),
        ),
        (
            "goldlabel `score_boxes` per annotation (same, one call each)",
            lambda: [score_boxes(p, g) for p, g in zip(preds, golds, strict=True)],
        ),
        (
            "goldlabel `box_iou_matrix` per annotation (IoU only)",
            lambda: [box_iou_matrix(p.xywh, g.xywh) for p, g in zip(preds, golds, strict=True)],
        ),
        (
            "pycocotools `maskUtils.iou` per annotation (IoU only)",
            lambda: [
                mask_utils.iou(p.xywh, g.xywh, [0] * len(g.xywh)) for p, g in zip(preds, golds, strict=True)
            ],
        ),
        ("pycocotools IoU + scipy Hungarian (no scores, no diff)", lambda: coco_iou_and_match(preds, golds)),
    ]
    timings = [(name, *median_seconds(fn, repeats)) for name, fn in cases]
    reference = timings[3][1]
    boxes = sum(len(g.xywh) for g in golds)
    print(f"\n### Box scoring: {n:,} annotations, {boxes:,} gold boxes, median of {repeats}\n")
    print("| case | CPU (s) | wall (s) | CPU per annotation (µs) | CPU × pycocotools IoU |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, cpu, wall in timings:
        print(f"| {name} | {cpu:.3f} | {wall:.3f} | {cpu / n * 1e6:.1f} | {cpu / reference:.2f} |")


def mask_table(n_masks: int, size: int, repeats: int) -> None:
    rng = np.random.default_rng(1)
    masks = []
    for _ in range(n_masks):
        m = np.zeros((size, size), dtype=np.uint8)
        y, x, h, w = rng.integers(0, size // 2, 4)
        m[y : y + h + 8, x : x + w + 8] = 1
        masks.append(m)
    ours = [rle_encode(m) for m in masks]
    theirs = [mask_utils.encode(np.asfortranarray(m)) for m in masks]
    t_ours, w_ours = median_seconds(lambda: mask_iou_matrix(ours, ours), repeats)
    t_coco, w_coco = median_seconds(lambda: mask_utils.iou(theirs, theirs, [0] * n_masks), repeats)
    print(f"\n### Mask IoU matrix: {n_masks}x{n_masks} RLE masks of {size}x{size}\n")
    print("| case | CPU (s) | wall (s) | CPU × pycocotools |")
    print("| --- | ---: | ---: | ---: |")
    print(
        f"| goldlabel `mask_iou_matrix` (numpy on runs) | {t_ours:.4f} | {w_ours:.4f} "
        f"| {t_ours / t_coco:.1f} |"
    )
    print(f"| pycocotools `maskUtils.iou` (C) | {t_coco:.4f} | {w_coco:.4f} | 1.0 |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, few repeats")
    args = parser.parse_args()
    if args.quick:
        box_table(1_000, repeats=3)
        mask_table(20, 128, repeats=3)
    else:
        box_table(10_000, repeats=5)
        mask_table(50, 512, repeats=5)


if __name__ == "__main__":
    main()
