"""NeMo-style ASR manifests: JSON Lines of ``{"audio_filepath", "duration", "text"}``, one line per
recording, with its whole-clip transcript from a text control on an audio or video field.

Export: ``audio_filepath`` is the media's file name for files the project holds (the manifest
sits beside the downloaded media, as NeMo expects paths) and the URL as it is otherwise;
``duration`` the measured ``<field>_duration`` in seconds (left out when the file was never
measured); ``text`` the transcript. ``labels=annotations|both`` write a line per annotation
with an extra ``"annotator"`` key (NeMo ignores keys it does not know), after the final line.

Import: consecutive lines with the same ``audio_filepath`` are one recording's answers (a line
with ``annotator`` is that person's). The path names a file the project holds (by name, base
name or stem), or is an http(s) URL kept as it is; ``duration`` is not read (the server
measures the file). Time-aligned transcripts are WebVTT's and SRT's, not this format's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO, Any

import orjson

from goldlabel.formats import answers, media_files
from goldlabel.formats.items import FormatError, Row, RowLabels
from goldlabel.formats.json_rows import json_lines
from goldlabel.formats.labelsets import label_sets
from goldlabel.formats.registry import ExportItem, ReadContext, WriteContext

MEDIA_KINDS = frozenset({"audio", "video"})
LOCAL_PREFIX = "/api/media/"
HOLDS = "an ASR manifest holds one transcript per recording"


def write(items: Iterable[ExportItem], context: WriteContext) -> Iterator[bytes]:
    spec = media_files.pick_control(context.schema, "text", MEDIA_KINDS, HOLDS)
    for item in items:
        url = item["data"].get(spec.field)
        if not isinstance(url, str):
            continue
        line: dict[str, Any] = {
            "audio_filepath": media_files.media_name(url) if url.startswith(LOCAL_PREFIX) else url
        }
        duration = item["data"].get(f"{spec.field}_duration")
        if isinstance(duration, int | float):
            line["duration"] = duration
        for labelset in label_sets(item, context.labels):
            text = labelset.result.get(spec.name)
            if text is None:
                continue
            extra = {"annotator": labelset.author} if labelset.kind == "annotation" else {}
            yield orjson.dumps({**line, "text": text, **extra}) + b"\n"


def _answer(number: int, obj: Any, name: str) -> tuple[str, RowLabels]:
    if (
        not isinstance(obj, dict)
        or not isinstance(obj.get("audio_filepath"), str)
        or not obj["audio_filepath"]
    ):
        raise FormatError(number, "each line is an object with an 'audio_filepath' and its 'text'")
    text, author = obj.get("text"), obj.get("annotator")
    if not isinstance(text, str):
        raise FormatError(number, "'text' must be the transcript, a string")
    if author is not None and not isinstance(author, str):
        raise FormatError(number, "'annotator' must be a string")
    return obj["audio_filepath"], RowLabels({name: text}, author=author)


def read(stream: IO[bytes], context: ReadContext) -> Iterator[Row]:
    spec = media_files.pick_control(context.schema, "text", MEDIA_KINDS, HOLDS)
    yield from answers.rows(_answers(stream, context, spec.field, spec.name))


def _answers(
    stream: IO[bytes], context: ReadContext, field_name: str, control: str
) -> Iterator[answers.Answer]:
    for number, obj in json_lines(stream):
        path, answer = _answer(number, obj, control)
        url = context.media_url(path)
        if url is None and not path.startswith(("http://", "https://")):
            raise FormatError(
                number,
                f"{path!r} is neither a media file this project holds nor an http(s) URL: upload the "
                "media first (POST /api/projects/{id}/media), then import the manifest",
            )
        yield answers.Answer(number, path, {field_name: url or path}, answer)
