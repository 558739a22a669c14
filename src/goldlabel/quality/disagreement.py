"""Which labels annotators confuse with which: pairwise splits on shared items, ranked.

Knows nothing of projects or control types. The input is, per task, each worker's answer as a
set of labels (a single or multiple choice, a rating) or as labelled regions (spans, segments,
boxes), and optionally each task's final label set. The output is one :class:`Case` per
unordered label pair, ranked by :func:`rank_cases`'s score:

    score = (splits + rejections) · spread,   spread = k / (k + 1)

- ``splits`` (how often): the sum over tasks of the share of that task's worker pairs that
  split between the two labels — a task split evenly by two workers counts 1, a task where one
  of five workers disagrees counts 0.4 (4 of its 10 pairs);
- ``rejections``: reviewer rejections of answers using either label on those tasks (the
  caller counts them);
- ``spread`` (how persistently): ``k`` is the number of distinct workers who answered against
  the final label on those tasks (without a final label deciding between the two, every worker
  on either side counts). A confusion one careless worker makes weighs half (k = 1); one that
  many workers make is an ambiguity of the guideline and approaches its full weight.

Ties break by the number of tasks, then the labels' order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

Task = Hashable
Worker = Hashable


@dataclass(frozen=True, slots=True)
class Split:
    """On ``task``, ``worker_a`` answered ``label_a`` where ``worker_b`` answered ``label_b``
    (``label_a`` before ``label_b`` in the label order). ``weight`` in (0, 1]: one worker
    pair's disagreement, shared among the label pairs it involves."""

    task: Task
    label_a: str
    label_b: str
    worker_a: Worker
    worker_b: Worker
    weight: float


def _ordered(x: str, y: str, order: Mapping[str, int]) -> bool:
    return (order.get(x, len(order)), x) <= (order.get(y, len(order)), y)


def set_splits(
    answers: Mapping[Any, Mapping[Any, Collection[str]]], *, label_order: Sequence[str] = ()
) -> list[Split]:
    """Splits between set-valued answers: for each pair of workers on a task, every label one
    gave and the other did not against every label the other gave and the first did not, the
    pair's weight 1 shared equally among those label pairs (a single choice: one pair, weight 1)."""
    order = {label: i for i, label in enumerate(label_order)}
    splits: list[Split] = []
    for task, by_worker in answers.items():
        sets = {w: frozenset(v) for w, v in by_worker.items()}
        for wa, wb in combinations(sorted(sets, key=repr), 2):
            only_a, only_b = sets[wa] - sets[wb], sets[wb] - sets[wa]
            if not only_a or not only_b:
                continue
            weight = 1.0 / (len(only_a) * len(only_b))
            for x in sorted(only_a):
                for y in sorted(only_b):
                    if _ordered(x, y, order):
                        splits.append(Split(task, x, y, wa, wb, weight))
                    else:
                        splits.append(Split(task, y, x, wb, wa, weight))
    return splits


Region = tuple[Sequence[float], str]  # (geometry, label)


def interval_iou(a: Sequence[float], b: Sequence[float]) -> float:
    """IoU of two half-open intervals ``(start, end)``."""
    inter = max(0.0, min(a[1], b[1]) - max(a[0], b[0]))
    union = (a[1] - a[0]) + (b[1] - b[0]) - inter
    return inter / union if union > 0 else 0.0


