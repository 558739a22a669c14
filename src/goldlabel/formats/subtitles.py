"""Subtitle cues (WebVTT and SRT) <-> a segments control's value: timing, label and transcript.

A cue is one time segment: its timing the segment's ``[start, end)`` to the millisecond (the
formats' own precision: times are rounded to it on export), its text the segment's ``text``
(no text: an empty cue, read back without ``text``). The label (a speaker, an event) travels
as WebVTT's voice tag ``<v Alice>hello`` — always written — and in SRT, which has no speakers,
as a ``Alice: hello`` prefix written only when the control has more than one label; a cue
without one takes the control's only label, and is refused with several.

Times: ``hh:mm:ss.mmm`` (WebVTT; hours may be left out when zero) and ``hh:mm:ss,mmm`` (SRT);
both readers accept either separator, as players do. WebVTT text is escaped (``&amp;``,
``&lt;``, ``&gt;``) and other cue tags (``<i>``, ``<c.x>``, karaoke times) are dropped on
import; SRT text is kept as written. A blank line ends a cue in both formats, so blank (or
whitespace-only) lines inside a transcript are left out. Only whole-clip transcripts (a text control)
are left to ``asr_manifest``: these formats need a segments control.

Written by hand, not with ``webvtt-py``/``srt``: neither is a dependency, the grammar is small,
and the readers must name the line of a bad cue.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from typing import IO, Any, Literal

from goldlabel.controls.schema import ProjectSchema
from goldlabel.controls.segments import SegmentsSpec
from goldlabel.formats import media_files
from goldlabel.formats.items import FormatError, Row
from goldlabel.formats.labelsets import LabelSet
from goldlabel.formats.registry import ExportItem, ReadContext, WriteContext

Dialect = Literal["webvtt", "srt"]
EXTENSION: dict[Dialect, str] = {"webvtt": ".vtt", "srt": ".srt"}
MEDIA_KINDS = frozenset({"audio", "video"})
TIME = re.compile(r"^(?:(\d+):)?([0-5]\d):([0-5]\d)[.,](\d{3})$")
_VOICE = re.compile(r"^<v(?:\.[^\s>]*)?[ \t]+([^>]*)>")
_TAG = re.compile(r"<[^>]*>")
_NOT_A_CUE = re.compile(r"^(NOTE|STYLE|REGION)(\s|$)")
_LINE_END = re.compile(r"\r\n|\r|\n")  # the formats' line ends (not str.splitlines' U+2028 …)


def format_time(seconds: float, dialect: Dialect) -> str:
    """``hh:mm:ss.mmm`` (WebVTT) or ``hh:mm:ss,mmm`` (SRT), rounded to the millisecond."""
    ms = max(0, round(seconds * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{'.' if dialect == 'webvtt' else ','}{ms:03d}"


def parse_time(text: str) -> float | None:
    """Seconds from ``[hh:]mm:ss.mmm`` or ``[hh:]mm:ss,mmm``; None when it is not a time."""
    match = TIME.match(text.strip())
    if match is None:
        return None
    h, m, s, ms = (int(g) if g else 0 for g in match.groups())
    return (((h * 60 + m) * 60 + s) * 1000 + ms) / 1000


def spec_for(context_schema: ProjectSchema, dialect: Dialect) -> SegmentsSpec:
    name = "WebVTT" if dialect == "webvtt" else "SRT"
    spec = media_files.pick_control(
        context_schema, "segments", MEDIA_KINDS, f"{name} holds time segments with their transcripts"
    )
    assert isinstance(spec, SegmentsSpec)
    return spec


# --- writing --------------------------------------------------------------------------------


def _cue_text(segment: dict[str, Any], spec: SegmentsSpec, dialect: Dialect) -> str:
    lines = _LINE_END.split(str(segment.get("text") or ""))
    text = "\n".join(line for line in lines if line.strip())  # a blank line would end the cue
    label = str(segment["label"])
    if dialect == "webvtt":
        escaped = html.escape(text, quote=False)
        return f"<v {html.escape(label, quote=False)}>{escaped}"
    if len(spec.labels) > 1:
        return f"{label}: {text}" if text else f"{label}:"
    return text


def render(segments: Iterable[dict[str, Any]], spec: SegmentsSpec, dialect: Dialect) -> bytes:
    blocks = ["WEBVTT\n"] if dialect == "webvtt" else []
    ordered = sorted(segments, key=lambda s: (float(s["start"]), float(s["end"])))
    for i, segment in enumerate(ordered, start=1):
        timing = f"{format_time(segment['start'], dialect)} --> {format_time(segment['end'], dialect)}"
        text = _cue_text(segment, spec, dialect)
        blocks.append(f"{i}\n{timing}\n{text}\n" if text else f"{i}\n{timing}\n")
    return "\n".join(blocks).encode()


def write(items: Iterable[ExportItem], context: WriteContext, dialect: Dialect) -> Iterator[bytes]:
    """A zip of subtitle files, one per item (``formats/media_files.py`` names them)."""
    spec = spec_for(context.schema, dialect)
    media_files.refuse_labels(spec, r"[\n\r]", "a cue's label cannot hold line breaks")

    def one(_item: ExportItem, _labelset: LabelSet, value: Any, _stem: str) -> bytes:
        return render(value, spec, dialect)

    yield from media_files.write_per_media(items, context, spec, EXTENSION[dialect], one)


# --- reading --------------------------------------------------------------------------------


def _blocks(lines: list[str]) -> Iterator[list[tuple[int, str]]]:
    """Runs of non-blank lines, each line with its 1-based number."""
    block: list[tuple[int, str]] = []
    for n, line in enumerate(lines, start=1):
        if line.strip():
            block.append((n, line))
        elif block:
            yield block
            block = []
    if block:
        yield block


def _label_and_text(payload: list[str], spec: SegmentsSpec, dialect: Dialect) -> tuple[str | None, str]:
    text = "\n".join(payload)
    if dialect == "webvtt":
        voice = _VOICE.match(text)
        label = html.unescape(voice[1].strip()) if voice else None
        body = text[voice.end() :] if voice else text
        return label, html.unescape(_TAG.sub("", body))
    if len(spec.labels) > 1:
        for label in sorted(spec.labels, key=len, reverse=True):
            if text.startswith(f"{label}:"):
                return label, text[len(label) + 1 :].removeprefix(" ")
        return None, text
    return None, text


def parse(member: str, content: bytes, spec: SegmentsSpec, dialect: Dialect) -> media_files.Parsed:
    where = member or "the file"
    lines = _LINE_END.split(media_files.decode(member, content))
    if dialect == "webvtt" and not (lines and lines[0].startswith("WEBVTT")):
        raise FormatError(None, f"{where}, line 1: a WebVTT file starts with 'WEBVTT'")
    segments: list[dict[str, Any]] = []
    for index, block in enumerate(_blocks(lines)):
        first = block[0][1]
        if dialect == "webvtt" and (index == 0 or _NOT_A_CUE.match(first)):
            continue  # the header, comments, style sheets and regions
        at = 0 if "-->" in first else 1
        if at >= len(block) or "-->" not in block[at][1]:
            raise FormatError(
                None, f"{where}, line {block[0][0]}: expected a cue timing 'hh:mm:ss.mmm --> hh:mm:ss.mmm'"
            )
        n, timing = block[at]
        start_text, _, rest = timing.partition("-->")
        fields = rest.split()
        start, end = parse_time(start_text), parse_time(fields[0]) if fields else None
        if start is None or end is None:
            raise FormatError(None, f"{where}, line {n}: {timing.strip()!r} is not 'start --> end'")
        if end <= start:
            raise FormatError(None, f"{where}, line {n}: the cue ends before it starts")
        label, text = _label_and_text([line for _n, line in block[at + 1 :]], spec, dialect)
        if label is None:
            if len(spec.labels) != 1:
                how = "voice tag <v label>" if dialect == "webvtt" else "'label: ' prefix"
                raise FormatError(
                    None, f"{where}, line {n}: the cue has no {how}, and {spec.name!r} has several labels"
                )
            label = spec.labels[0]
        segment: dict[str, Any] = {"start": start, "end": end, "label": label}
        if text:
            segment["text"] = text
        segments.append(segment)
    return [(media_files.media_key(member, EXTENSION[dialect]), segments)]


def read(stream: IO[bytes], context: ReadContext, dialect: Dialect) -> Iterator[Row]:
    spec = spec_for(context.schema, dialect)
    ext = EXTENSION[dialect]
    yield from media_files.read_per_media(
        stream, context, spec, ext, lambda member, content: parse(member, content, spec, dialect)
    )
