"""Krippendorff's alpha: goldlabel vs the ``krippendorff`` package, and a 3M-answer long table.

    python bench/bench_agreement.py [--quick] [--repeats N]

Part 1 computes alpha from a long table of 1M units × 1,000 annotators (3 answers per
unit, 5 classes) in a fresh subprocess and reports its time and peak RSS (ru_maxrss, data
included). Part 2 times both libraries side by side on the same annotators × units
matrices (20 annotators, ~30 % missing): median seconds and ratio (krippendorff / ours).
``--quick`` shrinks both parts to a smoke run.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

import krippendorff
import numpy as np
import pandas as pd

from goldlabel.quality.agreement import krippendorff_alpha, krippendorff_alpha_long

N_ANNOTATORS = 20
MISSING = 0.3


def reliability_matrix(n_units: int, kind: str, seed: int) -> np.ndarray:
    """Noisy copies of a per-unit truth: 5 ratings, or 1-decimal scores in [0, 10]."""
    rng = np.random.default_rng(seed)
    shape = (N_ANNOTATORS, n_units)
    if kind == "ratings":
        truth = rng.integers(1, 6, n_units)
        matrix = np.where(rng.random(shape) < 0.7, truth, rng.integers(1, 6, shape)).astype(float)
    else:
        truth = rng.uniform(0, 10, n_units)
        matrix = np.clip(np.round(truth + rng.normal(0, 1, shape), 1), 0, 10)
    matrix[rng.random(shape) < MISSING] = np.nan
    return matrix


def side_by_side(
    runs: tuple[Callable[[], float], Callable[[], float]], repeats: int
) -> list[tuple[float, float]]:
    """(median seconds, value) per callable, alternating them so load drift hits both alike."""
    times: list[list[float]] = [[], []]
    values = [float("nan"), float("nan")]
    for _ in range(repeats):
        for k, run in enumerate(runs):
            start = time.perf_counter()
            values[k] = run()
            times[k].append(time.perf_counter() - start)
    return [(statistics.median(t), v) for t, v in zip(times, values, strict=True)]


def long_table(n_units: int, n_workers: int, seed: int) -> pd.DataFrame:
    """3 distinct workers per unit, 70 % of answers equal to the unit's true class (of 5)."""
    rng = np.random.default_rng(seed)
    first = rng.integers(0, n_workers, n_units)
    step = rng.integers(1, n_workers // 2, n_units)
    workers = np.stack([first, (first + step) % n_workers, (first + 2 * step) % n_workers], 1)
    truth = np.repeat(rng.integers(0, 5, n_units), 3)
    labels = np.where(rng.random(3 * n_units) < 0.7, truth, rng.integers(0, 5, 3 * n_units))
    return pd.DataFrame(
        {"task": np.repeat(np.arange(n_units), 3), "worker": workers.ravel(), "label": labels}
    )


def child_long(n_units: int, n_workers: int) -> None:
    """Runs in the subprocess: build the table, time alpha, print JSON with peak RSS."""
    data = long_table(n_units, n_workers, seed=0)
    data_mb = _peak_mb()
    start = time.perf_counter()
    alpha = krippendorff_alpha_long(data)
    seconds = time.perf_counter() - start
    report = {"seconds": seconds, "peak_mb": _peak_mb(), "data_mb": data_mb, "alpha": alpha}
    print(json.dumps({**report, "rows": len(data)}))


def _peak_mb() -> float:
    """ru_maxrss in MB (KiB on Linux). Linux carries the parent's high-water mark over
    fork+exec, which is why the parent starts this child before allocating anything big."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small smoke run")
    parser.add_argument("--repeats", type=int, default=7, help="timed runs per cell (median)")
    parser.add_argument("--child-long", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_long:
        child_long(*args.child_long)
        return

    n_units, n_workers = (20_000, 100) if args.quick else (1_000_000, 1_000)
    command = [sys.executable, __file__, "--child-long", str(n_units), str(n_workers)]
    result = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    print(f"## alpha from a long table: {n_units:,} units × {n_workers:,} annotators\n")
    print("| answers | classes | time (s) | peak RSS (MB) | of which data + imports (MB) | alpha |")
    print("|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {result['rows']:,} | 5 | {result['seconds']:.2f} | {result['peak_mb']:.0f} "
        f"| {result['data_mb']:.0f} | {result['alpha']:.4f} |\n"
    )

    repeats = 3 if args.quick else max(3, args.repeats)
    cases = (
        [(2_000, "ratings"), (2_000, "scores")]
        if args.quick
        else [(10_000, "ratings"), (100_000, "ratings"), (10_000, "scores")]
    )
    print(f"## alpha on a {N_ANNOTATORS} × units matrix, {MISSING:.0%} missing (median of {repeats})\n")
    print("| units | values | level | krippendorff 0.9 (s) | goldlabel (s) | speed-up | |Δα| |")
    print("|---:|---|---|---:|---:|---:|---:|")
    for n_units, kind in cases:
        matrix = reliability_matrix(n_units, kind, seed=n_units)
        for level in ("nominal", "interval"):
            if kind == "scores" and level == "nominal":
                continue
            (theirs, a), (ours, b) = side_by_side(
                (
                    lambda m=matrix, lv=level: krippendorff.alpha(m, level_of_measurement=lv),
                    lambda m=matrix, lv=level: krippendorff_alpha(m, level_of_measurement=lv),
                ),
                repeats,
            )
            print(
                f"| {n_units:,} | {kind} | {level} | {theirs:.4f} | {ours:.4f} "
                f"| {theirs / ours:.1f}× | {abs(a - b):.1e} |"
            )


if __name__ == "__main__":
    main()
