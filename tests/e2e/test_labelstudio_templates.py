"""A handful of Label Studio's own templates, converted, opened on the labeling page with a
sample task each: every control gets its widget and every media field its surface, drawn.

The sample tasks are made like the schema templates' samples (goldlabel.services.templates):
a sentence per text field, a PNG of shapes, a WAV of two voices, a WebM of moving shapes,
uploaded through the media API. A media field that a control draws on must get its surface,
ready; one that only has cards beside it (captions, classes) is shown as a plain image, audio or
video element, loaded. Until the image, audio and video widgets are merged, the templates with
boxes, segments and tracks fail here, naming what is missing.
"""

from __future__ import annotations

import random
from contextlib import closing
from typing import Any

import httpx
import pytest

from goldlabel.services.templates import images, sounds, videos
from tests.e2e.conftest import Server, api_client, login
from tests.e2e.labelable import assert_labelable
from tests.labelstudio_templates import ls_templates

pytestmark = pytest.mark.e2e

HANDFUL = [
    "natural-language-processing/text-classification",
    "natural-language-processing/named-entity-recognition",
    "computer-vision/image-captioning",
    "computer-vision/object-detection-with-bounding-boxes",
    "audio-speech-processing/speaker-segmentation",
    "videos/video-object-tracking",
]
SENTENCE = "Ada Lovelace met the Acme Corp team in London on Tuesday; the demo went well."


def sample_task(client: httpx.Client, project_id: int, fields: dict[str, str]) -> dict[str, Any]:
    """One item with a value for every field; media generated here and uploaded."""
    rng = random.Random("ls-sample")
    data: dict[str, Any] = {}
    for field, kind in fields.items():
        if kind == "text":
            data[field] = SENTENCE
            continue
        if kind == "json":
            data[field] = [{"author": "A", "text": SENTENCE}]
            continue
        if kind == "image":
            content, _ = images.shape_scene(rng)
            name, mime = f"{field}.png", "image/png"
            data |= {f"{field}_width": 480, f"{field}_height": 320}
        elif kind == "audio":
            content, _ = sounds.conversation(rng, ["a", "b"])
            name, mime = f"{field}.wav", "audio/wav"
        else:
            content, _ = videos.moving_shapes(rng)
            name, mime = f"{field}.webm", "video/webm"
            data |= {f"{field}_fps": videos.FPS}
        r = client.post(f"/api/projects/{project_id}/media", files=[("files", (name, content, mime))])
        r.raise_for_status()
        data[field] = r.json()[0]["url"]
    return data


@pytest.mark.parametrize("path", HANDFUL)
def test_a_converted_label_studio_template_opens_for_labeling(page, server: Server, path: str) -> None:  # type: ignore[no-untyped-def]
    config = next(t for t in ls_templates() if t.path == path).config
    with closing(api_client(server)) as client:
        r = client.post("/api/projects", json={"name": f"LS {path}", "label_config": config})
        assert r.status_code == 201, r.text
        project = r.json()
        schema = project["schema"]
        item = sample_task(client, project["id"], schema["fields"])
        r = client.post(f"/api/projects/{project['id']}/items", json=[{"data": item}])
        assert r.status_code == 201, r.text

    page.goto(f"{server.url}/login")
    login(page, server)
    page.wait_for_url(f"{server.url}/")
    page.goto(f"{server.url}/projects/{project['id']}/label")
    assert_labelable(page, schema)
