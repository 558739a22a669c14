"""Server benchmark: goldlabel vs Label Studio on import, the labeling loop, export and start-up.

    python bench/bench_server.py [--quick] [--skip-labelstudio] [--flow ui|direct]

Both servers run on this machine with their default SQLite database, one after the other, on
the same seeded items, driven by the same load client (bench/server/loadgen.py, aiohttp in its
own process). A round is ``next`` and then what the web UI sends for an item (``--flow ui``, the
default: an autosaved draft, then its submission by PATCH; ``--flow direct``: one POST that
submits). Label Studio lives in its own virtualenv at bench/.work/ls-venv
(`python -m venv bench/.work/ls-venv && bench/.work/ls-venv/bin/pip install label-studio`).
Prints a markdown table and writes it, with the machine and versions, to --out.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
from server.goldlabel_side import Goldlabel
from server.labelstudio_side import LS_VENV, LabelStudio
from server.procs import PeakMemory, tree_cpu_seconds, tree_memory

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
LOADGEN = HERE / "server" / "loadgen.py"
OVERLAP = 2
MB = 1024 * 1024
WORDS = [
    *("the", "a", "model", "label", "quick", "slow", "river", "city", "report", "price", "team"),
    *("market", "data", "image", "sound", "great", "poor", "never", "always", "today", "late"),
    *("early", "service", "product", "order", "delivery", "support", "refund", "screen", "battery"),
]


def make_items(n: int, path: Path, seed: int = 7) -> None:
    """Short text items, the same for every run: Label Studio's task shape, which both accept."""
    rng = random.Random(seed)
    rows = [{"data": {"text": " ".join(rng.choices(WORDS, k=rng.randint(6, 18)))}} for _ in range(n)]
    path.write_bytes(orjson.dumps(rows))


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def run_load(
    system: Any, project_id: int, tokens: list[str], *, mode: str, duration: float, period: float = 1.0
) -> dict[str, Any]:
    cfg = {
        "base": system.base,
        "tokens": tokens,
        "next_path": system.next_path.format(project=project_id),
        "saves": system.saves,
        "empty_statuses": list(system.empty_statuses),
        "mode": mode,
        "duration": duration,
        "period": period,
    }
    cpu0 = tree_cpu_seconds(system.server.pid)
    out = subprocess.run(
        [sys.executable, str(LOADGEN)], input=json.dumps(cfg).encode(), capture_output=True, check=True
    )
    res = json.loads(out.stdout)
    res["server_cpu_share"] = (tree_cpu_seconds(system.server.pid) - cpu0) / res["wall_s"]
    # Paced: rounds completed per second of the window (the offered load is len(tokens) /
    # period; a round slower than the period delays that annotator's next one, so a server
    # that falls behind completes fewer). Closed: per second of wall time.
    res["rounds_per_s"] = res["rounds"] / (duration if mode == "paced" else res["wall_s"])
    return res


def describe(res: dict[str, Any]) -> str:
    draft = (
        f"draft p50 {pct(res['draft_ms'], 0.5):.1f} p99 {pct(res['draft_ms'], 0.99):.1f} ms; "
        if res["draft_ms"]
        else ""
    )
    return (
        f"{res['rounds']} rounds in {res['wall_s']:.1f}s = {res['rounds_per_s']:.1f}/s; next p50 "
        f"{pct(res['next_ms'], 0.5):.1f} p99 {pct(res['next_ms'], 0.99):.1f} ms; {draft}submit p50 "
        f"{pct(res['submit_ms'], 0.5):.1f} p99 {pct(res['submit_ms'], 0.99):.1f} ms; round p99 "
        f"{pct(res['round_ms'], 0.99):.1f} ms; errors {res['errors']}; client CPU "
        f"{res['client_cpu_share']:.0%}, server CPU {res['server_cpu_share']:.0%} "
        f"({1000 * res['server_cpu_share'] / max(res['rounds_per_s'], 1e-9):.1f} ms of server CPU a round)"
    )


def overlap_violations(system: Any, project_id: int, out: Path) -> tuple[int, int]:
    """(items with more submitted annotations than the overlap, total annotations) from an export."""
    system.export_to(project_id, out)
    counts = system.annotation_counts(orjson.loads(out.read_bytes()))
    return sum(c > OVERLAP for c in counts), sum(counts)


