"""Format benchmark: export N items (default 100,000) to every format goldlabel writes, and import
each format's own export back, over HTTP against a running server.

    python bench/bench_formats.py [--quick] [--items N] [--repeats R] [--formats coco,csv]
                                  [--labels final,annotations] [--no-import] [--out F]

The formats come from the registry (``goldlabel.formats.registry.FORMATS``), so a format added
there is measured without touching this file; its project is picked by ``FileFormat.kind``
(bench/format_projects.py: images with boxes + polygons + keypoints, text with choices + spans,
audio with speaker segments + transcripts, video with tracks), each item with 1-3 submitted
annotations, written straight into the database. The server is ``goldlabel start`` on its
default SQLite, as a user starts it; the client streams each export to a file like a download.
Per format and labels mode (``final``: consensus per control; ``annotations``: every one):
the median wall time of ``--repeats`` exports and the server's peak memory (PSS summed over its
processes, polled every 50 ms, bench/server/procs.py). Then, where the format imports, its
``final`` export is imported into a fresh project as gold and its ``annotations`` export as
annotations (one run each: an import is not repeatable into the same project); a refusal is
reported with the server's message.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from bench_server import free_port, machine
from format_projects import KIND_PROJECTS, SCHEMAS, annotators, fill, register_media
from server.goldlabel_side import Goldlabel
from server.procs import PeakMemory, tree_memory

from goldlabel.formats.registry import FORMATS, FileFormat

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work" / "formats"
MB = 1024 * 1024
MODES = ("final", "annotations")
IMPORT_AS = {"final": "gold", "annotations": "annotations"}


@dataclass
class Export:
    fmt: str
    kind: str
    project: str
    labels: str
    seconds: list[float] = field(default_factory=list)
    peak_pss: list[float] = field(default_factory=list)
    size_mb: float = 0.0
    refused: str = ""
    file: Path | None = None


@dataclass
class Import:
    fmt: str
    labels: str
    labels_as: str
    seconds: float = 0.0
    peak_pss: float = 0.0
    created: int = 0
    annotations: int = 0
    refused: str = ""


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        shutil.rmtree(WORK, ignore_errors=True)
        WORK.mkdir(parents=True)
        self.gl = Goldlabel(WORK, args.port)
        self.projects: dict[str, int] = {}
        self.authors: list[int] = []

    def start(self) -> None:
        server = self.gl.make_server(self.gl.data_dir, WORK / "server.log")
        server.env = {"GOLDLABEL_MAX_IMPORT_BYTES": str(4 * 1024 * MB)}
        self.gl.server = server
        print(f"goldlabel started in {server.start():.1f} s", flush=True)
        self.gl.setup_users(0)
        self.database = self.gl._db()
        self.authors = annotators(self.database)

    def project(self, kind: str) -> int:
        """The ``kind`` project, built on first use."""
        if kind not in self.projects:
            pid = self.new_project(kind, f"{kind} formats")
            t0 = time.perf_counter()
            n = fill(self.database, pid, kind, self.args.items, self.authors)
            print(f"  {kind} project: {self.args.items:,} items, {n:,} annotations in "
                  f"{time.perf_counter() - t0:.1f} s", flush=True)  # fmt: skip
            self.projects[kind] = pid
        return self.projects[kind]

    def new_project(self, kind: str, name: str) -> int:
        resp = self.gl.http.post(
            "/api/projects", json={"name": name, "schema": {**SCHEMAS[kind], "overlap": 3}}
        )
        resp.raise_for_status()
        return int(resp.json()["id"])

    def download(self, pid: int, fmt: FileFormat, labels: str, out: Path) -> tuple[float, float, str]:
        """Seconds, peak server PSS (MB) and, when refused, the server's message."""
        params = {"format": fmt.name, "labels": labels}
        assert self.gl.server is not None
        with PeakMemory(self.gl.server.pid) as peak:
            t0 = time.perf_counter()
            with self.gl.http.stream("GET", f"/api/projects/{pid}/export", params=params) as resp:
                if resp.status_code >= 400:
                    resp.read()
                    return 0.0, 0.0, _message(resp)
                with out.open("wb") as fh:
                    for chunk in resp.iter_raw():
                        fh.write(chunk)
            seconds = time.perf_counter() - t0
        return seconds, peak.pss / MB, ""

    def export(self, fmt: FileFormat) -> list[Export]:
        results = []
        for labels in self.args.labels:
            result = None
            for kind in KIND_PROJECTS.get(fmt.kind, ("text",)):
                out = WORK / f"{fmt.name}-{labels}{fmt.extension}"
                result = Export(fmt.name, fmt.kind, kind, labels, file=out)
                for _ in range(self.args.repeats):
                    seconds, pss, refused = self.download(self.project(kind), fmt, labels, out)
                    if refused:
                        result.refused = refused
                        break
                    result.seconds.append(seconds)
                    result.peak_pss.append(pss)
                if not result.refused:
                    result.size_mb = out.stat().st_size / MB
                    break
            assert result is not None
            print(f"  export {fmt.name} labels={labels} ({result.project}): "
                  f"{_secs(result.seconds)} s, peak PSS {_median(result.peak_pss):.0f} MB, "
                  f"{result.size_mb:.1f} MB{' REFUSED ' + result.refused if result.refused else ''}",
                  flush=True)  # fmt: skip
            results.append(result)
        return results

    def reimport(self, fmt: FileFormat, exported: Export) -> Import:
        labels_as = IMPORT_AS[exported.labels]
        result = Import(fmt.name, exported.labels, labels_as)
        assert exported.file is not None and self.gl.server is not None
        pid = self.new_project(exported.project, f"{fmt.name} {exported.labels} round trip")
        register_media(self.database, pid, exported.project, self.args.items)
        params = {"format": fmt.name, "labels_as": labels_as, "gold_set": "practice"}
        with PeakMemory(self.gl.server.pid) as peak, exported.file.open("rb") as fh:
            t0 = time.perf_counter()
            resp = self.gl.http.post(
                f"/api/projects/{pid}/items", params=params, files={"file": (exported.file.name, fh)}
            )
            result.seconds = time.perf_counter() - t0
        result.peak_pss = peak.pss / MB
        if resp.status_code >= 400:
            result.refused = _message(resp)
        else:
            body = resp.json()
            result.created = body["created"]
            result.annotations = body.get("annotations", 0)
        print(f"  import {fmt.name} ({exported.labels} as {labels_as}): {result.seconds:.2f} s, "
              f"{result.created:,} items{' REFUSED ' + result.refused if result.refused else ''}",
              flush=True)  # fmt: skip
        return result


