"""Labeling UI benchmark: goldlabel vs Label Studio in headless Chromium, side by side.

    python bench/bench_ui.py [--quick] [--repeats 5] [--tools goldlabel,labelstudio]
                             [--kinds image,audio,video] [--out FILE]

Both servers are started the way a user starts them (``goldlabel start``; ``label-studio start``
from its own virtualenv at bench/.work/ls-venv), one after the other, each with a project per
modality made through its API on the same locally generated media (bench/ui/media.py: a
6000×4000 JPEG with 500 boxes, a 1-hour MP3, a 10-minute 30 fps H.264 MP4). Debian's Chromium
(/usr/bin/chromium, headless, ``--no-sandbox --disable-gpu --disable-background-networking``)
is driven by Playwright, 1440×900 at device scale 1. What is measured (bench/ui/probes.py has
the page side; docs/BENCHMARKS.md states the same):

- **first interactive frame (image)**: a fresh browser context (empty cache, logged in) opens
  the item's labeling page; from the navigation's start to the end of the first frame in which
  the picture is drawn with all 500 boxes and takes input — goldlabel: the surface's
  ``[data-surface=image][data-ready=true]`` (set once the image layer drew it, its box layer
  drawn on the same stage); Label Studio: its ``<img>`` decoded, the selected annotation's 500
  regions in its state and 500 rectangles on its Konva stage.
- **pan frame time**: on that page, zoomed in to at least 2× the fitted scale (the wheel at the
  centre; Label Studio's needs Ctrl), a drag with each tool's pan gesture (goldlabel: Space held;
  Label Studio: its hand tool, key H) along a fixed path of 10-px pointer moves; for each move,
  the time from the move's event to the end of the first frame that shows the view moved (any
  Konva stage, layer or group transform changed). Median and p95 over all moves of all repeats.
- **audio open**: a fresh context opens the 1-hour file's labeling page; navigation start → the
  end of the first frame at which the waveform is drawn (goldlabel: ``[data-surface=audio]
  [data-ready=true]``, drawn from the server's peaks; Label Studio: its waveform's loading bar
  has gone, i.e. it decoded the file and drew the waveform) and a media element of the page is
  playable (``readyState >= HAVE_FUTURE_DATA``).
- **frame step**: on the video's labeling page, once its first frame is shown, the tool's
  step-one-frame key is pressed ``--steps`` times, one at a time; for each, from the keydown
  event to the end of the first frame that shows another frame than before (goldlabel: the
  surface's ``data-frame``, the presented frame from requestVideoFrameCallback; Label Studio:
  the frame it drew on its canvas from a video that had finished seeking). Median and p95 over
  the steps that moved exactly one frame; steps that moved by another amount, or showed no new
  frame within 10 s, are counted and reported beside them.

Medians over ``--repeats`` page opens after one untimed warm-up open per page (the servers'
caches warm, the browser's HTTP cache empty in each context). Prints a markdown table and
writes it, with the machine and load, to --out; raw samples go to bench/results/ui.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from bench_server import machine
from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from server.labelstudio_side import LS_VENV
from ui import probes
from ui.goldlabel_app import GoldlabelUI
from ui.labelstudio_app import LabelStudioUI
from ui.media import AUDIO_SECONDS, BOXES, IMAGE_SIZE, VIDEO_FPS, VIDEO_SECONDS, make_all
from ui.tool import UITool

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work" / "ui"
RESULTS = HERE / "results"
CHROMIUM = "/usr/bin/chromium"
STATIC_INDEX = HERE.parent / "src" / "goldlabel" / "static" / "index.html"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORT: ViewportSize = {"width": 1440, "height": 900}
KINDS = ("image", "audio", "video")
# The drag: 10-px moves right, back left past the start, and halfway back (60 moves; it stays
# inside the zoomed image, so no tool clamps it at an edge, and ends away from where it began).
PAN_PATH = [*range(10, 150, 10), *range(150, -150, -10), *range(-150, -50, 10)]


def open_page(browser: Browser, tool: UITool, kind: str, timeout_s: float) -> tuple[Page, float | None, str]:
    """A fresh context (empty cache), logged in; opens the page. (page, ms to ready or None, why)."""
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    context.set_default_timeout(60_000)
    tool.login(context)
    context.add_init_script(probes.init_script(tool.ready(kind), tool.frame()) + tool.extra_init)
    page = context.new_page()
    page.goto(tool.pages[kind], wait_until="commit")
    try:
        return page, probes.wait_ready(page, timeout_s * 1000), ""
    except PlaywrightTimeout:
        text = " ".join(page.locator("body").inner_text(timeout=5000).split())[:200]
        return page, None, f"not ready within {timeout_s:g} s; the page said: {text!r}"


def close(page: Page) -> None:
    page.context.close()


def pan(page: Page, tool: UITool) -> tuple[list[float], float]:
    """Zoom in to ≥ 2× the fitted scale at the centre, then drag with the tool's pan gesture."""
    box = tool.image_box(page)
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(cx, cy)
    zoom = tool.zoom_in(page, 2.0)
    before = probes.view(page)
    tool.pan_down(page)
    steps = probes.pan_steps(page, [(cx + dx, cy + dx / 3) for dx in PAN_PATH], 60_000)
    tool.pan_up(page)
    if probes.view(page) == before:
        raise RuntimeError(f"{tool.name}: the drag did not pan the view")
    return steps, zoom


