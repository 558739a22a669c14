"""What the per-image label formats (YOLO, Pascal VOC) share: a zip of label files, one dataset
per control, one label set per folder.

Layout of an export (and what an import reads back)::

    [annotations/<author>/][<control>/]<labels dir>/<image stem>.<ext>

- ``labels=final`` writes each item's final label (consensus, or a gold item's reference) at the
  root; ``labels=annotations`` writes each submitted annotation under ``annotations/<author
  email>/``; ``both`` writes the two. On import the root is one label set (no author) and each
  ``annotations/<author>/`` folder one more, with that author.
- One dataset per control the format holds: at the root when the project has one such control,
  else in a folder named after each control (an import maps such a folder back to the control).
- A label file is named after its image's media name (``/api/media/3/cat.jpg`` -> ``cat``); two
  items on one image name get ``<stem>__<item id>``. Media go into the zip only when the export
  asks (``include_media``: ``options["media_file"]``, see ``with_media``).

The zip is written as it goes (``zipfile`` writes to an unseekable sink), one member per label
file: an export holds the names of the images it has written (to tell two items on one image
apart), never their labels or the zip.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import unquote, urlsplit

from goldlabel.controls.base import LabelledSpec
from goldlabel.controls.schema import ProjectSchema
from goldlabel.core.archives import open_zip
from goldlabel.core.errors import ErrorCode, InvalidInput
from goldlabel.core.limits import MAX_LABEL_FILES
from goldlabel.formats.items import FormatError, Row, RowLabels, make_row
from goldlabel.formats.labelsets import LabelSet, label_sets
from goldlabel.formats.registry import ExportItem, ReadContext, WriteContext

ANNOTATIONS_DIR = "annotations"
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".tif", ".tiff"})
ZIP_DATE = (2020, 1, 1, 0, 0, 0)  # members carry a fixed date: the same project exports the same bytes


def image_controls(schema: ProjectSchema, types: Iterable[str], title: str, holds: str) -> list[LabelledSpec]:
    """The schema's controls of these types on an image field, or 422 ``no_image_regions``."""
    wanted = set(types)
    specs: list[LabelledSpec] = [
        c
        for c in schema.controls
        if c.type in wanted and schema.fields.get(c.field) == "image" and isinstance(c, LabelledSpec)
    ]
    if not specs:
        raise InvalidInput(
            f"{title} holds {holds}, and this project has no such control on an image field",
            code=ErrorCode.NO_IMAGE_REGIONS,
        )
    return specs


def media_name(url: str) -> str:
    """The file name a media URL ends with (``/api/media/3/a%20b.jpg`` -> ``a b.jpg``)."""
    return unquote(posixpath.basename(urlsplit(url).path))


def stem(name: str) -> str:
    return posixpath.splitext(posixpath.basename(name))[0]


def number_text(value: float) -> str:
    """A coordinate as written: whole numbers without a point, others in Python's shortest
    exact form (so reading it back gives the same float)."""
    return repr(float(value)) if value != int(value) else str(int(value))


def pixel(value: float) -> float:
    """A coordinate read back, rounded to 1e-6 pixel (``x / w * w`` is ``x`` again)."""
    out = round(value, 6)
    return int(out) if out == int(out) else out


def is_image(name: str) -> bool:
    return posixpath.splitext(name)[1].lower() in IMAGE_SUFFIXES


def safe_part(text: str) -> str:
    """A zip member's folder or file stem (an author's email, an image's name from any URL): no
    separators or characters an unzipper could misread, never ``.`` or ``..``."""
    cleaned = "".join("_" if ch in '/\\:*?"<>|' or ord(ch) < 32 else ch for ch in text).strip(". ")
    return cleaned or "_"


# --- writing ---------------------------------------------------------------------------------


