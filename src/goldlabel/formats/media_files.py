"""Label files that hold one media file each (WebVTT, SRT, RTTM, MOT), in and out of zips.

These formats describe one recording or video per file, so an export is a zip with one file per
item named after its media, and an import is such a zip (or one file) naming media the project
already holds. The layout, shared by every such format:

- ``<media name><ext>``: an item's final label (consensus, or a gold item's reference), named
  after its media file (``clip.mp4`` -> ``clip.mp4.vtt``; players that look for subtitles by
  the video's base name find it, and ``clip.mp4`` and ``clip.wav`` in one project stay apart);
  when two items share a media file, ``<media name>~<item id><ext>`` for the later ones;
- ``annotations/<annotator>/<stem><ext>``: one annotation (``labels=annotations|both``), by its
  annotator's email (``annotation-<id>`` when it has none).

On import the member's folder says whose answer it is (the root: one answer without author) and
its name the media: ``ReadContext.media_url`` finds the project's file by name, base name or
stem; a trailing ``~<digits>`` is dropped first. Answers for the same media become one row.

Archive reading is one function (``label_files``) so it can move onto a shared archive module;
members are only read into memory, never written to disk, so no path needs containing; the
unpacked size and compression ratio are capped with the limits media uploads use, the member
count by ``MAX_LABEL_FILES`` (an export holds one file per item, far more than a media zip).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any
from urllib.parse import unquote, urlsplit

from goldlabel.controls.base import ControlSpec
from goldlabel.controls.schema import ProjectSchema
from goldlabel.core.archives import is_zip, open_zip
from goldlabel.core.errors import ErrorCode, InvalidInput
from goldlabel.core.limits import MAX_LABEL_FILES
from goldlabel.formats.items import FormatError, Row, RowLabels, make_row
from goldlabel.formats.labelsets import LabelSet, label_sets
from goldlabel.formats.registry import ExportItem, ReadContext, WriteContext

ANNOTATIONS_DIR = "annotations"
_COPY = re.compile(r"~\d+$")

#: One label file's answers: (the media it names, the control's value) per media it holds.
Parsed = list[tuple[str, Any]]


def pick_control(schema: ProjectSchema, control_type: str, kinds: frozenset[str], holds: str) -> ControlSpec:
    """The first control of ``control_type`` on a field of one of ``kinds``, or a 422
    ``no_matching_control`` saying what the format holds."""
    for spec in schema.controls:
        if spec.type == control_type and schema.fields.get(spec.field) in kinds:
            return spec
    raise InvalidInput(
        f"{holds}, and this project has no {control_type} control on a {' or '.join(sorted(kinds))} "
        "field: add one, or use another format",
        code=ErrorCode.NO_MATCHING_CONTROL,
    )


def refuse_labels(spec: ControlSpec, forbidden: str, holds: str) -> None:
    """A 422 before an export starts when the control's labels hold characters (a regex class,
    e.g. ``\\s``) the format cannot write in a label."""
    bad = [label for label in spec.keyed_labels() if re.search(forbidden, label)]
    if bad:
        raise InvalidInput(f"{holds}; rename the labels {bad}")


def media_name(url: str) -> str:
    """The file name a media URL ends with (``/api/media/3/a%20b.wav`` -> ``a b.wav``)."""
    return unquote(urlsplit(url).path.rsplit("/", 1)[-1]) or "media"


def _author_dir(labelset: LabelSet) -> str:
    author = labelset.author or f"annotation-{labelset.annotation_id}"
    return re.sub(r"[/\\\x00-\x1f]", "_", author)


class _Sink(io.RawIOBase):
    """Where zipfile writes: chunks taken out as they come, so the zip streams."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        self.chunks.append(bytes(b))
        return len(b)

    def drain(self) -> bytes:
        out, self.chunks = b"".join(self.chunks), []
        return out