def timed(fn: Callable[[], Any]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def first_starts(system: Any, repeats: int) -> dict[str, float]:
    """Start on an empty data dir until the server answers; idle memory a few seconds later.

    The last server started stays up (``system.server``) for the rest of the benchmark.
    """
    times, rss, pss = [], [], []
    for i in range(repeats):
        data = system.work / f"first-{i}"
        shutil.rmtree(data, ignore_errors=True)
        server = system.make_server(data, system.work / f"first-{i}.log")
        times.append(server.start())
        time.sleep(3)
        memory = tree_memory(server.pid)
        rss.append(memory[0] / MB)
        pss.append(memory[1] / MB)
        if i < repeats - 1:
            server.stop()
            shutil.rmtree(data, ignore_errors=True)
        else:
            system.server, system.data_dir = server, data
    shown = ", ".join(
        f"{t:.2f} s / PSS {m:.0f} MB (RSS {r:.0f})" for t, m, r in zip(times, pss, rss, strict=True)
    )
    print(f"  {system.name} first start, idle memory: {shown}", flush=True)
    return {"first_start_s": median(times), "idle_pss_mb": median(pss), "idle_rss_mb": median(rss)}


def bench_system(system: Any, args: argparse.Namespace, items: Path, *, slow: bool) -> dict[str, Any]:
    r: dict[str, Any] = {"version": system.version()}
    try:
        r.update(first_starts(system, args.ls_start_repeats if slow else args.repeats))
        tokens = system.setup_users(max(args.annotators, args.paced_annotators))
        # 1. import, into fresh projects
        imports, project_id = [], 0
        for i in range(args.import_repeats):
            pid = system.create_project(f"bench {i}", OVERLAP, max(args.annotators, args.paced_annotators))
            t = timed(lambda pid=pid: system.import_file(pid, items))
            imports.append(t)
            print(f"  {system.name} import {args.items} items: {t:.2f} s", flush=True)
            project_id = project_id or pid
        r["import_s"] = median(imports)
        # 2. closed loop, 16 annotators
        window = args.ls_window if slow else args.window
        closed = run_load(system, project_id, tokens[: args.annotators], mode="closed", duration=window)
        print(f"  {system.name} closed loop: {describe(closed)}", flush=True)
        r["closed"] = closed
        r["closed_violations"] = overlap_violations(system, project_id, system.work / "after-closed.json")
        # 3. paced load: 1 round/s per annotator; for Label Studio a reduced one where its closed
        # loop showed it cannot keep up with the full rate.
        paced_n = args.paced_annotators
        if slow and closed["rounds_per_s"] < 1.5 * paced_n:
            paced_n = max(1, int(closed["rounds_per_s"] / 2))
        r["paced_n"] = paced_n
        paced = run_load(system, project_id, tokens[:paced_n], mode="paced", duration=args.paced_window)
        print(f"  {system.name} paced {paced_n}/s: {describe(paced)}", flush=True)
        r["paced"] = paced
        r["paced_violations"] = overlap_violations(system, project_id, system.work / "after-paced.json")
        # 5. export with the server's peak memory
        exports, peaks, peaks_rss = [], [], []
        for _ in range(1 if slow else args.repeats):
            out = system.work / "export.json"
            with PeakMemory(system.server.pid) as peak:
                exports.append(timed(lambda out=out: system.export_to(project_id, out)))
            peaks.append(peak.pss / MB)
            peaks_rss.append(peak.rss / MB)
            print(
                f"  {system.name} export: {exports[-1]:.2f} s, peak PSS {peaks[-1]:.0f} MB "
                f"(RSS {peaks_rss[-1]:.0f})",
                flush=True,
            )
        r["export_s"], r["export_peak_mb"] = median(exports), median(peaks)
        r["export_peak_rss_mb"] = median(peaks_rss)
        r["export_items"] = len(orjson.loads((system.work / "export.json").read_bytes()))
    finally:
        system.stop()
    return r


def machine() -> str:
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    models = [ln.split(":", 1)[1].strip() for ln in lscpu.splitlines() if ln.startswith("Model name")]
    model = models[0] if models else "?"
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return (
        f"{model}, {os.cpu_count()} cores, {ram:.0f} GiB RAM, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def free_port() -> int:
    """A TCP port nobody listens on now, for a server a bench starts."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fmt(v: float | None, unit: str = "", digits: int = 2) -> str:
    return "n/a" if v is None else f"{v:.{digits}f}{unit}"


def table(gl: dict[str, Any], ls: dict[str, Any] | None, args: argparse.Namespace) -> str:
    def row(
        label: str,
        key: Callable[[dict[str, Any]], float],
        unit: str,
        digits: int = 2,
        higher_better: bool = False,
        goal: str = "",
        paced: bool = False,
    ) -> str:
        g = key(gl)
        lv = key(ls) if ls else None
        ratio = "n/a" if not (g and lv) else f"{(g / lv if higher_better else lv / g):.1f}x"
        if paced and ls and ls["paced_n"] != gl["paced_n"]:
            ratio = "not comparable (different loads)"
        goal_txt = f" (goal {goal})" if goal else ""
        return f"| {label}{goal_txt} | {fmt(g, unit, digits)} | {fmt(lv, unit, digits)} | {ratio} |"

    n, a = args.items, args.annotators
    ls_paced = f"{ls['paced_n']}/s" if ls else "n/a"
    lines = [
        "| metric | goldlabel | Label Studio | goldlabel advantage |",
        "|---|---|---|---|",
        row(f"import {n:,} items, wall", lambda r: r["import_s"], " s"),
        row(
            f"next+saves, {a} annotators closed loop, rounds/s",
            lambda r: r["closed"]["rounds_per_s"],
            "/s",
            1,
            higher_better=True,
            goal="≥150/s",
        ),
        row("  next latency p50", lambda r: pct(r["closed"]["next_ms"], 0.5), " ms", 1),
        row("  next latency p99", lambda r: pct(r["closed"]["next_ms"], 0.99), " ms", 1),
        row("  draft save latency p50", lambda r: pct(r["closed"]["draft_ms"], 0.5), " ms", 1),
        row("  submit latency p50", lambda r: pct(r["closed"]["submit_ms"], 0.5), " ms", 1),
        row("  submit latency p99", lambda r: pct(r["closed"]["submit_ms"], 0.99), " ms", 1),
        f"| paced load offered (annotators x 1 round/s) | {gl['paced_n']}/s | {ls_paced} | |",
        row(
            "  paced: achieved rounds/s",
            lambda r: r["paced"]["rounds_per_s"],
            "/s",
            1,
            higher_better=True,
            paced=True,
        ),
        row("  paced: round p50", lambda r: pct(r["paced"]["round_ms"], 0.5), " ms", 1, paced=True),
        row(
            "  paced: round p99",
            lambda r: pct(r["paced"]["round_ms"], 0.99),
            " ms",
            1,
            goal="<50 ms at 100/s",
            paced=True,
        ),
        f"| items over the overlap ({OVERLAP}) after closed / paced load | "
        f"{gl['closed_violations'][0]} / {gl['paced_violations'][0]} | "
        + (f"{ls['closed_violations'][0]} / {ls['paced_violations'][0]}" if ls else "n/a")
        + " | |",
        row(f"export {n:,} items as JSON, wall", lambda r: r["export_s"], " s", goal="<5 s"),
        row("  export: peak server memory (PSS)", lambda r: r["export_peak_mb"], " MB", 0, goal="<200 MB"),
        row("  export: peak server RSS, summed over processes", lambda r: r["export_peak_rss_mb"], " MB", 0),
        row(
            "first start on an empty data dir, until it answers",
            lambda r: r["first_start_s"],
            " s",
            goal="<5 s",
        ),
        row("idle server memory (PSS) after start", lambda r: r["idle_pss_mb"], " MB", 0, goal="<150 MB"),
        row("  idle server RSS, summed over processes", lambda r: r["idle_rss_mb"], " MB", 0),
    ]
    return "\n".join(lines)


def details(name: str, r: dict[str, Any]) -> str:
    return "\n".join(
        [
            f"- {name} closed loop: {describe(r['closed'])}",
            f"- {name} paced {r['paced_n']}/s: {describe(r['paced'])}",
            f"- {name} annotations in the export after the loads: {r['paced_violations'][1]:,} "
            f"(export held {r['export_items']:,} items)",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="10k items, short windows, one repeat")
    parser.add_argument("--skip-labelstudio", action="store_true")
    parser.add_argument(
        "--flow",
        choices=("ui", "direct"),
        default="ui",
        help="goldlabel's saves a round: the web UI's draft then PATCH submit (ui), or one POST (direct)",
    )
    parser.add_argument("--items", type=int, default=None)
    parser.add_argument("--annotators", type=int, default=16)
    parser.add_argument("--paced-annotators", type=int, default=100)
    parser.add_argument("--window", type=float, default=None, help="goldlabel closed-loop seconds")
    parser.add_argument("--ls-window", type=float, default=None, help="Label Studio closed-loop seconds")
    parser.add_argument("--paced-window", type=float, default=None)
    parser.add_argument("--repeats", type=int, default=None, help="first starts and exports")
    parser.add_argument("--import-repeats", type=int, default=None)
    parser.add_argument(
        "--ls-start-repeats", type=int, default=1, help="Label Studio first starts (minutes each here)"
    )
    parser.add_argument("--out", type=Path, default=None, help="markdown report to write")
    args = parser.parse_args()
    q = args.quick
    args.items = args.items or (10_000 if q else 100_000)
    args.window = args.window or (10 if q else 30)
    args.ls_window = args.ls_window or (15 if q else 45)
    args.paced_window = args.paced_window or (10 if q else 30)
    args.repeats = args.repeats or (1 if q else 3)
    args.import_repeats = args.import_repeats or (1 if q else 2)

    WORK.mkdir(exist_ok=True)
    items = WORK / f"items-{args.items}.json"
    if not items.exists():
        make_items(args.items, items)
    print(f"machine: {machine()}", flush=True)
    results: dict[str, dict[str, Any]] = {}
    load_before = os.getloadavg()[0]
    systems = ((Goldlabel(WORK / "gl", 18431, args.flow), False), (LabelStudio(WORK / "ls", 18432), True))
    for system, slow in systems:
        if slow and args.skip_labelstudio:
            continue
        if slow and not LS_VENV.exists():
            print(f"  {LS_VENV} missing: skipping Label Studio", flush=True)
            continue
        shutil.rmtree(system.work, ignore_errors=True)
        system.work.mkdir(parents=True)
        print(f"{system.name}:", flush=True)
        results[system.name] = bench_system(system, args, items, slow=slow)
    gl, ls = results["goldlabel"], results.get("labelstudio")
    cmd = "python bench/bench_server.py " + " ".join(sys.argv[1:])
    report = "\n".join(
        [
            "## Server: goldlabel vs Label Studio",
            "",
            f"Command: `{cmd.strip()}` (from the repo root, in the project's venv)",
            "",
            f"Machine: {machine()}; Python {platform.python_version()}; load average before the run "
            f"{load_before:.2f} (1 min).",
            f"Versions: goldlabel {gl['version']}"
            + (f", Label Studio {ls['version']}" if ls else "")
            + "; both on their default SQLite; load client aiohttp in its own process.",
            "",
            table(gl, ls, args),
            "",
            f"Medians where repeated (goldlabel: first start and export {args.repeats}, import "
            f"{args.import_repeats}; Label Studio: first start {args.ls_start_repeats}, export 1, import "
            f"{args.import_repeats}: its runs take minutes here); 'advantage' = how many times faster / "
            "smaller / higher goldlabel is. A round: `next`, then goldlabel's "
            + (
                "web UI saves (a draft by POST, its submission by PATCH)"
                if args.flow == "ui"
                else "one POST that submits"
            )
            + ", Label Studio's one submit. Closed loop: each annotator runs rounds without pause, for"
            f" {args.window:g} s (goldlabel) / {args.ls_window:g} s (Label Studio). Paced: each "
            f"annotator one round a second for {args.paced_window:g} s; Label Studio, when it cannot keep "
            "up with the full rate, gets a reduced one (half its closed-loop throughput). Project "
            f"overlap {OVERLAP}; violations counted from the export after each load.",
            "",
            details("goldlabel", gl),
            *([details("Label Studio", ls)] if ls else []),
        ]
    )
    print()
    print(report)
    if args.out:
        args.out.write_text(report + "\n")
        print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
