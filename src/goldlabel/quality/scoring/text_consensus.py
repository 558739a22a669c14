"""Consensus of several transcriptions of the same audio.

The medoid (the transcription with least total WER to the others) is a safe pick: it is
always a text somebody actually typed. The aligned vote is a small ROVER (Fiscus 1997):
align every text to the medoid and let a majority fix, drop or insert single words.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import Levenshtein

from goldlabel.quality.scoring.text import normalizer


@dataclass(frozen=True, slots=True, eq=False)
class TranscriptionMedoid:
    """``wer_matrix[i, j]`` (read-only) is the WER of text i against text j as reference."""

    index: int
    text: str
    total_wer: float
    wer_matrix: np.ndarray


def _tokens(texts: Sequence[str], *, lowercase: bool, strip_punctuation: bool) -> list[list[str]]:
    if not texts:
        raise ValueError("need at least one transcription")
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            raise ValueError(f"texts[{i}] must be a string, got {type(t).__name__}")
    norm = normalizer(lowercase=lowercase, strip_punctuation=strip_punctuation, collapse_whitespace=True)
    return [norm(t).split() for t in texts]


def _wer_matrix(tokens: list[list[str]]) -> np.ndarray:
    """Read-only (n, n) word error rates, row = hypothesis, column = reference."""
    n = len(tokens)
    wer = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            if i != j:
                wer[i, j] = Levenshtein.distance(tokens[i], tokens[j]) / max(len(tokens[j]), 1)
    wer.setflags(write=False)
    return wer


def transcription_medoid(
    texts: Sequence[str], *, lowercase: bool = False, strip_punctuation: bool = False
) -> TranscriptionMedoid:
    """The text with the least total WER to the others, counted both ways (first on ties).

    WER divides by the reference's length, so summing one direction only is biased: as
    hypothesis a short outlier looks close to long texts, as reference a long one does.
    Summing both directions (``wer + wer.T``) cancels the bias.

    Word edit distances come straight from rapidfuzz on token lists — the same
    computation jiwer wraps — to avoid n² re-tokenisations.
    """
    tokens = _tokens(texts, lowercase=lowercase, strip_punctuation=strip_punctuation)
    wer = _wer_matrix(tokens)
    totals = wer.sum(axis=0) + wer.sum(axis=1)
    best = int(np.argmin(totals))
    return TranscriptionMedoid(index=best, text=texts[best], total_wer=float(totals[best]), wer_matrix=wer)


def transcription_vote(
    texts: Sequence[str], *, lowercase: bool = False, strip_punctuation: bool = False
) -> str:
    """ROVER-lite: word-level majority over alignments to the medoid.

    Each medoid word keeps, changes to, or loses its slot by plurality of the aligned
    words (ties keep the medoid's word); a phrase inserted between two medoid words is
    kept only when more than half of the texts insert exactly it. Returns normalised,
    single-space-joined words.
    """
    tokens = _tokens(texts, lowercase=lowercase, strip_punctuation=strip_punctuation)
    pivot = tokens[int(np.argmin(_wer_matrix(tokens).sum(axis=1)))]
    slots: list[Counter[str | None]] = [Counter() for _ in pivot]
    gaps: list[Counter[str]] = [Counter() for _ in range(len(pivot) + 1)]
    for other in tokens:
        for op in Levenshtein.opcodes(pivot, other):
            src = range(op.src_start, op.src_end)
            dest = other[op.dest_start : op.dest_end]
            for k, i in enumerate(src):
                slots[i][dest[k] if k < len(dest) else None] += 1
            if len(dest) > len(src):
                gaps[op.src_end][" ".join(dest[len(src) :])] += 1
    n = len(tokens)
    words: list[str] = []
    for i in range(len(pivot) + 1):
        if gaps[i]:
            phrase, count = gaps[i].most_common(1)[0]
            if count * 2 > n:
                words.append(phrase)
        if i < len(pivot):
            top = max(slots[i].values())
            winner = pivot[i] if slots[i][pivot[i]] == top else slots[i].most_common(1)[0][0]
            if winner is not None:
                words.append(winner)
    return " ".join(words)
