"""goldlabel under the UI benchmark: started as a user starts it, projects made through its API.

One project per modality, each with one item whose media were uploaded through
``POST /api/projects/{id}/media``; the image item carries the benchmark's 500 boxes as the
annotator's saved draft, which the labeling page opens and draws. What the page is measured by
are the DOM hooks every surface carries (docs/ARCHITECTURE.md): ``[data-surface][data-ready]``,
the video surface's ``data-frame`` (the presented frame, from ``requestVideoFrameCallback``) and
the image surface's ``data-zoom``.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import orjson
from server.procs import Server

from ui.media import BOXES, boxes

NAME = "goldlabel"
EMAIL = "bench@goldlabel.local"
PASSWORD = "bench-password-123"
CLI = "from goldlabel.cli.main import app; app()"
LABELS = ["person", "car"]
SCHEMAS: dict[str, dict[str, Any]] = {
    "image": {
        "fields": {"image": "image"},
        "controls": [{"name": "objects", "type": "boxes", "field": "image", "labels": LABELS}],
    },
    "audio": {
        "fields": {"audio": "audio"},
        "controls": [{"name": "speech", "type": "segments", "field": "audio", "labels": ["speech", "noise"]}],
    },
    "video": {
        "fields": {"video": "video"},
        "controls": [{"name": "objects", "type": "tracks", "field": "video", "labels": LABELS}],
    },
}

# Page-side predicates (JavaScript expressions) the probes poll once per animation frame.
READY = 'document.querySelector(\'[data-surface="{kind}"][data-ready="true"]\') !== null'
# The image: the surface drew the picture (its data-ready) and the 500 boxes are on the stage,
# the same condition as Label Studio's. Audio and video: the surface is ready (waveform drawn
# from the peaks / first frame presented) and a media element is playable.
READY_BY_KIND = {
    "image": f"{READY.format(kind='image')} && window.__bench.konvaShapes('Rect') >= {BOXES}",
    "audio": f"{READY.format(kind='audio')} && window.__bench.playable()",
    "video": f"{READY.format(kind='video')} && window.__bench.playable()",
}
# The frame the video surface presented (-1 until it has one).
FRAME = "Number(document.querySelector('[data-surface=\"video\"]')?.dataset.frame ?? -1)"


class GoldlabelUI:
    name = NAME

    def __init__(self, work: Path, port: int) -> None:
        self.work, self.port = work, port
        self.base = f"http://127.0.0.1:{port}"
        self.data_dir = work / "data"
        self.server: Server | None = None
        self.http = httpx.Client(base_url=self.base, timeout=600)
        self.pages: dict[str, str] = {}
        # Seconds each upload took (what the server does with a file when it arrives).
        self.upload_s: dict[str, float] = {}

    def version(self) -> str:
        from goldlabel import __version__

        return __version__

    def _dir(self) -> list[str]:
        return ["--data-dir", str(self.data_dir)]

    def start(self) -> float:
        """``goldlabel user create`` for the benchmark's account, then ``goldlabel start``."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-c", CLI, "user", "create", EMAIL, "--password-stdin", "--admin", *self._dir()],
            input=f"{PASSWORD}\n",
            text=True,
            check=True,
            capture_output=True,
        )
        cmd = [sys.executable, "-c", CLI, "start", "--host", "127.0.0.1", "--port", str(self.port)]
        cmd += self._dir()
        self.server = Server(NAME, cmd, f"{self.base}/api/auth/me", self.work / "server.log")
        took = self.server.start()
        resp = self.http.post("/api/auth/login", json={"email": EMAIL, "password": PASSWORD})
        resp.raise_for_status()
        self.http.headers["X-CSRF-Token"] = self.http.cookies["goldlabel_csrf"]
        return took

    def stop(self) -> None:
        if self.server:
            self.server.stop()

    def login(self, context: Any) -> None:
        """Log the browser context in (its cookies then carry the session, as after the form)."""
        resp = context.request.post(
            f"{self.base}/api/auth/login", data={"email": EMAIL, "password": PASSWORD}
        )
        assert resp.ok, resp.text()

    def _project(self, kind: str, media: Path) -> int:
        resp = self.http.post("/api/projects", json={"name": f"bench {kind}", "schema": SCHEMAS[kind]})
        resp.raise_for_status()
        pid: int = resp.json()["id"]
        t0 = time.perf_counter()
        with media.open("rb") as fh:
            up = self.http.post(f"/api/projects/{pid}/media", files={"files": (media.name, fh)})
        up.raise_for_status()
        self.upload_s[kind] = time.perf_counter() - t0
        url = up.json()[0]["url"]
        items = orjson.dumps([{"data": {kind: url}}])
        self.http.post(
            f"/api/projects/{pid}/items", files={"file": ("items.json", items, "application/json")}
        ).raise_for_status()
        return pid

    def setup(self, media: dict[str, Path], kinds: list[str]) -> None:
        for kind in kinds:
            pid = self._project(kind, media[kind])
            if kind == "image":
                nxt = self.http.get(f"/api/projects/{pid}/next")
                nxt.raise_for_status()
                draft = {"result": {"objects": boxes()}, "status": "draft", "lead_time_ms": 1000}
                self.http.post(f"/api/items/{nxt.json()['id']}/annotations", json=draft).raise_for_status()
            self.pages[kind] = f"{self.base}/projects/{pid}/label"

    # What the probes read on the page.
    def ready(self, kind: str) -> str:
        return READY_BY_KIND[kind]

    def frame(self) -> str:
        return FRAME

    extra_init = ""
    step_key = "ArrowRight"

    def before_steps(self, page: Any) -> None:
        """Nothing to set: its frame-step key (→) moves one frame."""

    def image_box(self, page: Any) -> dict[str, float]:
        box: dict[str, float] = page.locator('[data-surface="image"] canvas').first.bounding_box()
        return box

    def _zoom(self, page: Any) -> float:
        return float(page.locator('[data-surface="image"]').get_attribute("data-zoom") or "nan")

    def zoom_in(self, page: Any, factor: float) -> float:
        """The wheel at the pointer (its zoom gesture) until ``factor`` × the fitted scale
        (``data-zoom`` is the image-to-screen scale; the page opens fitted)."""
        fitted = self._zoom(page)
        for _ in range(50):
            if self._zoom(page) >= factor * fitted:
                break
            page.mouse.wheel(0, -100)
            page.wait_for_timeout(50)
        return self._zoom(page) / fitted

    def pan_down(self, page: Any) -> None:
        page.keyboard.down(" ")  # Space held over the image turns a drag into a pan
        page.mouse.down()

    def pan_up(self, page: Any) -> None:
        page.mouse.up()
        page.keyboard.up(" ")
