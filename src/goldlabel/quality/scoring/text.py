"""Transcriptions and free text: WER/CER with alignment diffs, edit similarity.

WER and CER come from jiwer (the reference implementation ASR people compare against);
free text uses rapidfuzz's normalised Levenshtein, which jiwer itself is built on.
Arguments are ``(pred, ref)`` like every goldlabel scorer — the reverse of jiwer's order.
"""

from __future__ import annotations

import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import jiwer
from rapidfuzz.distance import Levenshtein

Unit = Literal["word", "char"]
Op = Literal["equal", "substitute", "insert", "delete"]
_RAPIDFUZZ_OPS: dict[str, Op] = {
    "equal": "equal",
    "replace": "substitute",
    "insert": "insert",
    "delete": "delete",
}


@dataclass(frozen=True, slots=True)
class AlignmentOp:
    """One aligned stretch: ``ref`` text turned into ``pred`` text by ``op``.

    Word stretches are joined with single spaces; ``insert`` has empty ``ref`` and
    ``delete`` empty ``pred``.
    """

    op: Op
    ref: str
    pred: str


@dataclass(frozen=True, slots=True)
class TranscriptionScore:
    """``score`` = max(0, 1 − ``error_rate``); error rate = (S + D + I) / reference length."""

    score: float
    error_rate: float
    unit: Unit
    hits: int
    substitutions: int
    deletions: int
    insertions: int
    alignment: tuple[AlignmentOp, ...]


@dataclass(frozen=True, slots=True)
class TextScore:
    """``score`` is the normalised Levenshtein similarity; ``distance`` the raw edit count."""

    score: float
    distance: int
    alignment: tuple[AlignmentOp, ...]


OPS: dict[str, Op] = {"equal": "equal", "substitute": "substitute", "insert": "insert", "delete": "delete"}


@lru_cache(maxsize=1)
def _punctuation_table() -> dict[int, None]:
    return {i: None for i in range(sys.maxunicode + 1) if unicodedata.category(chr(i)).startswith("P")}


class RemovePunctuation(jiwer.AbstractTransform):
    """jiwer's ``RemovePunctuation`` (drops every Unicode "P*" character) as one
    ``str.translate`` instead of one ``str.replace`` per punctuation character, and typed
    (jiwer's constructor is not, which strict mypy refuses to call)."""

    def process_string(self, s: str) -> str:
        return s.translate(_punctuation_table())


@lru_cache(maxsize=16)
def normalizer(*, lowercase: bool, strip_punctuation: bool, collapse_whitespace: bool) -> jiwer.Compose:
    """String-to-string clean-up shared by every text scorer."""
    steps: list[jiwer.AbstractTransform] = []
    if lowercase:
        steps.append(jiwer.ToLowerCase())
    if strip_punctuation:
        steps.append(RemovePunctuation())
    if collapse_whitespace:
        steps += [jiwer.SubstituteRegexes({r"\s+": " "}), jiwer.Strip()]
    return jiwer.Compose(steps)


@lru_cache(maxsize=16)
def _jiwer_transform(
    unit: Unit, *, lowercase: bool, strip_punctuation: bool, collapse_whitespace: bool
) -> jiwer.Compose:
    norm = normalizer(
        lowercase=lowercase,
        strip_punctuation=strip_punctuation,
        collapse_whitespace=collapse_whitespace,
    )
    reduce = jiwer.ReduceToListOfListOfWords() if unit == "word" else jiwer.ReduceToListOfListOfChars()
    return jiwer.Compose([*norm.transforms, reduce])


def _check_text(**texts: object) -> None:
    for name, value in texts.items():
        if not isinstance(value, str):
            raise ValueError(f"{name} must be a string, got {type(value).__name__}")


def _normalize_pair(
    a: str, b: str, *, lowercase: bool, strip_punctuation: bool, collapse_whitespace: bool
) -> tuple[str, str]:
    _check_text(a=a, b=b)
    norm = normalizer(
        lowercase=lowercase,
        strip_punctuation=strip_punctuation,
        collapse_whitespace=collapse_whitespace,
    )
    return norm(a), norm(b)


