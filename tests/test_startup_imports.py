"""The server starts without the quality engine's heavy stack (start time, idle memory)."""

from __future__ import annotations

import subprocess
import sys

# av (FFmpeg's libraries) and PIL load with the first media upload (services/media.py).
HEAVY = ("scipy", "pandas", "shapely", "jiwer", "rapidfuzz", "av", "PIL")


def test_app_import_leaves_the_heavy_stack_unloaded() -> None:
    code = f"import sys, goldlabel.api.app; print([m for m in {HEAVY!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_server_never_loads_the_sdk_nor_pyarrow() -> None:
    """``goldlabel.Client`` is resolved on first use; Parquet's pyarrow loads with the first
    Parquet import or export."""
    code = (
        "import sys, goldlabel.api.app, goldlabel.formats.registry; "
        "print([m for m in ('goldlabel.sdk', 'pyarrow', 'rich.progress') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    code = "import goldlabel, sys; print(goldlabel.Client.__module__, 'goldlabel.api' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["goldlabel.sdk.client", "False"]
