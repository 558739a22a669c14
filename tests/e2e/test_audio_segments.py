"""Audio labeling in the browser: a WAV made here and uploaded through the media route, drawn as a
waveform; segments made by dragging on it and by keys at the playhead, moved, resized, relabelled,
given a transcript, undone and redone, and submitted — the stored value checked through the API;
playback and speed on keys drive the media element; and a practice answer's diff against the
reference drawn in its own lane, in words (matched, wrong label, offsets, missed, extra).
"""

from __future__ import annotations

import io
import re
import wave
from contextlib import closing
from typing import Any

import numpy as np
import pytest
from playwright.sync_api import expect
from sqlalchemy import update

from goldlabel.db.models import Media
from tests.e2e.conftest import Server, api_client, login, server_db

pytestmark = pytest.mark.e2e

RATE = 16_000
SECONDS = 12
SURFACE = '[data-surface="audio"][data-field="audio"]'


def wav_bytes(seconds: int = SECONDS, rate: int = RATE) -> bytes:
    """Mono 16-bit audio: tone bursts (a "voice") between quiet stretches."""
    t = np.arange(rate * seconds) / rate
    loud = ((t % 4) < 2.5).astype(np.float64)
    samples = 0.6 * loud * np.sin(2 * np.pi * 220 * t) + 0.01 * np.sin(2 * np.pi * 50 * t)
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((samples * 32767).astype("<i2").tobytes())
    return buf.getvalue()


def schema() -> dict[str, Any]:
    return {
        "fields": {"audio": "audio"},
        "controls": [
            {"name": "turns", "type": "segments", "field": "audio", "labels": ["speech", "music"]},
            {"name": "transcript", "type": "text", "field": "audio", "transcription": True},
        ],
    }


def project_with_audio(
    server: Server, rows: list[dict[str, Any]] | None = None, wav: bytes | None = None
) -> tuple[int, str]:
    """A project whose items hold an uploaded WAV (``rows`` may use ``{url}`` for its address)."""
    with closing(api_client(server)) as api:
        pid = int(api.post("/api/projects", json={"name": "Audio", "schema": schema()}).json()["id"])
        body = wav if wav is not None else wav_bytes()
        r = api.post(f"/api/projects/{pid}/media", files={"files": ("clip.wav", body, "audio/wav")})
        assert r.status_code == 201, r.text
        url = r.json()[0]["url"]
        items = rows if rows is not None else [{"audio": url}]
        filled = [_fill(row, url) for row in items]
        api.post(f"/api/projects/{pid}/items", json=filled).raise_for_status()
    return pid, url


def _fill(row: Any, url: str) -> Any:
    if isinstance(row, dict):
        return {k: _fill(v, url) for k, v in row.items()}
    if isinstance(row, list):
        return [_fill(v, url) for v in row]
    return url if row == "{url}" else row


def open_surface(page, server: Server, path: str):  # type: ignore[no-untyped-def]
    page.goto(f"{server.url}{path}")
    page.wait_for_url(re.compile(r"/login"))
    login(page, server)
    surface = page.locator(f'{SURFACE}[data-ready="true"]').first
    surface.wait_for()
    return surface


def media_state(page) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return page.evaluate(
        """() => { const a = document.querySelector('[data-surface="audio"] audio');
        return { paused: a.paused, rate: a.playbackRate, time: a.currentTime }; }"""
    )


def seek_to_start(page) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        page.keyboard.press("Shift+ArrowLeft")


