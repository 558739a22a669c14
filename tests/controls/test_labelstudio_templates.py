"""Label Studio 1.23.2's 69 templates through goldlabel's converter: which convert, and that
the built web UI can label every one that does (a widget for each control, drawing on the
field's media)."""

from __future__ import annotations

import orjson
import pytest

from goldlabel.api.app import STATIC_DIR
from goldlabel.services.control_types import MANIFEST_NAME
from tests.labelstudio_templates import converted, draws_on_media, ls_templates

#: What converts today (issue 9: "Of Label Studio 1.23's 69 templates, 35 convert"; issue 10
#: honours constant <Text> tags and per-task controls with a toName list: two more).
CONVERTING = {
    "audio-speech-processing/automatic-speech-recognition",
    "audio-speech-processing/automatic-speech-recognition-using-segments",
    "audio-speech-processing/intent-classification",
    "audio-speech-processing/signal-quality-detection",
    "audio-speech-processing/sound-event-detection",
    "audio-speech-processing/speaker-segmentation",
    "audio-speech-processing/speech-transcription",
    "community-contributions/breast-cancer-mammogram-classification",
    "community-contributions/ner-tagging-invoices-bio-format",
    "community-contributions/ocr-invoices-pre-ner-bio-format",
    "community-contributions/two-level-sentiment-analysis-of-x-twitter-posts",
    "computer-vision/image-captioning",
    "computer-vision/image-classification",
    "computer-vision/keypoints",
    "computer-vision/medical-image-classification-with-bboxes",
    "computer-vision/object-detection-with-bounding-boxes",
    "computer-vision/semantic-segmentation-with-masks",
    "computer-vision/semantic-segmentation-with-polygons",
    "computer-vision/visual-question-answering",
    "conversational-ai/coreference-resolution-and-entity-linking",
    "conversational-ai/response-generation",
    "conversational-ai/response-selection",
    "generative-ai/response-grading",
    "generative-ai/supervised-llm",
    "natural-language-processing/content-moderation",
    "natural-language-processing/machine-translation",
    "natural-language-processing/named-entity-recognition",
    "natural-language-processing/question-answering",
    "natural-language-processing/text-classification",
    "natural-language-processing/text-summarization",
    "ranking-and-scoring/content-based-image-search",
    "ranking-and-scoring/pairwise-regression",
    "structured-data-parsing/freeform-metadata",
    "videos/video-classification",
    "videos/video-frame-classification",
    "videos/video-object-tracking",
    "videos/video-timeline-segmentation",
}


def test_37_of_the_69_label_studio_templates_convert() -> None:
    assert len(ls_templates()) == 69
    assert set(converted()) == CONVERTING
    assert len(CONVERTING) == 37


def what_the_ui_lacks(widgets: dict[str, list[str]], surfaces: list[str]) -> dict[str, list[str]]:
    """Per converted template, what the UI needs and lacks: a widget for each control type and,
    for a type that draws on media, its layer for the field's kind and a surface of that kind."""
    lacking: dict[str, list[str]] = {}
    for path, schema in converted().items():
        needs = []
        for control in schema.controls:
            kind = schema.fields[control.field]
            if control.type not in widgets:
                needs.append(f"a {control.type} widget")
            if draws_on_media(control.type):
                if control.type in widgets and kind not in widgets[control.type]:
                    needs.append(f"a {control.type} layer on {kind}")
                if kind not in surfaces:
                    needs.append(f"an {kind} surface" if kind[0] in "aeiou" else f"a {kind} surface")
        if needs:
            lacking[path] = sorted(set(needs))
    return lacking


def test_every_converted_template_can_be_labeled_in_the_built_ui() -> None:
    manifest_path = STATIC_DIR / MANIFEST_NAME
    if not manifest_path.exists():
        pytest.skip(f"the web UI is not built ({manifest_path} is absent): cd frontend && npm run build")
    manifest = orjson.loads(manifest_path.read_bytes())
    lacking = what_the_ui_lacks(manifest["widgets"], manifest["surfaces"])
    missing = sorted({need for needs in lacking.values() for need in needs})
    assert lacking == {}, f"the built UI lacks {missing} for {len(lacking)} templates: {lacking}"


def test_the_check_names_exactly_what_is_missing() -> None:
    """The check itself, on manifests made up for it (so it cannot pass by finding nothing)."""
    everything = {
        "choices": [], "rating": [], "spans": [], "text": [], "boxes": ["image"], "polygons": ["image"],
        "masks": ["image"], "keypoints": ["image"], "segments": ["audio", "video"], "tracks": ["video"],
    }  # fmt: skip
    assert what_the_ui_lacks(everything, ["audio", "image", "video"]) == {}
    no_video_segments = {**everything, "segments": ["audio"]}
    lacking = what_the_ui_lacks(no_video_segments, ["audio", "image"])
    assert lacking["videos/video-frame-classification"] == ["a segments layer on video", "a video surface"]
    assert lacking["videos/video-object-tracking"] == ["a video surface"]
    assert "videos/video-classification" not in lacking  # choices beside a plain video
    assert "audio-speech-processing/speaker-segmentation" not in lacking
    # The text widgets alone (issue 9's starting point): 23 of the 37 can be labeled.
    text_only = {t: [] for t in ("choices", "rating", "spans", "text")}
    lacking = what_the_ui_lacks(text_only, [])
    assert len(CONVERTING) - len(lacking) == 23
    assert lacking["computer-vision/keypoints"] == ["a keypoints widget", "an image surface"]
    assert "computer-vision/image-captioning" not in lacking
    assert "natural-language-processing/named-entity-recognition" not in lacking
