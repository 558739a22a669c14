"""Where agreement breaks down: per item, per annotator pair, per annotator, per project.

All four take the long (task, worker, label) table and compare labels for equality
(nominal), except :func:`project_agreement`, which computes alpha at any level. Results
are DataFrames with the columns documented on each function; kappas come from the same
:class:`CohenKappaStatistic` as :func:`cohen_kappa`, evaluated for all groups at once with
a group-indicator weight matrix.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from goldlabel.quality.agreement.alpha import Distance, alpha_statistic_from_table
from goldlabel.quality.agreement.coincidence import (
    count_matrix,
    encode_one_answer_each,
    within_row_pairs,
)
from goldlabel.quality.agreement.distances import Level
from goldlabel.quality.agreement.kappa import CohenKappaStatistic
from goldlabel.quality.table import DuplicateAnswerError, LongTable, answer_columns, plain_value


def _indicator(groups: np.ndarray, n_groups: int) -> sparse.csr_array:
    """(n_groups, len(groups)) 0/1 matrix: row g selects the items of group g."""
    n = len(groups)
    return sparse.coo_array((np.ones(n), (groups, np.arange(n))), shape=(n_groups, n)).tocsr()


def _task_counts(table: LongTable) -> tuple[sparse.csr_array, np.ndarray]:
    """Task × label counts (every task has ≥ 1 answer, so row r is task code r) + entry rows."""
    counts, _ = count_matrix(table.tasks, table.labels, table.n_tasks, table.n_labels)
    return counts, np.repeat(np.arange(table.n_tasks), np.diff(counts.indptr))


def item_agreement(data: Any) -> pd.DataFrame:
    """Per task agreement.

    Columns: ``task``; ``n_annotations``; ``pairwise_agreement`` — share of ordered pairs
    of different annotators that gave the same label (NaN with < 2 answers); ``mode_label``
    — the most frequent label (smallest in sort order when tied); ``mode_count``;
    ``mode_fraction`` = mode_count / n_annotations; ``mode_tied`` — another label is as frequent.
    """
    table, domain = encode_one_answer_each(data)
    counts, rows = _task_counts(table)
    n = np.bincount(rows, weights=counts.data, minlength=table.n_tasks)
    same = np.bincount(rows, weights=counts.data * (counts.data - 1), minlength=table.n_tasks)
    with np.errstate(divide="ignore", invalid="ignore"):
        pairwise = np.where(n >= 2, same / (n * (n - 1)), np.nan)
    top = np.maximum.reduceat(counts.data, counts.indptr[:-1])
    is_top = counts.data == top[rows]
    top_entries = np.flatnonzero(is_top)
    first_top = top_entries[np.r_[True, np.diff(rows[top_entries]) > 0]]
    return pd.DataFrame(
        {
            "task": table.task_names,
            "n_annotations": n.astype(np.int64),
            "pairwise_agreement": pairwise,
            "mode_label": domain[counts.indices[first_top]],
            "mode_count": top.astype(np.int64),
            "mode_fraction": top / n,
            "mode_tied": np.bincount(rows, weights=is_top, minlength=table.n_tasks) > 1,
        }
    )


def annotator_pair_agreement(data: Any, *, min_shared: int = 1) -> pd.DataFrame:
    """Cohen's kappa for every pair of annotators over the tasks both labelled.

    Columns: ``worker_a``, ``worker_b`` (each pair once), ``n_shared`` tasks, ``agreement``
    (fraction of shared tasks with equal labels), ``kappa`` (NaN when undefined). Pairs with
    fewer than ``min_shared`` shared tasks are left out. Cost grows with Σ (answers per task)².
    """
    if min_shared < 1:
        raise ValueError("min_shared must be ≥ 1")
    table, _ = encode_one_answer_each(data)
    order = np.argsort(table.tasks, kind="stable")
    workers, labels = table.workers[order], table.labels[order]
    indptr = np.concatenate(([0], np.cumsum(np.bincount(table.tasks, minlength=table.n_tasks))))
    _, i, j = within_row_pairs(indptr)
    keep = workers[i] < workers[j]
    i, j = i[keep], j[keep]
    pair_codes, pair_keys = pd.factorize(workers[i] * table.n_workers + workers[j], sort=True)
    statistic = CohenKappaStatistic(labels[i], labels[j], table.n_labels)
    groups = _indicator(pair_codes, len(pair_keys))
    n_shared = np.bincount(pair_codes, minlength=len(pair_keys))
    result = pd.DataFrame(
        {
            "worker_a": table.worker_names[pair_keys // table.n_workers],
            "worker_b": table.worker_names[pair_keys % table.n_workers],
            "n_shared": n_shared,
            "agreement": 1 - (groups @ statistic.disagreement()) / n_shared,
            "kappa": statistic.evaluate(groups),
        }
    )
    return result[result["n_shared"] >= min_shared].reset_index(drop=True)


def _others_mode(table: LongTable) -> np.ndarray:
    """Label the *other* annotators of each answer's task agree on by strict majority, else -1.

    Needs only each task's three largest label counts c1 ≥ c2 ≥ c3 (labels t1, t2): removing
    the answer's own label l leaves t1 a strict mode when l ≠ t1 and c1 > c2 (or l = t2 and
    c1 > c3); when l = t1, t1 stays the mode if c1 − 1 > c2, else t2 takes over if c2 = c1 > c3.
    """
    counts, rows = _task_counts(table)
    order = np.lexsort((-counts.data, rows))  # by task, then count descending
    rank = np.arange(len(order)) - counts.indptr[rows[order]]
    top_count = np.zeros((table.n_tasks, 3))
    top_label = np.full((table.n_tasks, 2), -1)
    first3 = rank < 3
    top_count[rows[order][first3], rank[first3]] = counts.data[order][first3]
    first2 = rank < 2
    top_label[rows[order][first2], rank[first2]] = counts.indices[order][first2]
    c1, c2, c3 = (top_count[table.tasks, k] for k in range(3))
    t1, t2 = top_label[table.tasks, 0], top_label[table.tasks, 1]
    own = table.labels
    mode = np.where(c1 > c2, t1, -1)  # own label is neither t1 nor t2
    mode = np.where(own == t2, np.where(c1 > c3, t1, -1), mode)
    when_own_top = np.where(c1 - 1 > c2, t1, np.where((c2 == c1) & (c2 > c3), t2, -1))
    return np.where(own == t1, when_own_top, mode)  # a lone answer: c1 − 1 = c2 = 0 → -1


def annotator_agreement(data: Any) -> pd.DataFrame:
    """Each annotator against the majority of the *other* annotators on the same tasks.

    Columns: ``worker``; ``n_shared`` — their tasks that someone else also labelled;
    ``n_compared`` — of those, tasks where the others had a strict majority label (ties are
    skipped); ``agreement`` — fraction of compared tasks where the worker gave that label;
    ``kappa`` — Cohen's kappa between the worker's labels and the others' majority.
    """
    table, _ = encode_one_answer_each(data)
    per_task = np.bincount(table.tasks, minlength=table.n_tasks)
    shared = per_task[table.tasks] >= 2
    mode = _others_mode(table)
    compared = mode >= 0
    n_workers = table.n_workers
    n_compared = np.bincount(table.workers[compared], minlength=n_workers)
    agree = np.bincount(table.workers, weights=compared & (mode == table.labels), minlength=n_workers)
    statistic = CohenKappaStatistic(table.labels[compared], mode[compared], table.n_labels)
    with np.errstate(divide="ignore", invalid="ignore"):
        agreement = agree / n_compared
    return pd.DataFrame(
        {
            "worker": table.worker_names,
            "n_shared": np.bincount(table.workers[shared], minlength=n_workers),
            "n_compared": n_compared,
            "agreement": agreement,
            "kappa": statistic.evaluate(_indicator(table.workers[compared], n_workers)),
        }
    )


def project_agreement(
    data: Any,
    *,
    project_column: str = "project",
    level_of_measurement: Level = "nominal",
    distance: Distance | None = None,
    value_domain: Any | None = None,
) -> pd.DataFrame:
    """Krippendorff's alpha per project of a long table with a project column.

    ``level_of_measurement``, ``distance`` and ``value_domain`` as in
    :func:`~goldlabel.quality.agreement.krippendorff_alpha_long`.

    Columns: ``project``, ``alpha`` (NaN when undefined or no pairable task), ``n_units``
    (pairable tasks), ``n_values`` (answers on them). A task is identified by
    (project, task), so task ids may repeat across projects.
    """
    frame = answer_columns(data, (project_column, "task", "worker", "label"))
    projects, project_names = pd.factorize(frame[project_column], sort=True)
    tasks, task_names = pd.factorize(frame["task"])
    if (projects < 0).any() or (tasks < 0).any():
        raise ValueError(f"columns {project_column!r} and 'task' must not have missing values")
    stride = max(len(task_names), 1)
    try:
        table, domain = encode_one_answer_each(
            {
                "task": projects.astype(np.int64) * stride + tasks,
                "worker": frame["worker"],
                "label": frame["label"],
            },
            object_labels=distance is not None,
        )
    except DuplicateAnswerError as exc:  # name the task as given, not its (project, task) key
        raise DuplicateAnswerError(plain_value(task_names[exc.task % stride]), exc.worker, exc.count) from exc
    statistic = alpha_statistic_from_table(
        table, domain, level_of_measurement=level_of_measurement, distance=distance, value_domain=value_domain
    )
    values = statistic.values
    unit_project = np.asarray(table.task_names[values.units], dtype=np.int64) // stride
    n_projects = len(project_names)
    return pd.DataFrame(
        {
            "project": project_names,
            "alpha": statistic.evaluate(_indicator(unit_project, n_projects)),
            "n_units": np.bincount(unit_project, minlength=n_projects),
            "n_values": np.bincount(unit_project, weights=values.totals, minlength=n_projects).astype(
                np.int64
            ),
        }
    )
