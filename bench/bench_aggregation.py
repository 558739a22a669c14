"""Truth inference: goldlabel's aggregators vs crowd-kit 1.4.2 on simulated crowds.

    python bench/bench_aggregation.py [--quick] [--repeats N] [--sizes N ...] [--methods M ...] [--no-memory]
    python bench/bench_aggregation.py --overhead [--repeats N] [--sizes N] [--methods M ...]

Crowds come from ``goldlabel.quality.simulate`` (5 classes, 3-5 answers per item, experts,
noisy workers, spammers, class-biased and adversarial workers). For each size, every method
is timed on the long DataFrame (factorising it is part of the time), side by side with
crowd-kit in the same process; the table shows accuracy against the simulated truth,
median seconds, the ratio crowd-kit / goldlabel and EM rounds. crowd-kit's GLAD, MACE and
OneCoinDawidSkene take minutes from ~100k answers, so they run only at 1k items;
goldlabel repeats ``--repeats`` times up to 125k items and crowd-kit only at 1k (once
elsewhere), to keep the run under an hour. Last, one subprocess per method loads the
3M-answer crowd from a pickle and aggregates it, reporting peak RSS (ru_maxrss, data
included), the peak right after loading (unpickling alone peaks high and can hide the
aggregation's share) and the aggregation's own peak allocations (tracemalloc, which sees
numpy/scipy buffers).

``--overhead`` times the three public calls — ``fit``, ``fit_predict``, ``fit_predict_proba``
— on the same crowd (default 125k items, ~500k answers), interleaved round by round so load
drifts hit all three alike, plus ``encode`` (validating and factorising the long table) alone:
the calls should cost the same, and what they cost beyond the model is the encoding. Cells
are median wall seconds with median CPU seconds of this process in brackets (the steadier
figure when other jobs share the machine).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import crowdkit.aggregation as ck
import pandas as pd

import goldlabel.quality.aggregation as gl
from goldlabel.quality.simulate import SimulatedCrowd, simulate_crowd

METHODS: dict[str, tuple[Callable[[], Any], Callable[[], Any]]] = {
    "MajorityVote": (gl.MajorityVote, ck.MajorityVote),
    "DawidSkene": (gl.DawidSkene, ck.DawidSkene),
    "OneCoinDawidSkene": (gl.OneCoinDawidSkene, ck.OneCoinDawidSkene),
    "GLAD": (gl.GLAD, ck.GLAD),
    "MACE": (gl.MACE, ck.MACE),
}
CROWDKIT_EVERYWHERE = {"MajorityVote", "DawidSkene"}  # the rest only up to SMALL items
SMALL = 1_000
FULL_SIZES = [1_000, 100_000, 125_000, 750_000, 1_000_000]  # 125k ~ 500k, 750k ~ 3M answers
QUICK_SIZES = [1_000, 20_000]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(factory: Callable[[], Any], crowd: SimulatedCrowd, repeats: int) -> dict[str, Any]:
    times: list[float] = []
    model: Any = None
    labels = pd.Series(dtype=object)
    for _ in range(repeats):
        model = factory()
        start = time.perf_counter()
        labels = model.fit_predict(crowd.answers)
        times.append(time.perf_counter() - start)
    rounds = getattr(model, "n_iter_", None) or len(getattr(model, "loss_history_", []) or [])
    return {
        "seconds": statistics.median(times),
        "accuracy": float((labels.reindex(crowd.truth.index) == crowd.truth).mean()),
        "rounds": rounds or "",
        "labels": labels,
    }


def compare(sizes: list[int], repeats: int, methods: list[str]) -> list[str]:
    """One table row per size and method; goldlabel repeats only up to 125k items."""
    rows = [
        "| items | answers | method | acc goldlabel | acc crowd-kit | same label "
        "| s goldlabel | s crowd-kit | crowd-kit / goldlabel | rounds gl / ck |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    print("\n".join(rows), flush=True)
    for size in sizes:
        crowd = simulate_crowd(size, seed=size)
        for name in methods:
            ours_factory, theirs_factory = METHODS[name]
            ours = timed(ours_factory, crowd, repeats if size <= 125_000 else 1)
            theirs = None
            if size <= SMALL or name in CROWDKIT_EVERYWHERE:
                theirs = timed(theirs_factory, crowd, repeats if size <= SMALL else 1)
            cells = [f"{size:,}", f"{len(crowd.answers):,}", name, f"{ours['accuracy']:.4f}"]
            if theirs is None:
                cells += ["—", "—", f"{ours['seconds']:.3f}", "not run", "—", f"{ours['rounds']}"]
            else:
                same = (ours["labels"] == theirs["labels"].reindex(ours["labels"].index)).mean()
                cells += [
                    f"{theirs['accuracy']:.4f}",
                    f"{same:.4f}",
                    f"{ours['seconds']:.3f}",
                    f"{theirs['seconds']:.3f}",
                    f"{theirs['seconds'] / ours['seconds']:.1f}x",
                    f"{ours['rounds']} / {theirs['rounds']}",
                ]
            rows.append("| " + " | ".join(cells) + " |")
            print(rows[-1], flush=True)
    return rows


def _clocked(call: Callable[[], Any]) -> tuple[float, float]:
    """(wall, CPU) seconds of one call; CPU time is the steadier figure on a shared machine."""
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    return time.perf_counter() - wall, time.process_time() - cpu


def overhead(size: int, repeats: int, methods: list[str]) -> list[str]:
    """Median wall (CPU) seconds of fit / fit_predict / fit_predict_proba / encode, interleaved."""
    from goldlabel.quality.table import encode

    crowd = simulate_crowd(size, seed=size)
    calls = ("fit", "fit_predict", "fit_predict_proba")
    rows = [
        f"| method ({len(crowd.answers):,} answers) | fit | fit_predict | fit_predict_proba "
        "| fit_predict / fit (CPU) | encode alone |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    print("\n".join(rows), flush=True)

    def cell(times: list[tuple[float, float]]) -> str:
        return f"{statistics.median(t[0] for t in times):.3f} ({statistics.median(t[1] for t in times):.3f})"

    encoding = cell([_clocked(partial(encode, crowd.answers)) for _ in range(repeats)])
    for name in methods:
        times: dict[str, list[tuple[float, float]]] = {call: [] for call in calls}
        for _ in range(repeats):
            for call in calls:
                method = getattr(METHODS[name][0](), call)
                times[call].append(_clocked(partial(method, crowd.answers)))
        fit_cpu, predict_cpu = (statistics.median(t[1] for t in times[call]) for call in calls[:2])
        cells = [cell(times[call]) for call in calls]
        rows.append(f"| {name} | {' | '.join(cells)} | {predict_cpu / fit_cpu:.2f} | {encoding} |")
        print(rows[-1], flush=True)
    return rows


def child(method: str, path: str) -> None:
    """Runs in the subprocess: load the answers, aggregate with one method, print JSON."""
    answers = pd.read_pickle(path)
    data_mb = _peak_mb()
    tracemalloc.start()
    start = time.perf_counter()
    METHODS[method][0]().fit_predict(answers)
    seconds = time.perf_counter() - start
    own_mb = tracemalloc.get_traced_memory()[1] / 2**20
    report = {
        "rows": len(answers),
        "seconds": seconds,
        "data_mb": data_mb,
        "peak_mb": _peak_mb(),
        "own_mb": own_mb,
    }
    print(json.dumps(report))


def memory(size: int, methods: list[str]) -> list[str]:
    rows = [
        "| method | answers | peak RSS MB (data included) | peak RSS after loading MB "
        "| aggregation's own peak MB (tracemalloc) | s (traced) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    print("\n".join(rows), flush=True)
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "answers.pkl")
        simulate_crowd(size, seed=size).answers.to_pickle(path)
        for method in methods:
            out = subprocess.run(
                [sys.executable, __file__, "--child", method, path],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            report = json.loads(out.strip().splitlines()[-1])
            rows.append(
                f"| {method} | {report['rows']:,} | {report['peak_mb']:.0f} | "
                f"{report['data_mb']:.0f} | {report['own_mb']:.0f} | {report['seconds']:.2f} |"
            )
            print(rows[-1], flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, smoke run")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", help="items per crowd (default: all sizes)")
    parser.add_argument("--methods", nargs="+", choices=list(METHODS), default=list(METHODS))
    parser.add_argument("--no-memory", action="store_true", help="skip the peak-memory part")
    parser.add_argument("--overhead", action="store_true", help="fit vs fit_predict vs encode only")
    parser.add_argument("--child", nargs=2, metavar=("METHOD", "PICKLE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    if args.overhead:
        size = args.sizes[0] if args.sizes else 125_000
        print(f"## Public calls and encoding: wall (CPU) s, median of {args.repeats}, interleaved\n")
        overhead(size, args.repeats, args.methods)
        return
    sizes = args.sizes or (QUICK_SIZES if args.quick else FULL_SIZES)
    repeats = 1 if args.quick else args.repeats
    print(f"## vs crowd-kit (median of {repeats} up to 125k items, else 1; crowd-kit 1 above 1k)\n")
    compare(sizes, repeats, args.methods)
    if not args.no_memory:
        print("\n## Peak memory, one subprocess per method\n")
        memory(25_000 if args.quick else 750_000, args.methods)


if __name__ == "__main__":
    main()
