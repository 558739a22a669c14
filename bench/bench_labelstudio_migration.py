"""A whole Label Studio project migrated with one command: ``goldlabel import-labelstudio``, timed.

    python bench/bench_labelstudio_migration.py [--tasks 100000] [--repeats 3] [--quick]

Generates (once, cached in ``bench/.work/``) a Label Studio JSON export of ``--tasks`` text
tasks labeled as Label Studio writes them: a sentiment ``choices`` result and 1–4 named-entity
``labels`` spans per annotation, 1–3 annotations per task by five annotators (three have an
account in goldlabel, two do not and become placeholder authors), and one model prediction per
task; plus its labeling config. goldlabel stores a prediction per control it answers, so
"predictions" counts those (1–2 per task). Each repeat starts from an empty data dir on the embedded SQLite
database (the default), creates the accounts, then runs the command in its own process and
measures its wall time and peak resident memory (``wait4``'s ``ru_maxrss``: the command's whole
process, Python and libraries included). Prints a markdown table of medians with the machine.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson
from bench_server import machine

WORK = Path(__file__).resolve().parent / ".work"
SRC = Path(__file__).resolve().parents[1] / "src"
AUTHORS = ["ann@example.com", "bob@example.com", "cy@example.com", "dee@elsewhere.org", "eli@elsewhere.org"]
WITH_ACCOUNTS = AUTHORS[:3]
CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Labels name="ner" toName="text"><Label value="PER"/><Label value="ORG"/><Label value="LOC"/></Labels>
  <Choices name="sentiment" toName="text" choice="single">
    <Choice value="Positive"/><Choice value="Negative"/><Choice value="Neutral"/>
  </Choices>
</View>"""
NAMES = {
    "PER": ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra", "Barbara Liskov"],
    "ORG": ["Acme Corp", "Globex", "Initech", "Umbrella", "Hooli"],
    "LOC": ["London", "Paris", "Nairobi", "Lima", "Osaka"],
}
FILLER = ["met", "called", "visited", "wrote to", "praised", "criticised", "left", "joined"]
SENTIMENTS = ["Positive", "Negative", "Neutral"]


