"""Label Studio under the UI benchmark: ``label-studio start`` from its own virtualenv
(bench/.work/ls-venv), projects from its templates, media uploaded through its import API.

The image task carries the 500 boxes as an annotation (percent coordinates, its format), which
its labeling page opens selected and draws. The page is measured through what its editor
exposes: ``window.Htx`` (the editor's state tree, which its own end-to-end tests read), Konva's
stages (its canvas library, also goldlabel's) and the canvas it draws video frames on.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
from server.labelstudio_side import ADMIN, ADMIN_PASSWORD, ADMIN_TOKEN, LS_BIN, LabelStudio
from server.procs import Server

from ui.media import BOXES, IMAGE_SIZE, VIDEO_FPS, boxes

NAME = "Label Studio"
# Its templates ("Object Detection with Bounding Boxes", "Audio classification / speaker
# segmentation", "Video Object Tracking"), with the video's frame rate set to the file's: it
# must be declared in the config (default 24) and a wrong one would step by the wrong amount.
CONFIGS = {
    "image": """<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="label" toName="image">
    <Label value="person" background="green"/><Label value="car" background="blue"/>
  </RectangleLabels>
</View>""",
    "audio": """<View>
  <Labels name="label" toName="audio">
    <Label value="speech" background="green"/><Label value="noise" background="red"/>
  </Labels>
  <Audio name="audio" value="$audio"/>
</View>""",
    "video": f"""<View>
  <Labels name="videoLabels" toName="video" allowEmpty="true">
    <Label value="person" background="green"/><Label value="car" background="blue"/>
  </Labels>
  <Video name="video" value="$video" framerate="{VIDEO_FPS}.0"/>
  <VideoRectangle name="box" toName="video"/>
</View>""",
}

# The <img> it draws the picture with, and the regions of the selected annotation on its Konva
# stage: ready once the picture has decoded and all the boxes are in its state and on the stage.
IMAGE_READY = (
    "(() => { const img = document.querySelector('img[alt=\"image\"]');"
    " const a = window.Htx?.annotationStore?.selected;"
    f" return !!img && img.complete && img.naturalWidth > 0 && a?.regionStore?.regions?.length >= {BOXES}"
    f" && window.__bench.konvaShapes('Rect') >= {BOXES}; }})()"
)
# Its waveform (AudioUltra) shows a progress bar (`<loading-progress-bar>`) while it fetches and
# decodes the whole file, and removes it in the same task that marks the waveform loaded and draws
# it (Visualizer.init); ready = that bar was shown and is gone, and a media element is playable.
AUDIO_READY = (
    "(window.__bench.sawLoader ||= !!document.querySelector('loading-progress-bar'))"
    " && !document.querySelector('loading-progress-bar') && window.__bench.playable()"
)
# Its video: a frame drawn on its canvas from a playable <video>, and its timeline knows the
# length in frames (until then it is 1 frame long and its step buttons and keys do nothing).
VIDEO_READY = (
    "window.__bench.drawnFrame !== undefined && window.__bench.playable()"
    " && window.Htx?.annotationStore?.selected?.names?.get('video')?.length > 1"
)
# The frame drawn on its canvas: it draws the hidden <video> into a canvas on 'seeked'; the probe
# records the video's time at each drawImage of a video that has finished seeking.
FRAME = "window.__bench.drawnFrame ?? -1"
DRAW_HOOK = """
(() => {
  const draw = CanvasRenderingContext2D.prototype.drawImage;
  CanvasRenderingContext2D.prototype.drawImage = function (src, ...rest) {
    if (src instanceof HTMLVideoElement && !src.seeking && src.readyState >= 2 && window.__bench)
      window.__bench.drawnFrame = Math.round(src.currentTime * FPS);
    return draw.call(this, src, ...rest);
  };
})();
""".replace("FPS", str(VIDEO_FPS))


def ls_regions() -> list[dict[str, Any]]:
    """The benchmark's boxes as Label Studio rectangles (percent of the image)."""
    w, h = IMAGE_SIZE
    out = []
    for b in boxes():
        out.append(
            {
                "id": str(b["id"]),
                "from_name": "label",
                "to_name": "image",
                "type": "rectanglelabels",
                "original_width": w,
                "original_height": h,
                "image_rotation": 0,
                "value": {
                    "x": 100 * float(b["x"]) / w,
                    "y": 100 * float(b["y"]) / h,
                    "width": 100 * float(b["width"]) / w,
                    "height": 100 * float(b["height"]) / h,
                    "rotation": 0,
                    "rectanglelabels": [b["label"]],
                },
            }
        )
    return out