def box_iou(a: Sequence[float], b: Sequence[float]) -> float:
    """IoU of two boxes ``(x, y, width, height)``."""
    w = max(0.0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    h = max(0.0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    inter = w * h
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union > 0 else 0.0


def region_splits(
    answers: Mapping[Any, Mapping[Any, Sequence[Region]]],
    *,
    iou: Callable[[Sequence[float], Sequence[float]], float],
    min_iou: float = 0.5,
    label_order: Sequence[str] = (),
) -> list[Split]:
    """Splits between labelled regions: for each pair of workers on a task, their regions are
    matched greedily by IoU (highest first, at least ``min_iou``, each region once); a matched
    pair with different labels is a split of weight 1."""
    if not 0 < min_iou <= 1:
        raise ValueError(f"min_iou must be in (0, 1], got {min_iou!r}")
    order = {label: i for i, label in enumerate(label_order)}
    splits: list[Split] = []
    for task, by_worker in answers.items():
        for wa, wb in combinations(sorted(by_worker, key=repr), 2):
            ra, rb = by_worker[wa], by_worker[wb]
            candidates = sorted(
                ((iou(ga, gb), i, j) for i, (ga, _) in enumerate(ra) for j, (gb, _) in enumerate(rb)),
                key=lambda c: (-c[0], c[1], c[2]),
            )
            used_a: set[int] = set()
            used_b: set[int] = set()
            for value, i, j in candidates:
                if value < min_iou:
                    break
                if i in used_a or j in used_b:
                    continue
                used_a.add(i)
                used_b.add(j)
                x, y = ra[i][1], rb[j][1]
                if x == y:
                    continue
                if _ordered(x, y, order):
                    splits.append(Split(task, x, y, wa, wb, 1.0))
                else:
                    splits.append(Split(task, y, x, wb, wa, 1.0))
    return splits


@dataclass(slots=True)
class WorkerSide:
    """One worker on a case: tasks where they gave each label, and where they went against
    the final label."""

    gave_a: int = 0
    gave_b: int = 0
    against_final: int = 0


@dataclass(slots=True)
class Case:
    """An unordered label pair and everything :func:`rank_cases` found about it.

    ``tasks`` maps each task to the share of its worker pairs that split between the labels;
    ``workers`` who was on which side; ``splits`` Σ of ``tasks``' shares; ``against_final``
    answers on the wrong side of a final label; ``spread`` k/(k+1); ``score`` as in the module
    docstring."""

    label_a: str
    label_b: str
    tasks: dict[Task, float] = field(default_factory=dict)
    workers: dict[Worker, WorkerSide] = field(default_factory=dict)
    splits: float = 0.0
    against_final: int = 0
    rejections: int = 0
    spread: float = 0.0
    score: float = 0.0


def worker_pairs(n_workers: int) -> int:
    return n_workers * (n_workers - 1) // 2


def rank_cases(
    splits: Sequence[Split],
    *,
    workers_per_task: Mapping[Any, int],
    final: Mapping[Any, Collection[str]] | None = None,
    rejections: Mapping[tuple[str, str], int] | None = None,
    label_order: Sequence[str] = (),
) -> list[Case]:
    """The cases of ``splits``, highest score first (see the module docstring).

    ``workers_per_task``: how many workers answered each task (the share's denominator is its
    number of worker pairs); ``final``: the task's final label set, which decides who answered
    against it; ``rejections``: per (label_a, label_b) key, rejected answers to add."""
    cases: dict[tuple[str, str], Case] = {}
    weights: dict[tuple[str, str], dict[Task, float]] = defaultdict(lambda: defaultdict(float))
    sides: dict[tuple[str, str], dict[Worker, tuple[set[Task], set[Task], set[Task]]]] = defaultdict(dict)
    for s in splits:
        key = (s.label_a, s.label_b)
        cases.setdefault(key, Case(s.label_a, s.label_b))
        weights[key][s.task] += s.weight
        per_worker = sides[key]
        gave_a = per_worker.setdefault(s.worker_a, (set(), set(), set()))
        gave_b = per_worker.setdefault(s.worker_b, (set(), set(), set()))
        gave_a[0].add(s.task)
        gave_b[1].add(s.task)
        decided = final.get(s.task) if final is not None else None
        if decided is not None:
            if s.label_a in decided and s.label_b not in decided:
                gave_b[2].add(s.task)
            elif s.label_b in decided and s.label_a not in decided:
                gave_a[2].add(s.task)
    order = {label: i for i, label in enumerate(label_order)}
    for key, case in cases.items():
        for task, w in weights[key].items():
            pairs = worker_pairs(workers_per_task.get(task, 2))
            case.tasks[task] = min(1.0, w / pairs) if pairs else 1.0
        for worker, (a, b, against) in sides[key].items():
            case.workers[worker] = WorkerSide(len(a), len(b), len(against))
        case.splits = sum(case.tasks.values())
        case.against_final = sum(side.against_final for side in case.workers.values())
        against_workers = sum(1 for side in case.workers.values() if side.against_final)
        k = against_workers or len(case.workers)
        case.spread = k / (k + 1)
        case.rejections = (rejections or {}).get(key, 0)
        case.score = (case.splits + case.rejections) * case.spread
    return sorted(
        cases.values(),
        key=lambda c: (
            -c.score,
            -len(c.tasks),
            order.get(c.label_a, len(order)),
            order.get(c.label_b, len(order)),
            c.label_a,
            c.label_b,
        ),
    )
