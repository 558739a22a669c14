"""Hypothesis strategies shared by the quality tests."""

from __future__ import annotations

import pandas as pd
from hypothesis import strategies as st


@st.composite
def answer_tables(
    draw: st.DrawFn, *, n_tasks: int = 10, workers: str = "abcdef", min_size: int = 1
) -> pd.DataFrame:
    """Long (task, worker, label) tables, one answer per (task, worker), labels x/y/z."""
    rows = draw(
        st.lists(
            st.tuples(
                st.integers(0, n_tasks - 1), st.sampled_from(workers), st.sampled_from(["x", "y", "z"])
            ),
            min_size=min_size,
            max_size=40,
            unique_by=lambda row: row[:2],
        )
    )
    return pd.DataFrame(rows, columns=["task", "worker", "label"])
