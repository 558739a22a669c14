"""Video tracks in a real browser: a short H.264 clip made here with PyAV (a box moving right by
3 px a frame) is uploaded as project media; frame stepping by keys lands on exact frames (the
surface's `data-frame` is the frame Chromium presented); a track is drawn, moved on a later frame
(a keyframe, the frames between interpolated), relabelled, the relabel undone, and the stored
answer checked through the API; then practice feedback draws a track answer against its
reference, on the video and on the timeline, in words; a track is made and edited by keyboard
alone; activity segments are made at the playhead on the same timeline.
"""

from __future__ import annotations

import re
from contextlib import closing
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest

from tests.e2e.conftest import Server, api_client, login

pytestmark = pytest.mark.e2e

FPS, SECONDS, WIDTH, HEIGHT = 30, 3, 320, 240
SCHEMA = {
    "fields": {"video": "video"},
    "controls": [{"name": "objects", "type": "tracks", "field": "video", "labels": ["car", "person"]}],
}
SURFACE = '[data-surface="video"][data-field="video"]'


def moving_box_clip(path: Path) -> Path:
    """3 s at 30 fps, 320×240, H.264 in MP4 (Debian's Chromium plays it): a light box that starts
    at x = 20 and moves 3 px right on every frame."""
    with av.open(str(path), "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=FPS)
        stream.width, stream.height, stream.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        for n in range(FPS * SECONDS):
            img = np.full((HEIGHT, WIDTH, 3), 40, np.uint8)
            img[80:140, 20 + 3 * n : 60 + 3 * n] = (250, 200, 30)
            for packet in stream.encode(av.VideoFrame.from_ndarray(img, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


def _project(
    server: Server, tmp_path: Path, name: str, gold: dict[str, Any] | None = None
) -> tuple[int, int]:
    """A tracks project with one video item (uploaded media); returns (project id, item id)."""
    clip = moving_box_clip(tmp_path / "moving-box.mp4")
    with closing(api_client(server)) as api:
        pid = api.post("/api/projects", json={"name": name, "schema": SCHEMA}).json()["id"]
        with clip.open("rb") as f:
            r = api.post(f"/api/projects/{pid}/media", files={"files": ("moving-box.mp4", f, "video/mp4")})
        r.raise_for_status()
        (stored,) = r.json()
        # No declared size or frame rate: the server measured them when the file arrived.
        row: dict[str, Any] = {"data": {"video": stored["url"]}}
        if gold:
            row["gold"] = gold
        api.post(f"/api/projects/{pid}/items", json=[row]).raise_for_status()
        (item,) = api.get(f"/api/projects/{pid}/items").json()["items"]
        # Served in parts: the browser streams it and never has to read it whole.
        part = api.get(stored["url"], headers={"Range": "bytes=0-99"})
        assert part.status_code == 206 and len(part.content) == 100
    return pid, int(item["id"])


def _submitted(page, server: Server, item_id: int) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """The item's submitted annotations, once the submission (sent after Enter) has landed."""
    with closing(api_client(server)) as api:
        for _ in range(100):
            annotations = api.get(f"/api/items/{item_id}/annotations").json()
            done = [a for a in annotations if a["status"] == "submitted"]
            if done:
                return done
            page.wait_for_timeout(100)
    raise AssertionError("the submission did not land")


def _frame(page) -> int:  # type: ignore[no-untyped-def]
    return int(page.locator(SURFACE).first.get_attribute("data-frame"))


def _wait_frame(page, n: int) -> None:  # type: ignore[no-untyped-def]
    page.locator(f'{SURFACE}[data-frame="{n}"]').first.wait_for()


def _stage(page) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
    """The overlay's top-left corner on the page and its scale (display px per video px)."""
    box = page.locator(f"{SURFACE} .video-frame").bounding_box()
    assert box
    return box["x"], box["y"], box["width"] / WIDTH


def _drag(page, a: tuple[float, float], b: tuple[float, float]) -> None:  # type: ignore[no-untyped-def]
    """Drag between two points given in video pixels."""
    x0, y0, s = _stage(page)
    page.mouse.move(x0 + a[0] * s, y0 + a[1] * s)
    page.mouse.down()
    page.mouse.move(x0 + (a[0] + b[0]) / 2 * s, y0 + (a[1] + b[1]) / 2 * s, steps=4)
    page.mouse.move(x0 + b[0] * s, y0 + b[1] * s, steps=4)
    page.mouse.up()


def test_step_draw_keyframe_interpolate_relabel_undo_submit(page, server: Server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pid, item_id = _project(server, tmp_path, "Video tracks")
    page.goto(f"{server.url}/projects/{pid}/label")
    page.wait_for_url(re.compile(r"/login"))
    login(page, server)
    page.locator(f'{SURFACE}[data-ready="true"]').wait_for()
    assert _frame(page) == 0
    assert page.locator(SURFACE).get_attribute("data-fps") == str(FPS)  # read from the file
    assert page.locator(f"{SURFACE} video").evaluate("v => v.videoWidth") == WIDTH

    # frame-exact stepping by keys: frame, second, first and last
    for n in (1, 2, 3):
        page.keyboard.press("ArrowRight")
        _wait_frame(page, n)
    page.keyboard.press("Shift+ArrowRight")
    _wait_frame(page, 33)
    page.keyboard.press("ArrowLeft")
    _wait_frame(page, 32)
    page.keyboard.press("End")
    _wait_frame(page, FPS * SECONDS - 1)
    page.keyboard.press("Home")
    _wait_frame(page, 0)
    page.get_by_test_id("frame-readout").filter(has_text="Frame 0 of 0–89").wait_for()

    # speed and play/pause on keys; paused, it rests on a frame
    page.keyboard.press("=")
    page.get_by_label("Playback speed").filter(has_text="1.5×").wait_for()
    page.keyboard.press("-")
    page.get_by_label("Playback speed").filter(has_text="1×").wait_for()
    page.keyboard.press("Space")
    for _ in range(100):  # playing: the presented frame moves on
        if _frame(page) > 5:
            break
        page.wait_for_timeout(50)
    assert _frame(page) > 5
    page.keyboard.press("Space")
    page.get_by_role("button", name="Play").wait_for()
    rest = _frame(page)
    page.wait_for_timeout(300)
    assert _frame(page) == rest

    # a click on the timeline seeks there; i and o zoom it
    inner = page.locator(f"{SURFACE} .timeline-inner").bounding_box()
    assert inner
    page.mouse.click(inner["x"] + inner["width"] * 0.505, inner["y"] + 8)
    _wait_frame(page, 45)
    page.keyboard.press("i")
    page.get_by_label("Timeline zoom").filter(has_text="2×").wait_for()
    assert page.locator(f"{SURFACE} .timeline-inner").bounding_box()["width"] > inner["width"] * 1.9  # type: ignore[index]
    page.keyboard.press("o")
    page.get_by_label("Timeline zoom").filter(has_text="1×").wait_for()
    page.keyboard.press("Home")
    _wait_frame(page, 0)

    # draw a box around the moving box on frame 0: a new track, living on that frame
    _drag(page, (20, 80), (60, 140))
    card = page.locator('.control-card[data-control="objects"]')
    here = card.get_by_role("list", name="Tracks on this frame")
    here.locator('li[data-track="1"]').filter(has_text="keyframe").wait_for()
    row = page.locator('.timeline-row[data-track="1"]')
    assert row.locator(".timeline-keyframe").count() == 1

    # ten frames on, the track is not there yet; moving its offered box there makes a keyframe
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    _wait_frame(page, 10)
    card.get_by_text("No track on this frame.").wait_for()
    _drag(page, (40, 110), (70, 110))  # the offered box (at x 20..60) moved 30 px right
    here.locator('li[data-track="1"]').filter(has_text="keyframe").wait_for()
    row.locator('.timeline-keyframe[data-keyframe="10"]').wait_for()

    # between the keyframes the box is interpolated
    for _ in range(5):
        page.keyboard.press("ArrowLeft")
    _wait_frame(page, 5)
    here.locator('li[data-track="1"]').filter(has_text="interpolated").wait_for()

    # relabel the whole track with the key of "person" (2), then undo it
    page.keyboard.press("2")
    here.locator('li[data-track="1"]').filter(has_text="person").wait_for()
    page.keyboard.press("Control+z")
    here.locator('li[data-track="1"]').filter(has_text="car").wait_for()

    page.keyboard.press("Enter")
    (annotation,) = _submitted(page, server, item_id)
    (track,) = annotation["result"]["objects"]
    assert track["label"] == "car" and track["track_id"] == 1
    frames = {f["frame"]: f for f in track["frames"]}
    assert sorted(frames) == list(range(11))  # every frame between the keyframes is stored
    assert [f for f, box in frames.items() if box.get("keyframe")] == [0, 10]
    first, last, middle = frames[0], frames[10], frames[5]
    assert last["x"] == pytest.approx(first["x"] + 30, abs=1.5)
    assert last["width"] == pytest.approx(first["width"], abs=0.01)
    assert middle["x"] == pytest.approx((first["x"] + last["x"]) / 2, abs=0.01)
    assert first["x"] == pytest.approx(20, abs=1.5) and first["width"] == pytest.approx(40, abs=1.5)


def test_a_track_by_keyboard_alone(page, server: Server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pid, item_id = _project(server, tmp_path, "Video tracks by keys")
    page.goto(f"{server.url}/projects/{pid}/label")
    page.wait_for_url(re.compile(r"/login"))
    login(page, server)
    page.locator(f'{SURFACE}[data-ready="true"]').wait_for()
    here = page.get_by_role("list", name="Tracks on this frame")

    page.keyboard.press("n")  # a new track on frame 0, a third of the picture
    here.locator('li[data-track="1"]').filter(has_text="keyframe").wait_for()
    for n in range(1, 5):
        page.keyboard.press("ArrowRight")
        _wait_frame(page, n)
    page.keyboard.press("Control+Shift+ArrowRight")  # moved 10 px on frame 4: extended to it
    here.locator('li[data-track="1"]').filter(has_text="keyframe").wait_for()
    page.keyboard.press("Alt+ArrowDown")  # 1 px taller there
    page.keyboard.press("2")  # the whole track is a person
    here.locator('li[data-track="1"]').filter(has_text="person").wait_for()
    page.keyboard.press("ArrowLeft")
    _wait_frame(page, 3)
    page.keyboard.press("e")  # absent from frame 3 on, until its keyframe on 4
    page.get_by_text("No track on this frame.").wait_for()

    page.keyboard.press("Enter")
    (annotation,) = _submitted(page, server, item_id)
    (track,) = annotation["result"]["objects"]
    assert track["label"] == "person"
    frames = {f["frame"]: f for f in track["frames"]}
    assert sorted(frames) == [0, 1, 2, 4]  # frame 3 absent
    assert [f for f, box in frames.items() if box.get("keyframe")] == [0, 2, 4]
    first, last = frames[0], frames[4]
    assert (first["x"], first["y"]) == pytest.approx((WIDTH / 3, HEIGHT / 3), abs=0.01)
    assert last["x"] == pytest.approx(first["x"] + 10, abs=0.01)
    assert last["height"] == pytest.approx(first["height"] + 1, abs=0.01)


def _reference() -> list[dict[str, Any]]:
    """The practice item's reference: the moving box as car #1 on frames 0–10, and a person #2
    standing top right on frames 0–5 that the answer below misses."""
    car = [{"frame": n, "x": 20 + 3 * n, "y": 80, "width": 40, "height": 60} for n in range(11)]
    person = [{"frame": n, "x": 200, "y": 20, "width": 30, "height": 30} for n in range(6)]
    return [
        {"track_id": 1, "label": "car", "frames": car},
        {"track_id": 2, "label": "person", "frames": person},
    ]


def test_practice_feedback_draws_the_track_diff(page, server: Server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    gold = {"set": "practice", "result": {"objects": _reference()}}
    pid, _item = _project(server, tmp_path, "Video practice", gold)
    page.goto(f"{server.url}/projects/{pid}/practice")
    page.wait_for_url(re.compile(r"/login"))
    login(page, server)
    page.locator(f'{SURFACE}[data-ready="true"]').wait_for()
    _drag(page, (20, 80), (60, 140))  # the car on frame 0 only
    page.locator('li[data-track="1"]').filter(has_text="keyframe").wait_for()
    page.get_by_role("button", name="Check my answer").click()

    view = page.locator(".answer-view")
    surface = view.locator(f'{SURFACE}[data-ready="true"]')
    surface.wait_for()
    card = view.locator('.answer-card[data-control="objects"]')
    card.get_by_text("✓ car #1 follows reference car #1: 1 matched of 1 frames").wait_for()
    card.get_by_text("Reference car #1: found on 1 of 11 frames, missed on 10").wait_for()
    card.get_by_text("− Missed: reference person #2 (6 frames)").wait_for()

    # on the timeline: where each track matched or was missed
    rows = view.locator(".timeline-row")
    yours = rows.and_(view.locator('[data-side="yours"]'))
    assert yours.locator(".timeline-bar").evaluate_all("bs => bs.map(b => b.dataset.status)") == ["matched"]
    car = rows.and_(view.locator('[data-side="reference"][data-track="1"]'))
    assert car.locator(".timeline-bar").evaluate_all("bs => bs.map(b => b.dataset.status)") == [
        "matched",
        "missed",
    ]
    person = rows.and_(view.locator('[data-side="reference"][data-track="2"]'))
    assert "missed" in person.locator(".timeline-bar").first.get_attribute("title")

    # on the frame: the missed person's reference box is drawn (dashed, in the reference blue)
    blue = surface.locator("canvas").first.evaluate(
        """(c) => {
            const s = c.width / 320;
            const at = (v) => Math.round(v * s);
            const row = c.getContext('2d').getImageData(at(200), at(20), at(30), 1).data;
            let n = 0;
            for (let i = 0; i < row.length; i += 4) if (row[i + 2] > 180 && row[i] < 80) n++;
            return n;
        }"""
    )
    assert blue > 3

    # the read-only surface steps by keys once focused
    surface.focus()
    page.keyboard.press("ArrowRight")
    view.locator(f'{SURFACE}[data-frame="1"]').wait_for()


def test_activity_segments_on_the_timeline_by_frame(page, server: Server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    schema = {
        "fields": {"video": "video"},
        "controls": [
            *SCHEMA["controls"],
            {"name": "activity", "type": "segments", "field": "video", "labels": ["walk", "run"]},
        ],
    }
    pid, item_id = _project(server, tmp_path, "Video activities")
    with closing(api_client(server)) as api:
        api.patch(f"/api/projects/{pid}", json={"schema": schema}).raise_for_status()
    page.goto(f"{server.url}/projects/{pid}/label")
    page.wait_for_url(re.compile(r"/login"))
    login(page, server)
    page.locator(f'{SURFACE}[data-ready="true"]').wait_for()
    # one surface holds both controls' layers; Tab makes the segments control the active one
    assert page.locator(SURFACE).count() == 1
    page.keyboard.press("Tab")
    page.locator('.control-card.active[data-control="activity"]').wait_for()

    # [ on frame 10, ] on frame 39: frames 10–39 with the current label
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    _wait_frame(page, 10)
    page.keyboard.press("[")
    page.get_by_test_id("segment-mark").wait_for()
    page.keyboard.press("Shift+ArrowRight")
    _wait_frame(page, 40)
    page.keyboard.press("ArrowLeft")
    _wait_frame(page, 39)
    page.keyboard.press("]")
    bar = page.locator('.timeline-group[data-control="activity"] .segment-bar')
    bar.filter(has_text="walk").wait_for()
    assert bar.get_attribute("title") == "walk: frames 10–39"

    # the end one frame later, the start one frame earlier, then relabelled with 2
    page.keyboard.press("Alt+Shift+ArrowRight")
    page.locator('.segment-bar[title="walk: frames 10–40"]').wait_for()
    page.keyboard.press("Alt+ArrowLeft")
    page.locator('.segment-bar[title="walk: frames 9–40"]').wait_for()
    page.keyboard.press("2")
    page.locator('.segment-bar[title="run: frames 9–40"]').wait_for()

    page.keyboard.press("Enter")
    (annotation,) = _submitted(page, server, item_id)
    (segment,) = annotation["result"]["activity"]
    assert (segment["start"], segment["end"], segment["label"]) == (0.3, 1.367, "run")
    assert annotation["result"]["objects"] == []
