"""Annotator scorecards: each annotator against the leave-one-out consensus of the others.

The rule, the same for everyone (docs/API.md, "Quality"):

- On every item an annotator shares with at least one other, their answer is compared with
  the consensus of the *others* on that item (never with a consensus they voted in).
- The others' votes weigh what each of them scores in a first pass of this same rule with
  equal votes: when a contrarian splits two others one-one, the one who agrees with the
  rest of the team more often carries the item. Who answered first, or whose name sorts
  first, never decides.
- Single choices: the others' consensus is the label with the most (weighted) votes. When
  several labels tie, each is worth an equal share: an annotator whose label is one of k
  tied labels scores 1/k on that item, whoever they are.
- Other controls: with one other annotator, their answer; with two, the answer of the one
  with the larger weight (an equal share of each on a tie); with three or more, the
  control's own aggregate of their answers, taken in canonical order. The item scores 1 -
  the control's distance to it.
- ``agreement_with_consensus`` is the mean score; ``reliability`` corrects it for chance on
  single choices, Cohen's kappa against that consensus: (p_o - p_e) / (1 - p_e) with p_e
  from the annotator's label frequencies and the consensus's (ties shared as above). With two
  annotators both get the kappa of the pair. Other controls have no chance model, so their
  reliability is their agreement.
- Each rate carries ``n`` (items compared) and is ``too_few`` under ``MIN_ITEMS_FOR_RATE``.

(A Dawid-Skene skill is not used here: with two annotators the model cannot tell who is
right on a disagreement, and its class priors settled every tie for one of them.)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from goldlabel.controls.base import ControlSpec
from goldlabel.core.limits import MIN_ITEMS_FOR_RATE
from goldlabel.services.quality.consensus import is_inferred
from goldlabel.services.quality.submissions import Submissions, canonical, ctype, in_canonical_order
from goldlabel.services.views import Rate

# A chance agreement this close to 1 leaves nothing to correct: kappa is undefined.
_DEGENERATE = 1e-12
# Weighted votes this close (relatively) are a tie; a weight never drops to zero.
_TIE = 1e-9
_FLOOR = 1e-3


def control_scorecards(spec: ControlSpec, submissions: Submissions) -> dict[str, dict[str, Any]]:
    """``{author_id: {"agreement", "reliability", "n"}}`` for one control."""
    per_item = {i: a for i, a in submissions.answers[spec.name].items() if len(a) >= 2}
    if is_inferred(spec):
        first = _categorical(per_item, weights=None)
        cards = _categorical(per_item, weights=_weights(first))
    else:
        first = _by_distance(spec, per_item, submissions.data, weights=None)
        cards = _by_distance(spec, per_item, submissions.data, weights=_weights(first))
    return {str(author): card for author, card in cards.items()}  # JSON keys


def _weights(first: dict[int, dict[str, Any]]) -> dict[int, float]:
    """Each annotator's first-pass agreement, floored so every vote still counts a little."""
    return {author: max(card["agreement"], 0.0) + _FLOOR for author, card in first.items()}


def _categorical(
    per_item: dict[int, dict[int, Any]], *, weights: dict[int, float] | None
) -> dict[int, dict[str, Any]]:
    scores: dict[int, list[float]] = defaultdict(list)
    own: dict[int, Counter[str]] = defaultdict(Counter)
    reference: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for by_author in per_item.values():
        for author, label in by_author.items():
            votes: dict[str, float] = defaultdict(float)
            for other, theirs in by_author.items():
                if other != author:  # leave the annotator out
                    votes[theirs] += 1.0 if weights is None else weights[other]
            top = max(votes.values())
            tied = [lab for lab, v in votes.items() if top - v <= _TIE * top]
            scores[author].append(1.0 / len(tied) if label in tied else 0.0)
            own[author][label] += 1
            for lab in tied:
                reference[author][lab] += 1.0 / len(tied)
    result = {}
    for author, values in scores.items():
        n = len(values)
        p_o = sum(values) / n
        p_e = sum(own[author][lab] * share for lab, share in reference[author].items()) / (n * n)
        kappa = None if 1.0 - p_e < _DEGENERATE else (p_o - p_e) / (1.0 - p_e)
        result[author] = {"agreement": p_o, "reliability": kappa, "n": n}
    return result


def _by_distance(
    spec: ControlSpec,
    per_item: dict[int, dict[int, Any]],
    data: dict[int, dict[str, Any]],
    *,
    weights: dict[int, float] | None,
) -> dict[int, dict[str, Any]]:
    control = ctype(spec)
    distances: dict[tuple[str, str], float] = {}

    def agreement(a: Any, b: Any) -> float:
        key = (canonical(a), canonical(b))
        if key not in distances:
            distances[key] = control.distance(spec, a, b)
        return 1.0 - distances[key]

    scores: dict[int, list[float]] = defaultdict(list)
    for item_id, by_author in per_item.items():
        for author, value in by_author.items():
            others = {a: v for a, v in by_author.items() if a != author}
            if len(others) >= 3:  # a majority to aggregate
                ref = control.aggregate(
                    spec, in_canonical_order(list(others.values())), data.get(item_id, {})
                )
                scores[author].append(agreement(value, ref.value))
                continue
            # one other: their answer; two: the more reliable one's, or an equal share of each
            weight = {a: 1.0 if weights is None else weights[a] for a in others}
            top = max(weight.values())
            tied = [v for a, v in others.items() if top - weight[a] <= _TIE * top]
            scores[author].append(sum(agreement(value, v) for v in tied) / len(tied))
    result = {}
    for author, values in scores.items():
        mean = sum(values) / len(values)
        result[author] = {"agreement": mean, "reliability": mean, "n": len(values)}
    return result


def rate(value: float | None, n: int) -> Rate:
    return Rate(value=value, n=n, too_few=n < MIN_ITEMS_FOR_RATE)