class LabelStudioUI:
    name = NAME

    def __init__(self, work: Path, port: int) -> None:
        self.work, self.port = work, port
        self.side = LabelStudio(work, port)
        self.base = self.side.base
        self.server: Server | None = None
        self.http = httpx.Client(
            base_url=self.base, timeout=3600, headers={"Authorization": f"Token {ADMIN_TOKEN}"}
        )
        self.pages: dict[str, str] = {}
        # Seconds each upload took (what the server does with a file when it arrives).
        self.upload_s: dict[str, float] = {}
        self._state: dict[str, Any] | None = None

    def version(self) -> str:
        return self.side.version()

    def start(self) -> float:
        self.server = self.side.make_server(self.side.data_dir, self.work / "server.log")
        took = self.server.start()
        # Switches on the organisation's legacy API tokens (its default is off).
        subprocess.run(
            [str(LS_BIN / "python"), str(Path(__file__).parent.parent / "server" / "ls_users.py"), "0"],
            check=True,
            capture_output=True,
            env={"LABEL_STUDIO_BASE_DATA_DIR": str(self.side.data_dir), "PATH": "/usr/bin:/bin"},
        )
        return took

    def stop(self) -> None:
        if self.server:
            self.server.stop()

    def login(self, context: Any) -> None:
        """Log in through its login form once; later contexts reuse the cookies."""
        if self._state is None:
            page = context.new_page()
            page.goto(f"{self.base}/user/login/")
            page.fill("input[name=email]", ADMIN)
            page.fill("input[name=password]", ADMIN_PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(lambda url: "/user/login" not in url)
            self._state = context.storage_state()
            page.close()
        else:
            context.add_cookies(self._state["cookies"])

    def _project(self, kind: str, media: Path) -> tuple[int, int]:
        resp = self.http.post("/api/projects", json={"title": f"bench {kind}", "label_config": CONFIGS[kind]})
        resp.raise_for_status()
        pid: int = resp.json()["id"]
        t0 = time.perf_counter()
        with media.open("rb") as fh:
            self.http.post(f"/api/projects/{pid}/import", files={"file": (media.name, fh)}).raise_for_status()
        self.upload_s[kind] = time.perf_counter() - t0
        tasks = self.http.get("/api/tasks", params={"project": pid}).json()["tasks"]
        return pid, int(tasks[0]["id"])

    def setup(self, media: dict[str, Path], kinds: list[str]) -> None:
        for kind in kinds:
            pid, tid = self._project(kind, media[kind])
            if kind == "image":
                self.http.post(
                    f"/api/tasks/{tid}/annotations", json={"result": ls_regions()}
                ).raise_for_status()
            self.pages[kind] = f"{self.base}/projects/{pid}/data?task={tid}"

    def ready(self, kind: str) -> str:
        return {"image": IMAGE_READY, "audio": AUDIO_READY, "video": VIDEO_READY}[kind]

    def frame(self) -> str:
        return FRAME

    extra_init = DRAW_HOOK
    # Its "Step forward" (media:step-forward) moves by the user setting "Video hop size", 10
    # frames by default; before_steps sets it to 1 as its settings dialog does.
    step_key = "Alt+ArrowRight"

    def before_steps(self, page: Any) -> None:
        page.evaluate("() => window.Htx.settings.setVideoHopSize(1)")

    def image_box(self, page: Any) -> dict[str, float]:
        box: dict[str, float] = page.locator('img[alt="image"]').bounding_box()
        return box

    def _zoom(self, page: Any) -> float:
        return float(page.evaluate("() => window.Htx.annotationStore.selected.names.get('image').zoomScale"))

    def zoom_in(self, page: Any, factor: float) -> float:
        """Ctrl + wheel at the pointer (its zoom gesture) until ``factor`` × the fitted scale
        (its ``zoomScale`` is relative to the fit)."""
        page.keyboard.down("Control")
        try:
            for _ in range(50):
                if self._zoom(page) >= factor:
                    break
                page.mouse.wheel(0, -100)
                page.wait_for_timeout(50)
        finally:
            page.keyboard.up("Control")
        return self._zoom(page)

    def pan_down(self, page: Any) -> None:
        page.keyboard.press("h")  # its hand tool (tool:pan-image)
        page.mouse.down()

    def pan_up(self, page: Any) -> None:
        page.mouse.up()