def _message(resp: httpx.Response) -> str:
    try:
        detail = resp.json()["detail"]
        return f"{resp.status_code} {detail.get('code')}: {detail.get('message')}"
    except Exception:  # not our error shape: say what came back
        return f"{resp.status_code}: {resp.text[:200]}"


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _secs(values: list[float]) -> str:
    return f"{_median(values):.2f}" if values else "—"


def report(
    args: argparse.Namespace, exports: list[Export], imports: list[Import], idle: float, load: float
) -> str:
    lines = [
        f"{args.items:,} items per project, 1-3 submitted annotations each; medians of {args.repeats} "
        f"export(s); server idle PSS {idle:.0f} MB; load average {load:.1f} before; {machine()}",
        "",
        "| format | kind | project | labels | export (s) | items/s | size (MB) | peak server PSS (MB) |",
        "|---|---|---|---|---:|---:|---:|---:|",
    ]
    for e in exports:
        if e.refused:
            lines.append(f"| `{e.fmt}` | {e.kind} | {e.project} | {e.labels} | refused: {e.refused} | | | |")
            continue
        rate = args.items / _median(e.seconds)
        lines.append(
            f"| `{e.fmt}` | {e.kind} | {e.project} | {e.labels} | {_secs(e.seconds)} | {rate:,.0f} | "
            f"{e.size_mb:.1f} | {_median(e.peak_pss):.0f} |"
        )
    if imports:
        lines += [
            "",
            "| format | its export (labels) | imported as | import (s) | items | annotations "
            "| peak server PSS (MB) |",
            "|---|---|---|---:|---:|---:|---:|",
        ]
        for i in imports:
            if i.refused:
                lines.append(f"| `{i.fmt}` | {i.labels} | {i.labels_as} | refused: {i.refused} | | | |")
            else:
                lines.append(
                    f"| `{i.fmt}` | {i.labels} | {i.labels_as} | {i.seconds:.2f} | {i.created:,} | "
                    f"{i.annotations:,} | {i.peak_pss:.0f} |"
                )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="2,000 items, one export each: a smoke run")
    parser.add_argument("--items", type=int, default=None)
    parser.add_argument("--repeats", type=int, default=None)
    parser.add_argument(
        "--formats", default="", help="comma-separated names (default: every format that exports)"
    )
    parser.add_argument(
        "--labels", default=",".join(MODES), help="comma-separated labels modes (default: final,annotations)"
    )
    parser.add_argument("--no-import", action="store_true", help="skip the round-trip imports")
    parser.add_argument("--port", type=int, default=0, help="the server's port (default: a free one)")
    parser.add_argument("--out", type=Path, default=None, help="markdown report to write")
    args = parser.parse_args()
    args.port = args.port or free_port()
    args.items = args.items or (2_000 if args.quick else 100_000)
    args.repeats = args.repeats or (1 if args.quick else 3)
    args.labels = [m for m in args.labels.split(",") if m]
    if not args.labels or set(args.labels) - set(MODES):
        parser.error(f"--labels takes {', '.join(MODES)}")
    wanted = [n for n in args.formats.split(",") if n] or [f.name for f in FORMATS.values() if f.write]
    unknown = [n for n in wanted if n not in FORMATS or FORMATS[n].write is None]
    if unknown:
        writers = sorted(f.name for f in FORMATS.values() if f.write)
        parser.error(f"not formats goldlabel exports: {unknown}; it exports {writers}")

    bench = Bench(args)
    exports: list[Export] = []
    imports: list[Import] = []
    try:
        bench.start()
        assert bench.gl.server is not None
        for fmt in (FORMATS[n] for n in wanted):
            for kind in KIND_PROJECTS.get(fmt.kind, ("text",)):
                bench.project(kind)  # built before anything is timed
        load = os.getloadavg()[0]
        idle = tree_memory(bench.gl.server.pid)[1] / MB
        for fmt in (FORMATS[n] for n in wanted):
            done = bench.export(fmt)
            exports += done
            if fmt.read is not None and not args.no_import:
                imports += [bench.reimport(fmt, e) for e in done if not e.refused]
    finally:
        bench.gl.stop()
    text = report(args, exports, imports, idle, load)
    print("\n" + text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    failed = [e for e in exports if e.refused]
    sys.exit(1 if failed and len(failed) == len(exports) else 0)


if __name__ == "__main__":
    main()
