"""RTTM (NIST Rich Transcription Time Marked) import and export of a segments control: who spoke
when, the input of diarisation scorers (pyannote.metrics, dscore, md-eval).

One line per segment, ``SPEAKER <file> 1 <start> <duration> <NA> <NA> <speaker> <NA> <NA>``:
``<file>`` the media's file name (whitespace, which RTTM cannot hold, as ``_``),
times in seconds to the millisecond, the speaker the segment's label (labels with whitespace
are refused up front: the field cannot hold them). Segment transcripts are not RTTM's (use WebVTT).

Export: a zip with one ``<media name>.rttm`` per item (``formats/media_files.py`` names them, and puts
each annotator's under ``annotations/<email>/``). Import: a zip of ``.rttm`` files or one file,
each line naming its media by ``<file>`` (one file may hold several recordings, as scorers'
reference files do; a file without SPEAKER lines is its name's recording, with no speech); lines
of other types (``SPKR-INFO``, ``LEXEME`` …) and ``;;`` comments are
skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import IO, Any

from goldlabel.controls.base import LabelledSpec
from goldlabel.controls.schema import ProjectSchema
from goldlabel.formats import media_files
from goldlabel.formats.items import FormatError, Row
from goldlabel.formats.labelsets import LabelSet
from goldlabel.formats.registry import ExportItem, ReadContext, WriteContext

EXTENSION = ".rttm"
MEDIA_KINDS = frozenset({"audio", "video"})
HOLDS = "RTTM holds speaker segments"
_SPACE = re.compile(r"\s")


def _spec(context_schema: ProjectSchema) -> LabelledSpec:
    spec = media_files.pick_control(context_schema, "segments", MEDIA_KINDS, HOLDS)
    assert isinstance(spec, LabelledSpec)
    return spec


def file_id(stem: str) -> str:
    return _SPACE.sub("_", stem) or "_"


def render(segments: Iterable[dict[str, Any]], uri: str) -> bytes:
    lines = []
    for s in sorted(segments, key=lambda s: (float(s["start"]), float(s["end"]))):
        start, end = round(float(s["start"]), 3), round(float(s["end"]), 3)
        lines.append(f"SPEAKER {uri} 1 {start:.3f} {end - start:.3f} <NA> <NA> {s['label']} <NA> <NA>\n")
    return "".join(lines).encode()


def write(items: Iterable[ExportItem], context: WriteContext) -> Iterator[bytes]:
    spec = _spec(context.schema)
    media_files.refuse_labels(spec, r"\s", "RTTM speaker names cannot hold whitespace")

    def one(_item: ExportItem, _labelset: LabelSet, value: Any, stem: str) -> bytes:
        return render(value, file_id(stem))

    yield from media_files.write_per_media(items, context, spec, EXTENSION, one)


def parse(member: str, content: bytes) -> media_files.Parsed:
    where = member or "the file"
    by_file: dict[str, list[dict[str, Any]]] = {}
    for n, line in enumerate(media_files.decode(member, content).splitlines(), start=1):
        fields = line.split()
        if not fields or fields[0].startswith(";;") or fields[0] != "SPEAKER":
            continue
        if len(fields) < 8:
            raise FormatError(
                None,
                f"{where}, line {n}: a SPEAKER line has 10 fields "
                "'SPEAKER <file> <channel> <start> <duration> <NA> <NA> <speaker> <NA> <NA>'",
            )
        try:
            start, duration = float(fields[3]), float(fields[4])
        except ValueError:
            raise FormatError(
                None, f"{where}, line {n}: start and duration must be numbers of seconds"
            ) from None
        if not (start >= 0 and duration > 0) or start + duration == float("inf"):
            raise FormatError(None, f"{where}, line {n}: start must be >= 0 and duration > 0")
        end = round(start + duration, 3)
        by_file.setdefault(fields[1], []).append({"start": round(start, 3), "end": end, "label": fields[7]})
    if not by_file:  # a recording with no speech: the file's name says which
        return [(media_files.media_key(member, EXTENSION), [])]
    return list(by_file.items())


def read(stream: IO[bytes], context: ReadContext) -> Iterator[Row]:
    yield from media_files.read_per_media(stream, context, _spec(context.schema), EXTENSION, parse)