def test_segments_by_mouse_and_keys_stored_through_the_api(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    pid, url = project_with_audio(server)
    media_requests: list[dict[str, str]] = []
    page.on("request", lambda r: media_requests.append(r.headers) if r.url.endswith(url) else None)
    surface = open_surface(page, server, f"/projects/{pid}/label")
    # drawn from the server's peaks: no note about decoding, and the file is only ever asked
    # for in ranges by the media element (never fetched whole to decode it)
    assert page.get_by_test_id("audio-note").count() == 0
    assert media_requests and all("range" in h for h in media_requests), media_requests
    # the waveform is laid out (its shadow DOM styles apply under the page's CSP)
    canvas_position = surface.locator("canvas").first.evaluate("c => getComputedStyle(c).position")
    assert canvas_position == "absolute"
    card = page.locator('.control-card[data-control="turns"]')

    # by mouse: a drag on the waveform from 10% to 30% of its width, with the first label
    wave_box = surface.locator(".audio-wave").bounding_box()
    assert wave_box is not None
    y = wave_box["y"] + wave_box["height"] / 2
    page.mouse.move(wave_box["x"] + wave_box["width"] * 0.1, y)
    page.mouse.down()
    page.mouse.move(wave_box["x"] + wave_box["width"] * 0.2, y, steps=5)
    page.mouse.move(wave_box["x"] + wave_box["width"] * 0.3, y, steps=5)
    page.mouse.up()
    tag = surface.locator('.segment-tag[data-label="speech"]')
    tag.wait_for()
    expect(card.locator(".segment-list li")).to_have_count(1)
    dragged_id = str(tag.get_attribute("data-segment"))

    # by keys: Escape deselects, 2 picks "music" for the next segment, [ at 6 s, ] at 8 s
    page.keyboard.press("Escape")
    page.keyboard.press("2")
    expect(card.locator('.segment-labels [data-label="music"]')).to_have_attribute("aria-pressed", "true")
    seek_to_start(page)
    for _ in range(6):
        page.keyboard.press("ArrowRight")
    assert media_state(page)["time"] == pytest.approx(6, abs=0.01)
    page.keyboard.press("[")
    page.get_by_test_id("segment-mark").wait_for()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("]")
    surface.locator('.segment-tag[data-label="music"]').wait_for()
    expect(card.locator(".segment-list li")).to_have_count(2)
    editor = card.locator(".segment-editor")
    expect(editor.get_by_label("Start in seconds")).to_have_value(re.compile(r"^(5\.99\d*|6(\.00\d*)?)$"))
    expect(editor.get_by_label("End in seconds")).to_have_value(re.compile(r"^(7\.99\d*|8(\.00\d*)?)$"))

    # relabel the dragged segment by key (↑ selects it), nudge it by 0.1 s, resize it by its edge
    page.keyboard.press("ArrowUp")
    expect(editor).to_have_attribute("data-segment", dragged_id)
    before = float(editor.get_by_label("Start in seconds").input_value())
    page.keyboard.press("2")
    surface.locator(f'.segment-tag[data-segment="{dragged_id}"][data-label="music"]').wait_for()
    page.keyboard.press("Alt+ArrowRight")
    page.wait_for_function(
        """([sel, want]) => Math.abs(Number(document.querySelector(sel).value) - want) < 0.002""",
        arg=[".segment-editor [aria-label='Start in seconds']", before + 0.1],
    )
    end_before = float(editor.get_by_label("End in seconds").input_value())
    handle = surface.locator(f'[part~="{dragged_id}"] [part~="region-handle-right"]')
    hb = handle.bounding_box()
    assert hb is not None
    page.mouse.move(hb["x"] + hb["width"] / 2, hb["y"] + hb["height"] / 2)
    page.mouse.down()
    page.mouse.move(hb["x"] + 40, hb["y"] + hb["height"] / 2, steps=8)
    page.mouse.up()
    page.wait_for_function(
        """([sel, was]) => Number(document.querySelector(sel).value) > was + 0.2""",
        arg=[".segment-editor [aria-label='End in seconds']", end_before],
    )
    resized_end = float(editor.get_by_label("End in seconds").input_value())

    # its transcript: t focuses the box; undo takes the typing back, redo restores it
    page.keyboard.press("t")
    transcript = editor.get_by_label("Transcript of the selected segment")
    expect(transcript).to_be_focused()
    page.keyboard.type("hello there")
    page.keyboard.press("Escape")
    surface.locator(f'.segment-tag[data-segment="{dragged_id}"]').filter(has_text="hello there").wait_for()
    page.keyboard.press("Control+z")
    page.wait_for_function("() => document.querySelector('.segment-editor textarea').value === ''")
    page.keyboard.press("Control+Shift+z")
    page.wait_for_function("() => document.querySelector('.segment-editor textarea').value === 'hello there'")

    # delete by key, then undo brings the segment back
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Delete")
    expect(card.locator(".segment-list li")).to_have_count(1)
    page.keyboard.press("Control+z")
    expect(card.locator(".segment-list li")).to_have_count(2)

    # playback on keys: Space plays and pauses the media element, = speeds it up
    assert media_state(page)["paused"] is True
    page.keyboard.press("Space")
    page.wait_for_function("() => !document.querySelector('[data-surface=\"audio\"] audio').paused")
    expect(surface).to_have_attribute("data-playing", "true")
    page.keyboard.press("Space")
    page.wait_for_function("() => document.querySelector('[data-surface=\"audio\"] audio').paused")
    page.keyboard.press("=")
    assert media_state(page)["rate"] == 1.25
    expect(surface).to_have_attribute("data-rate", "1.25")

    # zoom on keys: i doubles the pixels per second from the fitted width, o goes back to fit
    page.keyboard.press("i")
    page.locator(f'{SURFACE}:not([data-zoom="0"])').wait_for()
    page.keyboard.press("o")
    page.locator(f'{SURFACE}[data-zoom="0"]').wait_for()

    # the spectrogram is decoded on demand for this short clip; the segments stay drawn
    surface.get_by_role("button", name="Spectrogram").click()
    page.locator(f'{SURFACE}[data-spectrogram="on"]').wait_for()
    expect(surface.locator(".segment-tag")).to_have_count(2)
    # a clicked tool keeps no focus: Space still plays and pauses, and leaves the toggle alone
    page.keyboard.press("Space")
    page.wait_for_function("() => !document.querySelector('[data-surface=\"audio\"] audio').paused")
    page.keyboard.press("Space")
    page.wait_for_function("() => document.querySelector('[data-surface=\"audio\"] audio').paused")
    expect(surface).to_have_attribute("data-spectrogram", "on")

    # the whole clip's transcription is the text control beside the surface
    whole = page.locator('.control-card[data-control="transcript"] textarea')
    whole.fill("hello there, some music")
    page.keyboard.press("Escape")
    page.keyboard.press("Enter")
    page.locator(".status").filter(has_text=re.compile("Submitted|Saved")).first.wait_for()

    with closing(api_client(server)) as api:
        items = api.get(f"/api/projects/{pid}/items").json()["items"]
        (annotation,) = api.get(f"/api/items/{items[0]['id']}/annotations").json()
    assert annotation["status"] == "submitted"
    result = annotation["result"]
    assert result["transcript"] == "hello there, some music"
    turns = sorted(result["turns"], key=lambda s: s["start"])
    assert [(s["label"], s.get("text")) for s in turns] == [("music", "hello there"), ("music", None)]
    assert turns[0]["id"] == dragged_id
    assert turns[0]["start"] == pytest.approx(before + 0.1, abs=0.002)
    assert turns[0]["end"] == pytest.approx(resized_end, abs=0.002)
    assert 0.9 < turns[0]["start"] < 1.6  # the drag began at 10% of 12 s
    assert (turns[1]["start"], turns[1]["end"]) == (pytest.approx(6, abs=0.01), pytest.approx(8, abs=0.01))


REFERENCE = [
    {"start": 0.5, "end": 2.5, "label": "speech"},  # answered 0.8–2.5: matched, start +0.30 s
    {"start": 4.0, "end": 6.0, "label": "speech"},  # answered as music: wrong label
    {"start": 9.0, "end": 10.0, "label": "music"},  # not answered: missed
]


def test_practice_feedback_draws_the_reference_lane_with_the_diff(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    gold = {"set": "practice", "result": {"turns": REFERENCE}}
    pid, _url = project_with_audio(server, [{"data": {"audio": "{url}"}, "gold": gold}])
    open_surface(page, server, f"/projects/{pid}/practice")

    def segment(start_s: int, end_s: int, label_key: str) -> None:
        page.keyboard.press(label_key)
        seek_to_start(page)
        for _ in range(start_s):
            page.keyboard.press("ArrowRight")
        page.keyboard.press("[")
        for _ in range(end_s - start_s):
            page.keyboard.press("ArrowRight")
        page.keyboard.press("]")
        page.keyboard.press("Escape")

    segment(4, 6, "2")  # music over the reference's speech: wrong label
    segment(11, 12, "2")  # nothing there in the reference: extra
    segment(1, 2, "1")  # then the start edge pulled to 0.8 s by hand
    card = page.locator('.control-card[data-control="turns"]')
    card.locator(".segment-list li").first.get_by_role("button").click()
    start = card.locator(".segment-editor").get_by_label("Start in seconds")
    start.fill("0.8")
    end = card.locator(".segment-editor").get_by_label("End in seconds")
    end.fill("2.5")
    end.blur()
    card.locator(".segment-list li").first.filter(has_text="0:00.80–0:02.50").wait_for()
    page.get_by_role("button", name="Check my answer").click()

    feedback = page.locator('.answer-view [data-surface="audio"]').first
    feedback.wait_for()
    reference_lane = feedback.locator('[data-lane="reference"]')
    answer_lane = feedback.locator('[data-lane="answer"]')
    matched = reference_lane.locator('[data-diff="matched"]')
    assert "Matched" in matched.inner_text() and "start +0.30 s, end ±0 s" in matched.inner_text()
    assert "Wrong label" in reference_lane.locator('[data-diff="wrong_label"]').inner_text()
    assert "Missed" in reference_lane.locator('[data-diff="missed"]').inner_text()
    assert "Extra" in answer_lane.locator('[data-diff="extra"]').inner_text()
    words = page.locator('.answer-card[data-control="turns"] .segment-diff')
    words.locator('[data-diff="wrong_label"]').filter(has_text="wrong label: music → speech").wait_for()
    words.locator('[data-diff="matched"]').filter(has_text="start +0.30 s").wait_for()


@pytest.mark.parametrize("minutes", [0.2, 11])
def test_without_server_peaks_short_files_decode_and_long_ones_play_without_a_waveform(
    new_page, server: Server, minutes: float
) -> None:  # type: ignore[no-untyped-def]
    """An upload from before peaks existed (or media served elsewhere): a short clip is decoded in
    the browser, a long one is not — it plays and takes segments without a waveform, and the
    spectrogram says why it is not drawn. The UI says which happened."""
    pid, _url = project_with_audio(server, wav=wav_bytes(int(minutes * 60), rate=8_000))
    with server_db(server) as db:
        db.execute(update(Media).where(Media.project_id == pid).values(has_peaks=False))
    page = new_page()
    surface = open_surface(page, server, f"/projects/{pid}/label")
    note = page.get_by_test_id("audio-note")
    if minutes < 10:
        note.filter(has_text="decoded in the browser").wait_for()
        surface.get_by_role("button", name="Spectrogram").click()
        page.locator(f'{SURFACE}[data-spectrogram="on"]').wait_for()
        return
    note.filter(has_text="No waveform").wait_for()
    assert "11:00.00" in note.inner_text()
    surface.get_by_role("button", name="Spectrogram").click()
    surface.get_by_role("status").filter(has_text="up to 10:00.00").wait_for()
    assert surface.get_attribute("data-spectrogram") == "off"
    page.keyboard.press("Space")
    page.wait_for_function("() => !document.querySelector('[data-surface=\"audio\"] audio').paused")
    page.keyboard.press("Space")
    # segments still work at the playhead: 9:00 to 9:05
    for _ in range(108):
        page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("[")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("]")
    editor = page.locator('.control-card[data-control="turns"] .segment-editor')
    expect(editor.get_by_label("Start in seconds")).to_have_value(re.compile(r"^5[34]\d(\.\d+)?$"))
    assert float(editor.get_by_label("Start in seconds").input_value()) == pytest.approx(540, abs=0.5)