class _Sink:
    """An unseekable file for ``zipfile``: what it writes is drained after each member."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def drain(self) -> bytes:
        out = b"".join(self.chunks)
        self.chunks.clear()
        return out


def zip_stream(files: Iterable[tuple[str, bytes | Path]]) -> Iterator[bytes]:
    """A zip of ``(name, content)`` pairs, yielded member by member; a ``Path`` (a media file,
    already compressed) is stored as it is and copied a megabyte at a time."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files:
            if isinstance(content, bytes):
                archive.writestr(zipfile.ZipInfo(name, ZIP_DATE), content, zipfile.ZIP_DEFLATED)
            else:
                info = zipfile.ZipInfo(name, ZIP_DATE)
                info.file_size = content.stat().st_size  # lets zipfile pick ZIP64 up front
                with content.open("rb") as source, archive.open(info, "w") as member:
                    while chunk := source.read(1 << 20):
                        member.write(chunk)
                        yield sink.drain()
            yield sink.drain()
    yield sink.drain()


def with_media(
    labels: Iterable[ImageLabels], context: WriteContext, folder: str
) -> Iterator[tuple[ImageLabels, tuple[str, Path] | None]]:
    """Each label file with, the first time its image is met and ``include_media`` asked for it
    (``options["media_file"]``), the image's zip member ``<folder>/<stem><suffix>``."""
    find: Callable[[str], Path | None] | None = context.options.get("media_file")
    seen: set[str] = set()
    for found in labels:
        member = None
        key = f"{found.spec.field}/{found.stem}"
        if find is not None and key not in seen:
            seen.add(key)
            path = find(found.url)
            if path is not None:
                member = (f"{folder}/{found.stem}{posixpath.splitext(path.name)[1]}", path)
        yield found, member


@dataclass(frozen=True, slots=True)
class ImageLabels:
    """One label set of one control on one image, ready for a format to write."""

    folder: str  # "" or "annotations/<author>/", plus "<control>/" when the project has several
    stem: str
    spec: LabelledSpec
    regions: list[dict[str, Any]]
    size: tuple[float, float] | None
    url: str


def image_labels(
    items: Iterable[ExportItem], specs: list[LabelledSpec], context: WriteContext
) -> Iterator[ImageLabels]:
    """Every (item, label set, control) the export holds, with its folder and file stem. A label
    set whose control holds ``[]`` still gets its (empty) file: YOLO reads a missing file as "not
    labelled" and an empty one as "nothing to mark"; a label set without the control gets none."""
    from goldlabel.controls._media import media_size

    per_control = len(specs) > 1
    used: dict[str, int] = {}
    for item in items:
        sets = label_sets(item, context.labels)
        for spec in specs:
            url = item["data"].get(spec.field)
            if not isinstance(url, str):
                continue
            name = safe_part(stem(media_name(url))) if stem(media_name(url)) else f"item-{item['id']}"
            key = f"{spec.field}/{name}"
            if used.setdefault(key, item["id"]) != item["id"]:
                name = f"{name}__{item['id']}"
            size = media_size(item["data"], spec.field)
            for labelset in sets:
                if spec.name not in labelset.result:
                    continue  # this label set says nothing about this control
                folder = _folder(labelset) + (f"{spec.name}/" if per_control else "")
                regions = list(labelset.result.get(spec.name) or ())
                yield ImageLabels(folder, name, spec, regions, size, url)


def _folder(labelset: LabelSet) -> str:
    if labelset.kind == "final":
        return ""
    return f"{ANNOTATIONS_DIR}/{safe_part(labelset.author or f'annotation-{labelset.annotation_id}')}/"


def dataset_folders(specs: list[LabelledSpec]) -> list[tuple[str, LabelledSpec]]:
    """(folder, control) of each dataset: the root for one control, else a folder per control."""
    return [("", specs[0])] if len(specs) == 1 else [(f"{s.name}/", s) for s in specs]


# --- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LabelFile:
    """A member of a label zip: the label set it belongs to and the dataset folder it sits in."""

    path: str
    author: str | None  # None: the root label set
    dataset: str  # the folders before the labels folder ("" or a control's name, or a dataset root)
    stem: str


