"""The install scripts skip a step whose inputs did not change (scripts/stamps.sh), so a second
``scripts/start.sh`` neither reinstalls nor rebuilds; any change to an input runs the step again."""

from __future__ import annotations

import subprocess
from pathlib import Path

STAMPS = Path(__file__).resolve().parent.parent / "scripts" / "stamps.sh"


def bash(cwd: Path, script: str) -> str:
    done = subprocess.run(
        ["bash", "-c", f"set -euo pipefail; source {STAMPS}; {script}"],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_a_step_runs_again_only_when_an_input_changes(tmp_path: Path) -> None:
    src = tmp_path / "frontend" / "src"
    src.mkdir(parents=True)
    (src / "App.tsx").write_text("one")
    (tmp_path / "src" / "goldlabel" / "static").mkdir(parents=True)
    (tmp_path / "src" / "goldlabel" / "static" / "index.html").write_text("built")
    step = 'h=$(hash_of frontend src/goldlabel); if stamp_matches build "$h"; then echo skip; '
    step += 'else write_stamp build "$h"; echo run; fi'
    assert bash(tmp_path, step) == "run"
    assert bash(tmp_path, step) == "skip"
    # outputs and generated files are not inputs
    (tmp_path / "src" / "goldlabel" / "static" / "index.html").write_text("rebuilt")
    (src / "schema.d.ts").write_text("generated")
    (tmp_path / "frontend" / "node_modules").mkdir()
    (tmp_path / "frontend" / "node_modules" / "x.js").write_text("dependency")
    assert bash(tmp_path, step) == "skip"
    (src / "App.tsx").write_text("two")
    assert bash(tmp_path, step) == "run"
    (src / "New.tsx").write_text("added")
    assert bash(tmp_path, step) == "run"
    assert bash(tmp_path, step) == "skip"
