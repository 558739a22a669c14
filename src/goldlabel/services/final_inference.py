"""Truth inference for one categorical control of a project's final labels: the project's
method (majority vote, Dawid-Skene, one-coin, GLAD, MACE) over its answers, with the honeypot
weighting the consensus settings ask for.

Pure apart from the quality engine (no DB): ``services.final_labels`` gathers the answers and
the annotators' honeypot accuracy and calls :func:`infer`.

``weighted`` means, per method:

- majority vote: each annotator's vote weighs their honeypot accuracy (annotators without
  honeypot answers weigh the mean of those with some, or 1 when nobody has any);
- the truth-inference models (Dawid-Skene and kin) estimate every annotator's reliability
  themselves; weighting feeds them the annotators' honeypot answers as extra tasks whose true
  label is known (crowd-kit's ``true_labels``), so the honeypots anchor each annotator's
  confusions instead of the production answers alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from goldlabel.services.consensus_settings import ConsensusMethod

MIN_WEIGHT = 0.01  # a vote of weight 0 would leave a task whose voters all scored 0 without a label
_N_ITER = 100


@dataclass(frozen=True, slots=True)
class Anchors:
    """Honeypot answers with their known labels: ``answers[task][author] = value`` and
    ``truth[task] = reference`` (task ids are the honeypot items' ids)."""

    answers: dict[int, dict[int, Any]] = field(default_factory=dict)
    truth: dict[int, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Inferred:
    label: Any
    confidence: float


def _model(method: ConsensusMethod) -> Any:
    from goldlabel.quality.aggregation import GLAD, MACE, DawidSkene, OneCoinDawidSkene

    if method == "dawid_skene":
        return DawidSkene(n_iter=_N_ITER)
    if method == "one_coin":
        return OneCoinDawidSkene(n_iter=_N_ITER)
    if method == "glad":
        return GLAD(n_iter=_N_ITER)
    return MACE(random_state=0)


def _table(per_item: Mapping[int, Mapping[int, Any]]) -> dict[str, list[Any]]:
    table: dict[str, list[Any]] = {"task": [], "worker": [], "label": []}
    for item_id, by_author in per_item.items():
        for author, value in by_author.items():
            table["task"].append(item_id)
            table["worker"].append(author)
            table["label"].append(value)
    return table


def vote_weights(accuracy: Mapping[int, float], authors: set[int]) -> dict[int, float]:
    """Each author's vote weight from their honeypot accuracy (see the module docstring)."""
    known = [a for a in accuracy.values()]
    default = sum(known) / len(known) if known else 1.0
    return {a: max(MIN_WEIGHT, accuracy.get(a, default)) for a in authors}


def infer(
    method: ConsensusMethod,
    per_item: Mapping[int, Mapping[int, Any]],
    *,
    accuracy: Mapping[int, float] | None = None,
    anchors: Anchors | None = None,
) -> dict[int, Inferred]:
    """The label and confidence of every item of ``per_item`` (item -> author -> label).

    ``accuracy`` (author -> honeypot accuracy) weighs majority votes; ``anchors`` (honeypot
    answers with their truth) join the truth-inference fit with their labels known. Either
    None: unweighted. Items without answers are absent."""
    per_item = {i: a for i, a in per_item.items() if a}
    if not per_item:
        return {}
    from goldlabel.quality.aggregation import MajorityVote

    if method == "majority_vote":
        table = _table(per_item)
        if accuracy is not None:
            skills = vote_weights(accuracy, set(table["worker"]))
            probas = MajorityVote().fit_predict_proba(table, skills=skills)
        else:
            probas = MajorityVote().fit_predict_proba(table)
    else:
        truth: dict[int, Any] = {}
        fit_items: dict[int, Mapping[int, Any]] = dict(per_item)
        if anchors is not None and anchors.answers:
            labels = {v for a in per_item.values() for v in a.values()}
            for task, by_author in anchors.answers.items():
                ref = anchors.truth.get(task)
                # Only answers in the production label space: a label nobody used in production
                # would add a class the posteriors then spread mass over.
                kept = {a: v for a, v in by_author.items() if v in labels}
                if ref in labels and kept and task not in fit_items:
                    fit_items[task] = kept
                    truth[task] = ref
        model = _model(method)
        table = _table(fit_items)
        probas = (
            model.fit_predict_proba(table, true_labels=truth) if truth else model.fit_predict_proba(table)
        )
    matrix = probas.to_numpy()
    best = matrix.argmax(axis=1)
    columns = probas.columns.to_numpy()
    out: dict[int, Inferred] = {}
    for row, task in enumerate(probas.index):
        item_id = int(task)
        if item_id in per_item:
            label = columns[best[row]]
            out[item_id] = Inferred(
                label.item() if hasattr(label, "item") else label, float(matrix[row, best[row]])
            )
    return out