def write_zip(entries: Iterable[tuple[str, bytes]]) -> Iterator[bytes]:
    """A zip of ``(name, content)`` entries, streamed one entry at a time."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries:
            archive.writestr(name, content)
            yield sink.drain()
    yield sink.drain()


def write_per_media(
    items: Iterable[ExportItem],
    context: WriteContext,
    spec: ControlSpec,
    ext: str,
    render: Callable[[ExportItem, LabelSet, Any, str], bytes],
) -> Iterator[bytes]:
    """A zip with one file per item and label set: ``render(item, labelset, value, stem)`` is the
    file's content for the control's ``value`` (items without a value for it are left out)."""

    def entries() -> Iterator[tuple[str, bytes]]:
        used: set[str] = set()
        for item in items:
            url = item["data"].get(spec.field)
            if not isinstance(url, str):
                continue
            name = media_name(url)
            base = name if name not in used else f"{name}~{item['id']}"
            used.add(base)
            for labelset in label_sets(item, context.labels):
                value = labelset.result.get(spec.name)
                if value is None:
                    continue
                folder = "" if labelset.kind == "final" else f"{ANNOTATIONS_DIR}/{_author_dir(labelset)}/"
                yield f"{folder}{base}{ext}", render(item, labelset, value, base)

    return write_zip(entries())


def label_files(stream: IO[bytes], filename: str, ext: str) -> Iterator[tuple[str, bytes]]:
    """``(member name, content)`` of every ``ext`` file of a zip (other members, folders and
    macOS resource forks are skipped), or the one file uploaded. Caps as for media archives."""
    if not is_zip(stream) and not filename.lower().endswith(".zip"):
        yield filename, stream.read()
        return
    archive, members = open_zip(
        filename,
        stream,
        max_members=MAX_LABEL_FILES,
        keep=lambda m: (
            m.filename.lower().endswith(ext)
            and not m.filename.startswith("__MACOSX/")
            and not m.filename.rsplit("/", 1)[-1].startswith(".")
        ),
    )
    with archive:
        if not members:
            raise FormatError(None, f"the archive holds no {ext} files")
        for m in members:
            try:  # zipfile reads at most the declared size, and checks the CRC at the end
                content = archive.read(m)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
                raise InvalidInput(
                    f"{filename!r}: {m.filename!r} cannot be unpacked ({exc})", code=ErrorCode.INVALID_FILE
                ) from None
            yield m.filename, content


def media_key(member: str, ext: str) -> str:
    """The media a label file names: its base name without ``ext`` (``read_per_media`` then also
    tries it without a trailing ``~<item id>``)."""
    base = member.replace("\\", "/").rsplit("/", 1)[-1]
    return base[: -len(ext)] if base.lower().endswith(ext) else base.rsplit(".", 1)[0]


def author_of(member: str) -> str | None:
    """``annotations/<author>/…`` names an annotator; anything else is a label without author."""
    parts = member.replace("\\", "/").split("/")
    return parts[1] if len(parts) == 3 and parts[0] == ANNOTATIONS_DIR and parts[1] else None


def read_per_media(
    stream: IO[bytes],
    context: ReadContext,
    spec: ControlSpec,
    ext: str,
    parse: Callable[[str, bytes], Parsed],
) -> Iterator[Row]:
    """Rows (one per media, in order of first mention) from a zip of label files or one file:
    ``parse(member, content)`` gives (media key, value) pairs, raising FormatError(None, …) with
    the file and line for a bad record; it is re-raised with the file's number as its row."""
    answers: dict[str, list[RowLabels]] = {}
    for number, (member, content) in enumerate(label_files(stream, context.filename, ext), start=1):
        try:
            parsed = parse(member, content)
        except FormatError as exc:
            raise FormatError(number, exc.message) from None
        for key, value in parsed:
            url = context.media_url(key) or context.media_url(_COPY.sub("", key))
            if url is None:
                raise FormatError(
                    number,
                    f"{member or 'the file'} names media {key!r}, which this project does not hold (or "
                    "several of its files have that name before their extension: name the file after the "
                    "whole media name); upload the media first (POST /api/projects/{id}/media)",
                )
            answers.setdefault(url, []).append(RowLabels({spec.name: value}, author=author_of(member)))
    for number, (url, labels) in enumerate(answers.items(), start=1):
        row = make_row(number, {spec.field: url}, {}, None)
        yield Row(row.number, row.data, row.data_json, row.meta_json, None, labels=tuple(labels))


def decode(member: str, content: bytes) -> str:
    """UTF-8 text (a byte-order mark dropped), or a FormatError naming the file."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError(None, f"{member or 'the file'} is not UTF-8 text (byte {exc.start})") from None


def number(value: float) -> str:
    """A number as short as it reads back exactly (``3`` for 3.0)."""
    as_float = float(value)
    return str(int(as_float)) if as_float.is_integer() else repr(as_float)