def steps_on(page: Page, tool: UITool, n: int) -> tuple[list[float], list[int], int]:
    """``n`` frame steps: (ms of the exact ones, frames moved by the others, steps with no new
    frame within 10 s)."""
    tool.before_steps(page)
    exact: list[float] = []
    other: list[int] = []
    lost = 0
    for _ in range(n):
        step = probes.frame_step(page, tool.step_key, 10_000)
        if step is None:
            lost += 1
        elif step.frames == 1:
            exact.append(step.ms)
        else:
            other.append(step.frames)
    return exact, other, lost


def measure_kind(
    tool: UITool, browser: Browser, kind: str, args: argparse.Namespace, r: dict[str, Any]
) -> None:
    out: dict[str, Any] = {
        "open_ms": [],
        "pan_ms": [],
        "zoom": [],
        "step_ms": [],
        "step_other": [],
        "step_lost": 0,
    }
    for i in range(1 + args.repeats):
        page, ms, why = open_page(browser, tool, kind, args.open_timeout)
        try:
            if ms is None:
                r["not_measured"][kind] = why
                print(f"  {tool.name} {kind}: {why}", flush=True)
                return
            if i == 0:
                print(f"  {tool.name} {kind}: warm-up open {ms:.0f} ms", flush=True)
                continue
            out["open_ms"].append(ms)
            r[kind] = out
            if args.screenshots and i == 1:
                page.screenshot(path=str(args.screenshots / f"{tool.name.replace(' ', '')}-{kind}.png"))
            line = f"  {tool.name} {kind} #{i}: ready {ms:.0f} ms"
            if kind == "image":
                p, z = pan(page, tool)
                out["pan_ms"] += p
                out["zoom"].append(z)
                line += f"; pan at {z:.2f}× fit: {probes.summarize(p).text()}"
            if kind == "video":
                exact, other, lost = steps_on(page, tool, args.steps)
                out["step_ms"] += exact
                out["step_other"] += other
                out["step_lost"] += lost
                line += f"; exact frame steps {probes.summarize(exact).text()}"
                line += f", moved by other amounts: {other}, lost: {lost}" if other or lost else ""
            print(line, flush=True)
        finally:
            close(page)


def measure(tool: UITool, browser: Browser, kinds: list[str], args: argparse.Namespace) -> dict[str, Any]:
    r: dict[str, Any] = {"not_measured": {}}
    for kind in kinds:
        try:
            measure_kind(tool, browser, kind, args, r)
        except Exception as exc:  # one modality failing must not lose the others' figures
            r["not_measured"][kind] = f"failed: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
            print(f"  {tool.name} {kind}: {r['not_measured'][kind]}", flush=True)
    return r


def run_tool(
    tool: UITool, media: dict[str, Path], kinds: list[str], args: argparse.Namespace
) -> dict[str, Any]:
    shutil.rmtree(tool.work, ignore_errors=True)
    tool.work.mkdir(parents=True)
    load = os.getloadavg()[0]
    try:
        started = tool.start()
        print(f"{tool.name}: started in {started:.1f} s", flush=True)
        tool.setup(media, kinds)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                r = measure(tool, browser, kinds, args)
            finally:
                browser.close()
        r["version"] = tool.version()
        r["upload_s"] = tool.upload_s
    finally:
        tool.stop()
    r["load_before"], r["load_after"] = load, os.getloadavg()[0]
    return r


def cell(r: dict[str, Any] | None, kind: str, key: str, spread: bool) -> tuple[str, float | None]:
    if r is None:
        return "not run", None
    if kind in r.get("not_measured", {}) and kind not in r:
        return "not measured: " + r["not_measured"][kind], None
    if kind not in r:
        return "not run", None
    values = r[kind].get(key)
    if not values:
        return "not measured", None
    s = probes.summarize(values)
    text = f"{s.median:,.0f} / {s.p95:,.0f} ms" if spread else f"{s.median:,.0f} ms"
    if key == "step_ms":
        other, lost = r[kind]["step_other"], r[kind]["step_lost"]
        if other:
            text += f" ({len(other)} of {s.n + len(other) + lost} steps moved by {sorted(set(other))} frames)"
        if lost:
            text += f" ({lost} steps showed no new frame within 10 s)"
    if kind in r.get("not_measured", {}):
        text += " (then: " + r["not_measured"][kind] + ")"
    return text, s.median


