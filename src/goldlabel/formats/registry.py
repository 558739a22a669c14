"""The file formats goldlabel reads and writes, by name: one module per format, one entry here.

A format module offers a ``Reader`` (a file to ``Row``s, each with the labels the file holds),
a ``Writer`` (export items to bytes), or both. Imports (``POST /items?format=``), exports
(``GET /export?format=``), the CLI and the SDK all look formats up here, so a new format is one
module plus one entry in ``_FORMATS``.

Readers and writers are pure: they see the project's schema and what the service hands them
(``ReadContext``, ``WriteContext``), never the database or HTTP. Heavy libraries (pyarrow,
pycocotools, lxml …) are imported inside the functions that need them, so the server starts fast.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import import_module
from typing import IO, Any, Literal

from goldlabel.controls.schema import ProjectSchema
from goldlabel.formats.items import FormatError, Row

#: Which labels an export holds: ``final`` (each item's consensus per control, with its method
#: and confidence), ``annotations`` (every submitted annotation, with its author), or ``both``.
Labels = Literal["final", "annotations", "both"]
#: What an import makes of the labels a file holds (``Row.labels``).
LabelsAs = Literal["annotations", "predictions", "gold"]
FormatKind = Literal["rows", "images", "text", "audio_video", "tables", "labelstudio"]

#: An export item: ``{"id", "external_id", "data", "meta", "annotations": [{"id", "author",
#: "result", "status", "lead_time_ms", "version", "created_at", "updated_at"}], "consensus"?:
#: {control: {"value", "method", "confidence"}}, "predictions"?: [...]}`` — see
#: ``formats/labelsets.py`` for the labels a writer should take from it.
ExportItem = dict[str, Any]


@dataclass(frozen=True, slots=True)
class ReadContext:
    """What a reader may know beyond the file: the schema its rows must fit, the file's name, and
    the size of media the project already holds (``media_size(name_or_url)`` -> (width, height)
    in pixels, or None), to turn relative coordinates into pixels.

    ``media_url(name)``: the project's URL of a media file it holds (or that the import's archive
    brought), by its name, base name or stem when one file alone has it (a YOLO label file or a
    ``clip.vtt`` names its media so), or None: label files that name their media (COCO, YOLO,
    VOC, WebVTT, SRT, RTTM, MOT) make items pointing at them."""

    schema: ProjectSchema
    filename: str = ""
    media_size: Callable[[str], tuple[float, float] | None] = lambda _name: None
    media_url: Callable[[str], str | None] = lambda _name: None


@dataclass(frozen=True, slots=True)
class WriteContext:
    schema: ProjectSchema
    labels: Labels
    project_id: int
    gold: bool = False  # the items are gold items: their reference is the "final" label
    options: dict[str, Any] = field(default_factory=dict)  # format-specific query options


Reader = Callable[[IO[bytes], ReadContext], Generator[Row, None, None]]
Writer = Callable[[Iterable[ExportItem], WriteContext], Iterator[bytes]]


@dataclass(frozen=True, slots=True)
class FileFormat:
    name: str
    title: str  # shown in the web UI's pickers
    kind: FormatKind
    extension: str  # of an exported file, with its dot (".zip" for several files)
    media_type: str
    read: Reader | None = None
    write: Writer | None = None
    default_labels: Labels = "final"
    #: File names this format is guessed from on import when no ``format`` is given.
    suffixes: tuple[str, ...] = ()


def _reader(module: str) -> Reader:
    """``goldlabel.formats.<module>.read``, imported on first use (format modules import this one)."""

    def read(stream: IO[bytes], context: ReadContext) -> Generator[Row, None, None]:
        reader: Reader = import_module(f"goldlabel.formats.{module}").read
        return reader(stream, context)

    return read


def _writer(module: str) -> Writer:
    """``goldlabel.formats.<module>.write``, imported on first use."""

    def write(items: Iterable[ExportItem], context: WriteContext) -> Iterator[bytes]:
        writer: Writer = import_module(f"goldlabel.formats.{module}").write
        return writer(items, context)

    return write


def _rows(fmt: Literal["json", "jsonl", "csv"]) -> Reader:
    def read(stream: IO[bytes], _context: ReadContext) -> Generator[Row, None, None]:
        from goldlabel.formats.rows import read_rows

        return read_rows(stream, fmt)

    return read


def _rows_writer(fmt: Literal["json", "jsonl", "csv"]) -> Writer:
    """goldlabel's own rows: every annotation (``annotations``), the consensus per control
    (``final``), or both; a gold item with its reference, explanations and set."""

    def write(items: Iterable[ExportItem], context: WriteContext) -> Iterator[bytes]:
        from goldlabel.formats import exports, gold_exports

        fields = list(context.schema.fields)
        controls = [c.name for c in context.schema.controls]
        meta_keys = context.options.get("meta_keys", ())
        if context.gold:
            return gold_exports.write_gold(items, fmt, fields=fields, controls=controls, meta_keys=meta_keys)
        consensus = context.labels != "annotations"
        return exports.write(
            items, fmt, fields=fields, controls=controls, meta_keys=meta_keys, consensus=consensus
        )

    return write


_FORMATS: tuple[FileFormat, ...] = (
    FileFormat(
        "json", "goldlabel JSON", "rows", ".json", "application/json", _rows("json"), _rows_writer("json"),
        default_labels="annotations", suffixes=(".json",),
    ),
    FileFormat(
        "jsonl", "goldlabel JSON Lines", "rows", ".jsonl", "application/x-ndjson",
        _rows("jsonl"), _rows_writer("jsonl"),
        default_labels="annotations", suffixes=(".jsonl", ".ndjson"),
    ),
    FileFormat(
        "csv", "CSV", "rows", ".csv", "text/csv; charset=utf-8", _rows("csv"), _rows_writer("csv"),
        default_labels="annotations", suffixes=(".csv",),
    ),
    FileFormat(
        "coco", "COCO JSON", "images", ".json", "application/json", _reader("coco_reader"), _writer("coco"),
    ),
    FileFormat(
        "yolo", "YOLO (Ultralytics)", "images", ".zip", "application/zip", _reader("yolo"), _writer("yolo"),
    ),
    FileFormat("voc", "Pascal VOC XML", "images", ".zip", "application/zip", _reader("voc"), _writer("voc")),
    FileFormat(
        "labelstudio", "Label Studio JSON", "labelstudio", ".json", "application/json",
        _reader("labelstudio"), _writer("labelstudio"), default_labels="annotations",
    ),
    FileFormat(
        "labelstudio_min", "Label Studio JSON-MIN", "labelstudio", ".json", "application/json",
        write=_writer("labelstudio_min"), default_labels="annotations",
    ),
    FileFormat(
        "conll", "CoNLL (BIO tags)", "text", ".conll", "text/plain; charset=utf-8",
        _reader("conll"), _writer("conll"), suffixes=(".conll", ".conllu", ".bio", ".iob"),
    ),
    FileFormat(
        "spacy", "spaCy / Prodigy JSONL", "text", ".jsonl", "application/x-ndjson",
        _reader("spacy"), _writer("spacy"), suffixes=(".spacy.jsonl",),
    ),
    FileFormat(
        "webvtt", "WebVTT subtitles", "audio_video", ".zip", "application/zip",
        _reader("webvtt"), _writer("webvtt"), suffixes=(".vtt", ".vtt.zip"),
    ),
    FileFormat(
        "srt", "SRT subtitles", "audio_video", ".zip", "application/zip",
        _reader("srt"), _writer("srt"), suffixes=(".srt", ".srt.zip"),
    ),
    FileFormat(
        "rttm", "RTTM (speaker diarisation)", "audio_video", ".zip", "application/zip",
        _reader("rttm"), _writer("rttm"), suffixes=(".rttm", ".rttm.zip"),
    ),
    FileFormat(
        "asr_manifest", "ASR manifest (NeMo JSONL)", "audio_video", ".jsonl", "application/x-ndjson",
        _reader("asr_manifest"), _writer("asr_manifest"), suffixes=(".manifest.jsonl", ".manifest.json"),
    ),
    FileFormat(
        "mot", "MOT challenge CSV (video tracks)", "audio_video", ".zip", "application/zip",
        _reader("mot"), _writer("mot"), suffixes=(".mot.zip",),
    ),
    FileFormat(
        "parquet", "Parquet", "tables", ".parquet", "application/vnd.apache.parquet",
        _reader("parquet"), _writer("parquet"), suffixes=(".parquet", ".pq"),
    ),
)  # fmt: skip

FORMATS: dict[str, FileFormat] = {f.name: f for f in _FORMATS}


def file_format(name: str) -> FileFormat:
    try:
        return FORMATS[name]
    except KeyError:
        raise FormatError(None, f"unknown format {name!r}: use one of {sorted(FORMATS)}") from None


def readable(name: str) -> FileFormat:
    fmt = file_format(name)
    if fmt.read is None:
        readers = sorted(f.name for f in _FORMATS if f.read is not None)
        raise FormatError(None, f"goldlabel cannot import {fmt.title} files; it imports {readers}")
    return fmt


def writable(name: str) -> FileFormat:
    fmt = file_format(name)
    if fmt.write is None:
        raise FormatError(None, f"goldlabel cannot export {fmt.title} files")
    return fmt


def format_from_filename(filename: str) -> FileFormat:
    """The readable format a file's name says (the longest matching suffix), or a FormatError."""
    lower = filename.lower()
    matches = [(len(s), f) for f in _FORMATS if f.read is not None for s in f.suffixes if lower.endswith(s)]
    if not matches:
        known = ", ".join(s for f in _FORMATS if f.read is not None for s in f.suffixes)
        raise FormatError(
            None, f"cannot tell the format of {filename!r} from its name ({known}): name it with ?format="
        )
    return max(matches, key=lambda m: m[0])[1]