def task(rng: random.Random, task_id: int) -> dict[str, Any]:
    """One task: a sentence naming 1–4 entities, with its annotations and a prediction."""
    words: list[str] = []
    entities: list[tuple[int, int, str, str]] = []
    for _ in range(rng.randint(1, 4)):
        label = rng.choice(list(NAMES))
        name = rng.choice(NAMES[label])
        start = len(" ".join(words)) + (1 if words else 0)
        words.append(name)
        entities.append((start, start + len(name), name, label))
        words.append(rng.choice(FILLER))
    text = " ".join(words) + "."

    def results(prefix: str, keep: float) -> list[dict[str, Any]]:
        out = [
            {
                "id": f"{prefix}{k}", "from_name": "ner", "to_name": "text", "type": "labels",
                "value": {"start": s, "end": e, "text": name, "labels": [label]},
            }
            for k, (s, e, name, label) in enumerate(entities)
            if rng.random() < keep
        ]  # fmt: skip
        choice = {"choices": [rng.choice(SENTIMENTS)]}
        out.append(
            {
                "id": f"{prefix}s",
                "from_name": "sentiment",
                "to_name": "text",
                "type": "choices",
                "value": choice,
            }
        )
        return out

    annotations = [
        {
            "id": task_id * 10 + k,
            "completed_by": {"id": AUTHORS.index(author) + 1, "email": author, "first_name": ""},
            "result": results(f"t{task_id}a{k}-", 0.9),
            "was_cancelled": False, "ground_truth": False, "lead_time": round(rng.uniform(3, 60), 3),
            "created_at": "2024-05-01T10:00:00.000000Z", "updated_at": "2024-05-01T10:00:00.000000Z",
        }
        for k, author in enumerate(rng.sample(AUTHORS, rng.randint(1, 3)))
    ]  # fmt: skip
    prediction = {
        "id": task_id, "model_version": "ner-sentiment-v3", "score": round(rng.random(), 3),
        "result": results(f"t{task_id}p-", 0.8),
    }  # fmt: skip
    return {
        "id": task_id, "data": {"text": text}, "meta": {"batch": task_id // 1000},
        "annotations": annotations, "predictions": [prediction],
        "created_at": "2024-04-01T09:00:00.000000Z", "inner_id": task_id, "project": 1,
    }  # fmt: skip


def export_file(tasks: int) -> tuple[Path, dict[str, int]]:
    """The export (written once per size) and what it holds."""
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"labelstudio-export-{tasks}.json"
    counts_path = path.with_suffix(".counts.json")
    if path.exists() and counts_path.exists():
        return path, orjson.loads(counts_path.read_bytes())
    rng = random.Random(tasks)
    counts = {"tasks": tasks, "annotations": 0, "predictions": 0}
    tmp = path.with_suffix(".partial")
    with tmp.open("wb") as out:
        out.write(b"[")
        for n in range(1, tasks + 1):
            t = task(rng, n)
            counts["annotations"] += len(t["annotations"])
            # goldlabel keeps a prediction per control it answers (predictions table)
            counts["predictions"] += sum(len({r["from_name"] for r in p["result"]}) for p in t["predictions"])
            out.write((b"," if n > 1 else b"") + orjson.dumps(t) + b"\n")
        out.write(b"]")
    tmp.rename(path)
    counts_path.write_bytes(orjson.dumps(counts))
    return path, counts


def goldlabel(*args: str, data_dir: Path, stdin: str | None = None) -> tuple[float, int, str]:
    """Run the ``goldlabel`` command in its own process: (wall seconds, peak RSS bytes, stdout)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOLDLABEL_")}
    env["PYTHONPATH"] = f"{SRC}{os.pathsep}{env['PYTHONPATH']}" if env.get("PYTHONPATH") else str(SRC)
    command = [
        sys.executable,
        "-c",
        "from goldlabel.cli.main import app; app()",
        *args,
        "--data-dir",
        str(data_dir),
    ]
    started = time.perf_counter()
    proc = subprocess.Popen(
        command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert proc.stdin and proc.stdout and proc.stderr
    if stdin is not None:
        proc.stdin.write(stdin)
    proc.stdin.close()
    out, err = proc.stdout.read(), proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"goldlabel {' '.join(args)} failed ({proc.returncode}):\n{out}\n{err}")
    return wall, usage.ru_maxrss * 1024, out  # Linux reports ru_maxrss in KiB


def migrate_once(export: Path, config: Path) -> tuple[float, int, str]:
    with tempfile.TemporaryDirectory(prefix="ls-migration-") as tmp:
        data_dir = Path(tmp) / "data"
        for k, email in enumerate(WITH_ACCOUNTS):
            flags = ["--admin"] if k == 0 else []
            goldlabel(
                "user",
                "create",
                email,
                "--password-stdin",
                *flags,
                data_dir=data_dir,
                stdin="bench password 123\n",
            )
        return goldlabel(
            "import-labelstudio", str(export), "--config", str(config), "--name", "bench", data_dir=data_dir
        )


def machine_and_load() -> str:
    return (
        f"{machine()}, SQLite {sqlite3.sqlite_version}; "
        f"1-minute load average {os.getloadavg()[0]:.1f} before the run"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="2,000 tasks, one repeat (a smoke run)")
    args = parser.parse_args()
    if args.quick:
        args.tasks, args.repeats = 2_000, 1
    print(f"Machine: {machine_and_load()}")
    export, counts = export_file(args.tasks)
    config = WORK / "labelstudio-config.xml"
    config.write_text(CONFIG)
    walls, peaks = [], []
    for _ in range(args.repeats):
        wall, peak, out = migrate_once(export, config)
        tasks, annotations, predictions = counts["tasks"], counts["annotations"], counts["predictions"]
        expected = f"{tasks} items, {annotations} annotations, {predictions} predictions"
        if expected not in out:
            raise SystemExit(f"the command did not import everything: expected {expected!r}, got {out!r}")
        walls.append(wall)
        peaks.append(peak)
    wall = statistics.median(walls)
    size = export.stat().st_size / 1e6
    print(
        f"\n`goldlabel import-labelstudio`, {counts['tasks']:,} tasks ({size:.0f} MB JSON: "
        f"{counts['annotations']:,} annotations, {counts['predictions']:,} predictions), SQLite, "
        f"median of {args.repeats}\n"
    )
    print("| wall | min–max | tasks/s | annotations/s | peak RSS |")
    print("|---:|---:|---:|---:|---:|")
    print(
        f"| {wall:.1f} s | {min(walls):.1f}–{max(walls):.1f} s | {counts['tasks'] / wall:,.0f} | "
        f"{counts['annotations'] / wall:,.0f} | {statistics.median(peaks) / 2**20:.0f} MiB |"
    )


if __name__ == "__main__":
    main()