def table(gl: dict[str, Any] | None, ls: dict[str, Any] | None, args: argparse.Namespace) -> str:
    zoom = next(
        (statistics.median(r["image"]["zoom"]) for r in (gl, ls) if r and r.get("image", {}).get("zoom")),
        None,
    )
    rows = [
        (
            f"first interactive frame, {IMAGE_SIZE[0]}×{IMAGE_SIZE[1]} JPEG + {BOXES} boxes",
            "image",
            "open_ms",
            False,
        ),
        (
            f"pan frame time, {BOXES} boxes, zoomed ≥2× fit (median / p95)"
            + (f" (achieved {zoom:.1f}×)" if zoom else ""),
            "image",
            "pan_ms",
            True,
        ),
        (f"open a {AUDIO_SECONDS / 3600:g}-hour MP3: waveform drawn + playable", "audio", "open_ms", False),
        (
            f"open a {VIDEO_SECONDS // 60}-min {VIDEO_FPS} fps video: first frame shown",
            "video",
            "open_ms",
            False,
        ),
        (
            f"frame step, key press → next frame shown (median / p95, {args.steps} steps an open)",
            "video",
            "step_ms",
            True,
        ),
    ]
    ls_name = f"Label Studio {ls['version']}" if ls else "Label Studio"
    lines = [f"| metric | goldlabel | {ls_name} | goldlabel advantage |", "|---|---:|---:|---:|"]
    for label, kind, key, spread in rows:
        g_txt, g = cell(gl, kind, key, spread)
        l_txt, lv = cell(ls, kind, key, spread)
        ratio = f"{lv / g:.1f}×" if g and lv else "n/a"
        lines.append(f"| {label} | {g_txt} | {l_txt} | {ratio} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="2 repeats, 20 frame steps")
    parser.add_argument("--repeats", type=int, default=None, help="timed page opens per modality (default 5)")
    parser.add_argument("--steps", type=int, default=None, help="frame steps per video open (default 60)")
    parser.add_argument("--tools", default="goldlabel,labelstudio")
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--open-timeout", type=float, default=300, help="seconds a page may take to be ready")
    parser.add_argument("--out", type=Path, default=None, help="markdown report to write")
    parser.add_argument("--screenshots", type=Path, default=None, help="folder: each page once it is ready")
    args = parser.parse_args()
    args.repeats = args.repeats or (2 if args.quick else 5)
    args.steps = args.steps or (20 if args.quick else 60)
    kinds = [k for k in args.kinds.split(",") if k]
    tools = [t for t in args.tools.split(",") if t]

    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is absent: skipping the UI benchmark (apt-get install -y chromium)")
        return
    if "goldlabel" in tools and not STATIC_INDEX.exists():
        sys.exit("the web UI is not built: run scripts/build-frontend.sh (or cd frontend && npm run build)")
    WORK.mkdir(parents=True, exist_ok=True)
    if args.screenshots:
        args.screenshots.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.2f}", flush=True)
    t0 = time.perf_counter()
    media = make_all(WORK.parent / "ui-media")
    print(
        f"media ready in {time.perf_counter() - t0:.0f} s: {', '.join(p.name for p in media.values())}",
        flush=True,
    )
    results: dict[str, dict[str, Any]] = {}
    if "goldlabel" in tools:
        results["goldlabel"] = run_tool(GoldlabelUI(WORK / "gl", 18451), media, kinds, args)
    if "labelstudio" in tools:
        if LS_VENV.exists():
            results["labelstudio"] = run_tool(LabelStudioUI(WORK / "ls", 18452), media, kinds, args)
        else:
            print(f"{LS_VENV} missing: skipping Label Studio", flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "ui.json").write_text(json.dumps(results, indent=1))
    gl, ls = results.get("goldlabel"), results.get("labelstudio")
    loads = ", ".join(
        f"{display(name)} {r['load_before']:.1f} before / {r['load_after']:.1f} after"
        for name, r in results.items()
    )
    report = "\n".join(
        [
            "## Labeling UI (issue 9): goldlabel vs Label Studio in headless Chromium",
            "",
            f"Command: `python bench/bench_ui.py {' '.join(sys.argv[1:])}`",
            "",
            f"Machine: {machine()}; Python {platform.python_version()}; Chromium "
            f"{browser_version()}; 1-minute load average: {loads}.",
            "",
            table(gl, ls, args),
            "",
            uploads(results),
            "",
            f"Medians over {args.repeats} page opens per modality (each in a fresh browser context) after "
            "one warm-up open; pan and frame-step figures pool every move/step of those opens.",
        ]
    )
    print()
    print(report)
    if args.out:
        args.out.write_text(report + "\n")
        print(f"\nwrote {args.out}")


def display(name: str) -> str:
    return "Label Studio" if name == "labelstudio" else name


def uploads(results: dict[str, dict[str, Any]]) -> str:
    """One line: how long each upload took (the server's work on a file when it arrives)."""
    parts = []
    for name, r in results.items():
        done = ", ".join(f"{kind} {s:.1f} s" for kind, s in r.get("upload_s", {}).items())
        parts.append(f"{display(name)}: {done}")
    return (
        "Uploads through each API, one file each (the server's work when a file arrives): "
        + "; ".join(parts)
        + "."
    )


def browser_version() -> str:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            return str(browser.version)
        finally:
            browser.close()


if __name__ == "__main__":
    main()
