"""Progress lines for ``GLAD(silent=False)`` and ``MACE(verbose=1 or 2)``.

crowd-kit draws tqdm bars on stderr for these options. The engine depends on numpy, scipy
and pandas only, so instead of adding tqdm we print one line per step to stderr with what
crowd-kit's bar shows (the step, the total and the objective); lines also read well in
logs and notebooks, where bars often do not.
"""

from __future__ import annotations

import sys


def report_progress(what: str, step: int, total: int, objective: str, value: float) -> None:
    """Print ``"{what} {step}/{total}: {objective} = {value}"`` to stderr, flushed."""
    print(f"{what} {step}/{total}: {objective} = {value:.6g}", file=sys.stderr, flush=True)