def score_transcription(
    pred: str,
    ref: str,
    *,
    unit: Unit = "word",
    lowercase: bool = False,
    strip_punctuation: bool = False,
    collapse_whitespace: bool = True,
) -> TranscriptionScore:
    """WER (or CER with ``unit="char"``) of ``pred`` against ``ref`` plus its alignment.

    An empty reference gives an error rate equal to the number of inserted tokens
    (jiwer's convention), so any non-empty answer to an empty reference scores 0.
    """
    _check_text(pred=pred, ref=ref)
    if unit not in ("word", "char"):
        raise ValueError(f"unit must be 'word' or 'char', got {unit!r}")
    transform = _jiwer_transform(
        unit,
        lowercase=lowercase,
        strip_punctuation=strip_punctuation,
        collapse_whitespace=collapse_whitespace,
    )
    process = jiwer.process_words if unit == "word" else jiwer.process_characters
    out = process(ref, pred, reference_transform=transform, hypothesis_transform=transform)
    rate = float(out.wer) if isinstance(out, jiwer.WordOutput) else float(out.cer)
    joiner = " " if unit == "word" else ""
    ref_tokens, hyp_tokens = out.references[0], out.hypotheses[0]
    alignment = tuple(
        AlignmentOp(
            op=OPS[chunk.type],
            ref=joiner.join(ref_tokens[chunk.ref_start_idx : chunk.ref_end_idx]),
            pred=joiner.join(hyp_tokens[chunk.hyp_start_idx : chunk.hyp_end_idx]),
        )
        for chunk in out.alignments[0]
    )
    return TranscriptionScore(
        score=max(0.0, 1.0 - rate),
        error_rate=rate,
        unit=unit,
        hits=out.hits,
        substitutions=out.substitutions,
        deletions=out.deletions,
        insertions=out.insertions,
        alignment=alignment,
    )


def word_error_rate(
    pred: str,
    ref: str,
    *,
    lowercase: bool = False,
    strip_punctuation: bool = False,
    collapse_whitespace: bool = True,
) -> float:
    """(S + D + I) / N over words; may exceed 1 when the answer is much longer."""
    return score_transcription(
        pred,
        ref,
        unit="word",
        lowercase=lowercase,
        strip_punctuation=strip_punctuation,
        collapse_whitespace=collapse_whitespace,
    ).error_rate


def char_error_rate(
    pred: str,
    ref: str,
    *,
    lowercase: bool = False,
    strip_punctuation: bool = False,
    collapse_whitespace: bool = True,
) -> float:
    """(S + D + I) / N over characters (spaces included, as in jiwer)."""
    return score_transcription(
        pred,
        ref,
        unit="char",
        lowercase=lowercase,
        strip_punctuation=strip_punctuation,
        collapse_whitespace=collapse_whitespace,
    ).error_rate


def score_text(
    pred: str,
    ref: str,
    *,
    lowercase: bool = False,
    strip_punctuation: bool = False,
    collapse_whitespace: bool = True,
) -> TextScore:
    """Free-text answer vs reference: Levenshtein similarity and a character diff."""
    p, r = _normalize_pair(
        pred,
        ref,
        lowercase=lowercase,
        strip_punctuation=strip_punctuation,
        collapse_whitespace=collapse_whitespace,
    )
    alignment = tuple(
        AlignmentOp(
            op=_RAPIDFUZZ_OPS[op.tag],
            ref=r[op.src_start : op.src_end],
            pred=p[op.dest_start : op.dest_end],
        )
        for op in Levenshtein.opcodes(r, p)
    )
    return TextScore(
        score=float(Levenshtein.normalized_similarity(r, p)),
        distance=int(Levenshtein.distance(r, p)),
        alignment=alignment,
    )


def edit_similarity(
    a: str,
    b: str,
    *,
    lowercase: bool = False,
    strip_punctuation: bool = False,
    collapse_whitespace: bool = True,
) -> float:
    """1 − Levenshtein distance / length of the longer string; symmetric, 1 for equal text."""
    a, b = _normalize_pair(
        a,
        b,
        lowercase=lowercase,
        strip_punctuation=strip_punctuation,
        collapse_whitespace=collapse_whitespace,
    )
    return float(Levenshtein.normalized_similarity(a, b))