def label_files(paths: Iterable[str], labels_dir: str, suffix: str) -> list[LabelFile]:
    """The members that are label files: ``.../<labels_dir>/[sub/]name<suffix>``."""
    out = []
    for path in paths:
        parts = path.split("/")
        if not path.lower().endswith(suffix) or labels_dir not in parts[:-1]:
            continue
        author = None
        if parts[0] == ANNOTATIONS_DIR and len(parts) > 3:
            author, parts = parts[1], parts[2:]
        dataset = "/".join(parts[: parts.index(labels_dir)])
        out.append(LabelFile(path, author, dataset, stem(parts[-1])))
    return out


def read_zip(stream: IO[bytes], context: ReadContext) -> tuple[zipfile.ZipFile, list[str]]:
    """The uploaded zip (capped by ``core.archives``) and its members' names."""
    try:
        archive, members = open_zip(context.filename or "the file", stream, max_members=MAX_LABEL_FILES)
    except InvalidInput as exc:
        raise FormatError(None, exc.message) from None
    return archive, [m.filename for m in members]


@dataclass
class ImageRows:
    """The rows of an image label import: one per image, in the order images were first met,
    each with one label set per folder (the root first)."""

    image_field: str
    context: ReadContext
    #: image URL -> author (None: the root label set) -> control -> regions
    rows: dict[str, dict[str | None, dict[str, list[dict[str, Any]]]]] = field(default_factory=dict)
    #: image URL -> (author, control) -> the scores its regions carried (COCO's ``score``)
    scores: dict[str, dict[tuple[str | None, str], list[float]]] = field(default_factory=dict)

    def image(self, name: str, where: str) -> tuple[str, tuple[float, float] | None]:
        """(url, size) of an image the project holds, or a FormatError naming ``where``."""
        url = self.context.media_url(name)
        if url is None:
            raise FormatError(
                None,
                f"{where}: no image named {name!r} in the file or the project's media; upload it "
                "(Media tab) or put it in the zip beside its labels",
            )
        return url, self.context.media_size(url)

    def add_image(self, url: str) -> None:
        self.rows.setdefault(url, {})

    def add(
        self,
        url: str,
        author: str | None,
        control: str,
        regions: list[dict[str, Any]],
        score: float | None = None,
    ) -> None:
        sets = self.rows.setdefault(url, {})
        sets.setdefault(author, {}).setdefault(control, []).extend(regions)
        if score is not None:
            self.scores.setdefault(url, {}).setdefault((author, control), []).append(score)

    def build(self) -> Iterator[Row]:
        for number, (url, sets) in enumerate(self.rows.items(), start=1):
            row = make_row(number, {self.image_field: url}, {}, None)
            order = sorted(sets, key=lambda a: (a is not None, a or ""))
            labels = tuple(RowLabels(result=sets[a], author=a, scores=self._scores(url, a)) for a in order)
            yield row if not labels else _with_labels(row, labels)

    def _scores(self, url: str, author: str | None) -> dict[str, float] | None:
        """Per control, the mean score of its regions; None when none carried one."""
        found = {c: sum(v) / len(v) for (a, c), v in self.scores.get(url, {}).items() if a == author}
        return found or None


def _with_labels(row: Row, labels: tuple[RowLabels, ...]) -> Row:
    import dataclasses

    return dataclasses.replace(row, labels=labels)


def one_field(specs: Iterable[LabelledSpec], title: str) -> str:
    fields = sorted({s.field for s in specs})
    if len(fields) != 1:
        raise FormatError(None, f"a {title} import fills one image field; this file's controls use {fields}")
    return fields[0]


def control_for(
    dataset: str, candidates: Mapping[str, LabelledSpec], where: str, choose: Callable[[], LabelledSpec]
) -> LabelledSpec:
    """The control a dataset folder names (its last folder), else ``choose()``'s."""
    last = dataset.rsplit("/", 1)[-1]
    if last in candidates:
        return candidates[last]
    try:
        return choose()
    except FormatError as exc:
        raise FormatError(None, f"{where}: {exc.message}") from None
