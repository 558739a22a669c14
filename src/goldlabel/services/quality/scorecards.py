"""Annotator scorecards: each annotator against the leave-one-out consensus of the others.

The rule, the same for everyone (docs/API.md, "Quality"):

- On every item an annotator shares with at least one other, their answer is compared with
  the consensus of the *others* on that item (never with a consensus they voted in).
- Single choices: the others' consensus is their most frequent label. When several labels
  tie, each tied label is worth an equal share: an annotator whose label is one of k tied
  labels scores 1/k on that item (with two others who disagree, one half), whoever they are.
- Other controls: the control's own aggregate of the others' answers, taken in canonical
  order so that no tie is broken by who answered or when; with one other annotator, their
  answer. The item scores 1 - the control's distance to it.
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


def control_scorecards(spec: ControlSpec, submissions: Submissions) -> dict[str, dict[str, Any]]:
    """``{author_id: {"agreement", "reliability", "n"}}`` for one control (JSON keys)."""
    per_item = submissions.answers[spec.name]
    if is_inferred(spec):
        return _categorical(per_item)
    return _by_distance(spec, per_item, submissions.data)


def _categorical(per_item: dict[int, dict[int, Any]]) -> dict[str, dict[str, Any]]:
    scores: dict[int, list[float]] = defaultdict(list)
    own: dict[int, Counter[str]] = defaultdict(Counter)
    reference: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for by_author in per_item.values():
        if len(by_author) < 2:
            continue
        counts = Counter(by_author.values())
        for author, label in by_author.items():
            counts[label] -= 1  # leave the annotator out
            top = max(counts.values())
            tied = [lab for lab, c in counts.items() if c == top]
            scores[author].append(1.0 / len(tied) if label in tied else 0.0)
            own[author][label] += 1
            for lab in tied:
                reference[author][lab] += 1.0 / len(tied)
            counts[label] += 1
    result = {}
    for author, values in scores.items():
        n = len(values)
        p_o = sum(values) / n
        p_e = sum(own[author][lab] * share for lab, share in reference[author].items()) / (n * n)
        kappa = None if 1.0 - p_e < _DEGENERATE else (p_o - p_e) / (1.0 - p_e)
        result[str(author)] = {"agreement": p_o, "reliability": kappa, "n": n}
    return result


def _by_distance(
    spec: ControlSpec, per_item: dict[int, dict[int, Any]], data: dict[int, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    control = ctype(spec)
    distances: dict[tuple[str, str], float] = {}
    scores: dict[int, list[float]] = defaultdict(list)
    for item_id, by_author in per_item.items():
        if len(by_author) < 2:
            continue
        for author, value in by_author.items():
            others = [v for a, v in by_author.items() if a != author]
            if len(others) == 1:
                ref = others[0]
            else:
                ref = control.aggregate(spec, in_canonical_order(others), data.get(item_id, {})).value
            key = (canonical(value), canonical(ref))
            if key not in distances:
                distances[key] = control.distance(spec, value, ref)
            scores[author].append(1.0 - distances[key])
    result = {}
    for author, values in scores.items():
        mean = sum(values) / len(values)
        result[str(author)] = {"agreement": mean, "reliability": mean, "n": len(values)}
    return result


def rate(value: float | None, n: int) -> Rate:
    return Rate(value=value, n=n, too_few=n < MIN_ITEMS_FOR_RATE)
