"""Benchmark span scoring and DER against their reference libraries.

    python bench/bench_scoring.py [--quick]

Spans: score 10,000 (pred, ref) annotations in exact and partial mode; peer nervaluate
(SemEval-2013 NER evaluation, computes all its schemas in one pass). DER: a one-hour
synthetic four-speaker conversation with jittered turns and some confusions; peer
pyannote.metrics. Prints a markdown table of median wall times; ratio = peer / ours.
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings
from collections.abc import Callable

import numpy as np

from goldlabel.quality.scoring import Segment, Span, score_diarization, score_spans

LABELS = ["PER", "LOC", "ORG", "MISC"]


def median_time(fn: Callable[[], object], repeats: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def make_spans(n_docs: int, rng: np.random.Generator) -> list[tuple[list[Span], list[Span]]]:
    """About 8 reference entities per document; predictions drop, shift, relabel, add."""
    docs = []
    for _ in range(n_docs):
        starts = np.sort(rng.choice(np.arange(0, 2000, 20), size=8, replace=False))
        ref = [Span(int(s), int(s + rng.integers(2, 15)), str(rng.choice(LABELS))) for s in starts]
        pred = []
        for span in ref:
            roll = rng.random()
            if roll < 0.1:
                continue
            start = span.start + int(roll < 0.3) * int(rng.integers(-1, 2))
            label = str(rng.choice(LABELS)) if roll > 0.9 else span.label
            pred.append(Span(max(start, 0), span.end, label))
        if rng.random() < 0.3:
            pred.append(Span(2005, 2010, "MISC"))
        docs.append((pred, ref))
    return docs


def make_conversation(seconds: float, rng: np.random.Generator) -> tuple[list, list]:
    """Reference turns of 1-10 s; hypothesis jitters boundaries and confuses 5% of turns.

    Turns overlap across speakers but never within one: pyannote counts a speaker's
    self-overlap twice, goldlabel once, and the table compares equal work.
    """
    ref, hyp, t = [], [], 0.0
    ref_free, hyp_free = [0.0] * 4, [0.0] * 4  # when each speaker is free again
    while t < seconds:
        dur = float(rng.uniform(1, 10))
        spk = int(rng.integers(4))
        start = max(t, ref_free[spk])
        ref.append((start, t + dur, f"spk{spk}"))
        ref_free[spk] = t + dur
        guess = spk if rng.random() > 0.05 else int(rng.integers(4))
        s = max(t + float(rng.normal(0, 0.2)), hyp_free[guess], 0.0)
        e = t + dur + float(rng.normal(0, 0.2))
        if e > s:
            hyp.append((s, e, f"h{guess}"))
            hyp_free[guess] = e
        t += dur + float(rng.uniform(-0.5, 1.0))  # some overlap, some silence
    return ref, hyp


def bench_spans(n_docs: int, repeats: int, rows: list[list[str]]) -> None:
    from nervaluate import Evaluator

    docs = make_spans(n_docs, np.random.default_rng(0))
    true = [[{"label": s.label, "start": s.start, "end": s.end} for s in r] for _, r in docs]
    pred = [[{"label": s.label, "start": s.start, "end": s.end} for s in p] for p, _ in docs]
    peer, _ = median_time(lambda: Evaluator(true, pred, tags=LABELS, loader="dict").evaluate(), repeats)
    for mode in ("exact", "partial"):
        ours, _ = median_time(lambda m=mode: [score_spans(p, r, mode=m) for p, r in docs], repeats)
        rows.append(
            [
                f"spans {mode}",
                f"{n_docs:,} annotations",
                f"{ours:.3f}",
                "nervaluate",
                f"{peer:.3f}",
                f"{peer / ours:.2f}",
            ]
        )


def bench_der(seconds: float, repeats: int, rows: list[list[str]]) -> None:
    from pyannote.core import Annotation
    from pyannote.core import Segment as PyannoteSegment
    from pyannote.metrics.diarization import DiarizationErrorRate

    warnings.filterwarnings("ignore", module="pyannote")
    ref, hyp = make_conversation(seconds, np.random.default_rng(1))

    def annotation(segments: list) -> Annotation:
        ann = Annotation()
        for k, (s, e, who) in enumerate(segments):
            ann[PyannoteSegment(s, e), k] = who
        return ann

    ref_ann, hyp_ann = annotation(ref), annotation(hyp)
    ref_seg = [Segment(*r) for r in ref]
    hyp_seg = [Segment(*h) for h in hyp]
    for collar in (0.0, 0.5):
        ours, mine = median_time(lambda c=collar: score_diarization(hyp_seg, ref_seg, collar=c), repeats)
        peer, theirs = median_time(lambda c=collar: DiarizationErrorRate(collar=c)(ref_ann, hyp_ann), repeats)
        assert abs(mine.der - theirs) < 1e-9, (mine.der, theirs)
        rows.append(
            [
                f"DER collar={collar}",
                f"{seconds / 60:.0f} min, {len(ref)} turns",
                f"{ours:.3f}",
                "pyannote.metrics",
                f"{peer:.3f}",
                f"{peer / ours:.2f}",
            ]
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller inputs, fewer repeats")
    args = parser.parse_args()
    n_docs, seconds, repeats = (1_000, 600.0, 3) if args.quick else (10_000, 3600.0, 5)
    rows: list[list[str]] = []
    bench_spans(n_docs, repeats, rows)
    bench_der(seconds, repeats, rows)
    header = ["task", "size", "goldlabel (s)", "peer", "peer (s)", "ratio peer/ours"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
