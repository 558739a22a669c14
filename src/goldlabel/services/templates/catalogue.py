"""The templates: a schema for each common labeling task and a generator of sample items.

A generator returns items whose media fields name files it made (``Samples.files``); the
service that creates a project from a template stores those files in the project's media folder
and puts their URLs in the items. Each generator is seeded by the template's id, so a template's
samples are the same bytes every time. The item's ``meta`` keeps what the generator drew (the
shapes, the words, who spoke when): managers can check a label against it, annotators never see
it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from goldlabel.controls.keypoints import COCO_PERSON_POINTS
from goldlabel.services.templates import images, sounds, text_samples, videos


@dataclass(frozen=True, slots=True)
class SampleItem:
    data: dict[str, Any]
    meta: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Samples:
    items: list[SampleItem]
    files: dict[str, bytes]


@dataclass(frozen=True, slots=True)
class Template:
    id: str
    title: str
    description: str
    schema: dict[str, Any]
    generate: Callable[[random.Random], Samples]

    def samples(self) -> Samples:
        """The template's sample items and files (a ``random.Random`` seeded with a string is
        the same on every run and platform)."""
        return self.generate(random.Random(f"goldlabel-template:{self.id}"))


def _texts(field: str, rows: list[tuple[str, dict[str, Any]]]) -> Samples:
    return Samples([SampleItem({field: text}, meta) for text, meta in rows], {})


def _sentiment(_rng: random.Random) -> Samples:
    return _texts("text", [(t, {"written_as": s}) for t, s in text_samples.REVIEWS])


def _topics(_rng: random.Random) -> Samples:
    return _texts("text", [(t, {"written_as": s}) for t, s in text_samples.HEADLINES])


def _entities(_rng: random.Random) -> Samples:
    parsed = [text_samples.parse_marked(s) for s in text_samples.ENTITY_SENTENCES]
    return _texts("text", [(t, {"written_entities": spans}) for t, spans in parsed])


def _boxes(shapes: list[images.Drawn]) -> list[dict[str, Any]]:
    return [
        {
            "label": d.label,
            "colour": d.colour,
            "x": d.box[0],
            "y": d.box[1],
            "width": d.box[2],
            "height": d.box[3],
        }
        for d in shapes
    ]


def _scenes(rng: random.Random, n: int = 6) -> tuple[list[tuple[str, list[images.Drawn]]], dict[str, bytes]]:
    scenes, files = [], {}
    for i in range(1, n + 1):
        data, drawn = images.shape_scene(rng)
        files[f"scene-{i}.png"] = data
        scenes.append((f"scene-{i}.png", drawn))
    return scenes, files


def _shape_items(rng: random.Random) -> Samples:
    scenes, files = _scenes(rng)
    items = [
        SampleItem({"image": name, "width": 480, "height": 320}, {"drawn": _boxes(drawn)})
        for name, drawn in scenes
    ]
    return Samples(items, files)


def _captions(rng: random.Random) -> Samples:
    scenes, files = _scenes(rng)
    items = []
    for name, drawn in scenes:
        described = ", ".join(f"a {d.colour} {d.label}" for d in drawn)
        items.append(SampleItem({"image": name, "width": 480, "height": 320}, {"drawn": described}))
    return Samples(items, files)


def _questions(rng: random.Random) -> Samples:
    scenes, files = _scenes(rng)
    items = []
    for name, drawn in scenes:
        shape = rng.choice(images.SHAPES)
        count = sum(d.label == shape for d in drawn)
        top = min(drawn, key=lambda d: d.box[1])
        question, answer = rng.choice(
            [
                (f"How many {shape}s are there?", str(count)),
                (f"Is there a {shape} in the picture?", "yes" if count else "no"),
                ("What colour is the shape nearest the top?", top.colour),
            ]
        )
        data = {"image": name, "question": question, "width": 480, "height": 320}
        items.append(SampleItem(data, {"answer": answer}))
    return Samples(items, files)


def _poses(rng: random.Random) -> Samples:
    items, files = [], {}
    for i in range(1, 6):
        data, poses = images.pose_scene(rng)
        files[f"pose-{i}.png"] = data
        items.append(SampleItem({"image": f"pose-{i}.png", "width": 400, "height": 400}, {"drawn": poses}))
    return Samples(items, files)


def _video_data(name: str, seconds: float) -> dict[str, Any]:
    return {
        "video": name,
        "width": videos.WIDTH,
        "height": videos.HEIGHT,
        "fps": videos.FPS,
        "duration": seconds,
    }


def _tracking(rng: random.Random) -> Samples:
    items, files = [], {}
    for i in range(1, 4):
        data, movers = videos.moving_shapes(rng, seconds=4.0)
        files[f"shapes-{i}.webm"] = data
        drawn = [{"track_id": m.track_id, "label": m.label, "frames": m.frames} for m in movers]
        items.append(SampleItem(_video_data(f"shapes-{i}.webm", 4.0), {"drawn": drawn}))
    return Samples(items, files)


def _activities(rng: random.Random) -> Samples:
    items, files = [], {}
    for i in range(1, 4):
        data, timed = videos.activities(rng)
        files[f"activity-{i}.webm"] = data
        items.append(SampleItem(_video_data(f"activity-{i}.webm", timed[-1].end), {"drawn": _timed(timed)}))
    return Samples(items, files)


def _timed(timed: list[sounds.Timed]) -> list[dict[str, Any]]:
    return [{"start": t.start, "end": t.end, "label": t.label} for t in timed]


def _duration(wav: bytes) -> float:
    return round((len(wav) - 44) / 2 / sounds.RATE, 3)  # 16-bit mono after the 44-byte header


MORSE_WORDS = ["SOS", "HELLO", "DATA", "GOLD", "LABEL", "AUDIO", "TEST", "QUALITY"]


def _transcription(rng: random.Random) -> Samples:
    items, files = [], {}
    for i, word in enumerate(MORSE_WORDS[:6], 1):
        data, _timed_words = sounds.morse([word], rng)
        files[f"morse-{i}.wav"] = data
        items.append(SampleItem({"audio": f"morse-{i}.wav", "duration": _duration(data)}, {"said": word}))
    return Samples(items, files)


def _alignment(rng: random.Random) -> Samples:
    items, files = [], {}
    for i in range(1, 5):
        words = rng.sample(MORSE_WORDS, 3)
        data, timed = sounds.morse(words, rng)
        files[f"phrase-{i}.wav"] = data
        item = {"audio": f"phrase-{i}.wav", "transcript": " ".join(words), "duration": _duration(data)}
        items.append(SampleItem(item, {"words": _timed(timed)}))
    return Samples(items, files)


SPEAKERS = ["speaker 1", "speaker 2"]


def _speakers(rng: random.Random) -> Samples:
    items, files = [], {}
    for i in range(1, 5):
        data, timed = sounds.conversation(rng, SPEAKERS)
        files[f"conversation-{i}.wav"] = data
        items.append(
            SampleItem(
                {"audio": f"conversation-{i}.wav", "duration": _duration(data)}, {"turns": _timed(timed)}
            )
        )
    return Samples(items, files)


def _moods(rng: random.Random) -> Samples:
    items, files = [], {}
    for i, emotion in enumerate([*sounds.EMOTIONS, *sounds.EMOTIONS], 1):
        data = sounds.mood(emotion, rng)
        files[f"mood-{i}.wav"] = data
        items.append(
            SampleItem({"audio": f"mood-{i}.wav", "duration": _duration(data)}, {"made_as": emotion})
        )
    rng.shuffle(items)
    return Samples(items, files)


def _choices(name: str, field: str, options: list[str], **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": "choices", "field": field, "options": options, "required": True, **extra}


TEMPLATES: dict[str, Template] = {
    t.id: t
    for t in (
        Template(
            "sentiment",
            "Sentiment",
            "Is a short review positive, negative or neutral?",
            {
                "fields": {"text": "text"},
                "controls": [_choices("sentiment", "text", ["positive", "negative", "neutral"])],
            },
            _sentiment,
        ),
        Template(
            "text-classification",
            "Text classification",
            "Sort headlines into topics.",
            {"fields": {"text": "text"}, "controls": [_choices("topic", "text", text_samples.TOPICS)]},
            _topics,
        ),
        Template(
            "named-entities",
            "Named entities",
            "Mark people, organisations, places and dates in a sentence.",
            {
                "fields": {"text": "text"},
                "controls": [
                    {
                        "name": "entities",
                        "type": "spans",
                        "field": "text",
                        "labels": text_samples.ENTITY_LABELS,
                    }
                ],
            },
            _entities,
        ),
        Template(
            "object-detection",
            "Object detection",
            "Draw a box around every circle, square and triangle.",
            {
                "fields": {"image": "image"},
                "controls": [
                    {"name": "objects", "type": "boxes", "field": "image", "labels": list(images.SHAPES)}
                ],
            },
            _shape_items,
        ),
        Template(
            "semantic-segmentation",
            "Semantic segmentation",
            "Paint each shape's pixels with its class.",
            {
                "fields": {"image": "image"},
                "controls": [
                    {"name": "regions", "type": "masks", "field": "image", "labels": list(images.SHAPES)}
                ],
            },
            _shape_items,
        ),
        Template(
            "pose",
            "Keypoints / pose",
            "Place the 17 COCO body keypoints on each person.",
            {
                "fields": {"image": "image"},
                "controls": [
                    {
                        "name": "pose",
                        "type": "keypoints",
                        "field": "image",
                        "labels": ["person"],
                        "points": list(COCO_PERSON_POINTS),
                        "skeleton": [list(pair) for pair in images.SKELETON],
                    }
                ],
            },
            _poses,
        ),
        Template(
            "tracking",
            "Frame-by-frame tracking",
            "Follow every ball and box through the video with one track each.",
            {
                "fields": {"video": "video"},
                "controls": [
                    {"name": "tracks", "type": "tracks", "field": "video", "labels": ["ball", "box"]}
                ],
            },
            _tracking,
        ),
        Template(
            "activity-recognition",
            "Activity recognition",
            "Mark when the figure walks, stands or jumps.",
            {
                "fields": {"video": "video"},
                "controls": [
                    {
                        "name": "activities",
                        "type": "segments",
                        "field": "video",
                        "labels": list(videos.ACTIVITIES),
                    }
                ],
            },
            _activities,
        ),
        Template(
            "transcription",
            "Transcription",
            "Write down the word each clip spells in Morse code.",
            {
                "fields": {"audio": "audio"},
                "controls": [
                    {
                        "name": "transcript",
                        "type": "text",
                        "field": "audio",
                        "transcription": True,
                        "required": True,
                    }
                ],
            },
            _transcription,
        ),
        Template(
            "speaker-identification",
            "Speaker identification",
            "Mark who speaks when: a low voice and a high voice take turns.",
            {
                "fields": {"audio": "audio"},
                "controls": [
                    {
                        "name": "speakers",
                        "type": "segments",
                        "field": "audio",
                        "labels": SPEAKERS,
                        "speakers": True,
                    }
                ],
            },
            _speakers,
        ),
        Template(
            "audio-emotion",
            "Audio emotion",
            "Which mood does each clip convey, and how strongly?",
            {
                "fields": {"audio": "audio"},
                "controls": [
                    _choices("emotion", "audio", list(sounds.EMOTIONS)),
                    {"name": "intensity", "type": "rating", "field": "audio", "min": 1, "max": 5},
                ],
            },
            _moods,
        ),
        Template(
            "image-captioning",
            "Image captioning",
            "Describe each picture in one sentence.",
            {
                "fields": {"image": "image"},
                "controls": [
                    {"name": "caption", "type": "text", "field": "image", "max_length": 300, "required": True}
                ],
            },
            _captions,
        ),
        Template(
            "visual-question-answering",
            "Visual question answering",
            "Answer the question about the picture.",
            {
                "fields": {"image": "image", "question": "text"},
                "controls": [
                    {
                        "name": "answer",
                        "type": "text",
                        "field": "question",
                        "max_length": 200,
                        "required": True,
                    }
                ],
            },
            _questions,
        ),
        Template(
            "audio-text-alignment",
            "Audio-text alignment",
            "Tie each word of the transcript to when it sounds (Morse code): one segment per word, "
            "with the word as the segment's text.",
            {
                "fields": {"audio": "audio", "transcript": "text"},
                "controls": [{"name": "words", "type": "segments", "field": "audio", "labels": ["word"]}],
            },
            _alignment,
        ),
    )
}
