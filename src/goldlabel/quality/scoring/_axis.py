"""1-D axis helpers: which labels cover which cells, and label votes along the axis.

Voting per character (or per video frame) costs O(length); cutting the axis at every
annotated boundary gives pieces on which every annotator's answer is constant, so the
vote is exact and costs O(number of boundaries) whatever the text or media length.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def cover(lo: np.ndarray, hi: np.ndarray, rows: np.ndarray, *, n_rows: int, n_cells: int) -> np.ndarray:
    """Boolean (n_rows, n_cells): row ``rows[k]`` is on over cells ``lo[k]:hi[k]``.

    Difference arrays plus a cumulative sum: overlapping ranges of one row count once.
    """
    delta = np.zeros((n_rows, n_cells + 1), dtype=np.int64)
    np.add.at(delta, (rows, lo), 1)
    np.add.at(delta, (rows, hi), -1)
    return np.cumsum(delta, axis=1)[:, :n_cells] > 0


def resolve_quorum(quorum: int | None, n_annotators: int) -> int:
    """Default to a strict majority; refuse quorums no answer could reach."""
    if n_annotators < 1:
        raise ValueError("need at least one annotation to aggregate")
    q = n_annotators // 2 + 1 if quorum is None else quorum
    if not 1 <= q <= n_annotators:
        raise ValueError(f"quorum must be in [1, {n_annotators}], got {q}")
    return q


def vote_runs(
    annotations: Sequence[Sequence[tuple[float, float, str]]], *, quorum: int | None
) -> list[tuple[float, float, str, float]]:
    """Runs ``(start, end, label, support)`` where a label won at least ``quorum`` votes.

    Each piece of the axis goes to the label with the most annotators (ties: the
    alphabetically first label); ``support`` is the length-weighted mean fraction of
    annotators voting for the winner over the run.
    """
    n = len(annotations)
    q = resolve_quorum(quorum, n)
    flat = [iv for ann in annotations for iv in ann]
    if not flat:
        return []
    labels = sorted({lab for _, _, lab in flat})
    code = {lab: i for i, lab in enumerate(labels)}
    edges = np.unique(np.array([x for s, e, _ in flat for x in (s, e)], dtype=np.float64))
    n_pieces = len(edges) - 1
    votes = np.zeros((len(labels), n_pieces), dtype=np.int64)
    for ann in annotations:
        if not ann:
            continue
        lab = np.array([code[iv[2]] for iv in ann], dtype=np.int64)
        lo = np.searchsorted(edges, [iv[0] for iv in ann])
        hi = np.searchsorted(edges, [iv[1] for iv in ann])
        votes += cover(lo, hi, lab, n_rows=len(labels), n_cells=n_pieces)
    winner = votes.argmax(axis=0)
    top = votes[winner, np.arange(n_pieces)]
    kept = top >= q
    # A run starts where a kept piece follows a dropped piece or a different winner.
    starts_run = kept & ~np.concatenate(([False], kept[:-1] & (winner[1:] == winner[:-1])))
    run_id = np.cumsum(starts_run) - 1
    idx = np.flatnonzero(kept)
    if idx.size == 0:
        return []
    widths = np.diff(edges)[idx]
    rid = run_id[idx]
    n_runs = int(rid[-1]) + 1
    run_len = np.bincount(rid, weights=widths, minlength=n_runs)
    run_support = np.bincount(rid, weights=widths * top[idx] / n, minlength=n_runs) / run_len
    first = idx[np.flatnonzero(starts_run[idx])]
    last = np.append(idx[np.flatnonzero(np.diff(rid))], idx[-1])
    return [
        (float(edges[f]), float(edges[la + 1]), labels[winner[f]], float(sup))
        for f, la, sup in zip(first, last, run_support, strict=True)
    ]
