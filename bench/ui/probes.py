"""What the UI benchmark measures in the page, the same way for every tool.

An init script (run before any of the page's own scripts) installs ``window.__bench``:

- a loop on ``requestAnimationFrame`` that evaluates the tool's readiness predicate at every
  animation frame; at the first frame at which it holds, a message posted from that frame's
  callback runs once the frame is rendered (the page's own rAF drawing, Konva's included), and
  its ``performance.now()`` is kept. ``performance.now()`` counts from the navigation's start,
  so that value IS "navigation start → first frame that shows the page ready";
- the view's transform (every Konva stage's, its layers' and their first child's: both tools
  draw with Konva), so a pan step is seen at the first animation frame that shows it moved;
- every media element the page makes, also those it never attaches to the document (an audio
  player held in memory): their ``readyState`` tells whether the media are playable;
- the timestamp of every ``keydown`` (captured on the window before the page's own handlers;
  ``event.timeStamp`` is on the same clock as ``performance.now()``), and for frame steps the
  end of the first frame at which the tool shows another frame than before the key (and which).

The predicates are JavaScript expressions written into the init script itself, not evaluated
from strings at run time, so a page's Content Security Policy (goldlabel's forbids eval) has no
say in what is measured.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

from playwright.sync_api import TimeoutError as PlaywrightTimeout

INIT = """
(() => {
  if (window.__bench) return;
  const B = (window.__bench = { t: {}, media: new Set(), keys: [], step: null, pan: null });
  const src = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, "src");
  Object.defineProperty(HTMLMediaElement.prototype, "src", {
    configurable: true,
    enumerable: src.enumerable,
    get() { return src.get.call(this); },
    set(v) { B.media.add(this); src.set.call(this, v); },
  });
  const setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    if (this instanceof HTMLMediaElement && name === "src") B.media.add(this);
    return setAttribute.call(this, name, value);
  };
  B.mediaElements = () => {
    const all = new Set(B.media);
    document.querySelectorAll("audio, video").forEach((e) => all.add(e));
    return [...all].filter((e) => e.currentSrc || e.src || e.querySelector("source"));
  };
  // HAVE_FUTURE_DATA: play() would start now ("canplay").
  B.playable = () => B.mediaElements().some((e) => e.readyState >= 3);
  B.konvaShapes = (name) =>
    (window.Konva?.stages ?? []).reduce((n, s) => n + s.find(name).filter((x) => x.isVisible()).length, 0);
  // The view's transform: every Konva stage's, its layers' and their first child's (a tool may
  // pan the stage, a layer or a group); a pan step is shown once this string changes.
  B.view = () =>
    (window.Konva?.stages ?? [])
      .map((s) => [s, ...s.getLayers().flatMap((l) => [l, l.children?.[0]])]
        .filter(Boolean).map((n) => n.getAbsoluteTransform().m.map((v) => v.toFixed(1)).join(",")).join(";"))
      .join("|");
  addEventListener("pointermove", (e) => { B.lastMove = e.timeStamp; }, true);
  // After the frame now being produced is painted: a message posted from its rAF runs once the
  // rendering step (Konva's own rAF draw included) is over.
  const afterPaint = (done) => {
    const c = new MessageChannel();
    c.port1.onmessage = () => done(performance.now());
    c.port2.postMessage(0);
  };
  const READY = () => (%(ready)s);
  const FRAME = () => (%(frame)s);
  const tick = (now) => {
    if (B.t.seen === undefined) {
      try {
        if (READY()) {
          B.t.seen = now;
          afterPaint((t) => { B.t.ready = t; });
        }
      } catch (e) { /* not there yet */ }
    }
    if (B.step && B.step.seen === undefined) {
      try {
        const shown = FRAME();
        if (shown !== B.step.from) {
          B.step.seen = now;
          B.step.reached = shown;
          afterPaint((t) => { B.step.done = t; });
        }
      } catch (e) { /* no frame yet */ }
    }
    if (B.pan && B.pan.seen === undefined && B.view() !== B.pan.from) {
      B.pan.seen = now;
      afterPaint((t) => { B.pan.done = t; });
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  B.frame = () => { try { return FRAME(); } catch (e) { return -1; } };
  addEventListener("keydown", (e) => B.keys.push(e.timeStamp), true);
})();
"""


def init_script(ready: str, frame: str = "-1") -> str:
    return INIT % {"ready": ready, "frame": frame}


@dataclass
class Summary:
    median: float
    p95: float
    n: int

    def text(self, unit: str = " ms", digits: int = 1) -> str:
        return f"{self.median:.{digits}f} / {self.p95:.{digits}f}{unit} (n={self.n})"


def summarize(values: list[float]) -> Summary:
    s = sorted(values)
    if not s:
        return Summary(float("nan"), float("nan"), 0)
    return Summary(statistics.median(s), s[min(len(s) - 1, round(0.95 * (len(s) - 1)))], len(s))


def wait_ready(page: Any, timeout_ms: float) -> float:
    """Milliseconds from the navigation's start to the first frame at which the page was ready."""
    page.wait_for_function(
        "() => window.__bench && window.__bench.t.ready !== undefined", timeout=timeout_ms, polling=20
    )
    return float(page.evaluate("() => window.__bench.t.ready"))


def pan_steps(page: Any, path: list[tuple[float, float]], timeout_ms: float) -> list[float]:
    """Drag along ``path`` (the button is already down), one pointer move at a time; for each,
    milliseconds from the move's event to the end of the first frame that shows the view moved."""
    out = []
    for x, y in path:
        page.evaluate("() => { window.__bench.pan = { from: window.__bench.view() }; }")
        page.mouse.move(x, y)
        page.wait_for_function("() => window.__bench.pan.done !== undefined", timeout=timeout_ms, polling=5)
        moved, done = page.evaluate("() => [window.__bench.lastMove, window.__bench.pan.done]")
        out.append(float(done) - float(moved))
    page.evaluate("() => { window.__bench.pan = null; }")
    return out


def view(page: Any) -> str:
    return str(page.evaluate("() => window.__bench.view()"))


@dataclass
class Step:
    ms: float
    frames: int  # how far the shown frame moved (1 for an exact step)


def frame_step(page: Any, key: str, timeout_ms: float) -> Step | None:
    """Press ``key`` once; milliseconds from its keydown to the end of the first frame at which the
    tool shows another frame, and by how many frames it moved. None if nothing moved in time."""
    start = int(page.evaluate("() => window.__bench.frame()"))
    page.evaluate("(f) => { window.__bench.step = { from: f }; }", start)
    before = int(page.evaluate("() => window.__bench.keys.length"))
    page.keyboard.press(key)
    try:
        page.wait_for_function("() => window.__bench.step.done !== undefined", timeout=timeout_ms, polling=5)
    except PlaywrightTimeout:
        return None
    pressed, done, reached = page.evaluate(
        "(i) => [window.__bench.keys[i], window.__bench.step.done, window.__bench.step.reached]", before
    )
    return Step(float(done) - float(pressed), int(reached) - start)
