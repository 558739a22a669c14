"""A project's media as measured on arrival: the ``media`` rows, their info, peaks and thumbnail,
and the sizes filled into item data so validation bounds come from the file.

Derived files live in ``{media_dir}/{project_id}/.derived/{name}/`` (``peaks.json``,
``thumbnail.webp``): inside the project's folder, so deleting the project removes them, and
never served as media (``media.media_file`` refuses paths into it; an uploaded name cannot start
with a dot).

Item data: for every media field of the schema whose value is this project's local media URL
(``/api/media/{project_id}/{name}``), the measured ``<field>_width``, ``_height``,
``_duration``, ``_fps`` and ``_frames`` are written into the item's data — at import for files
already uploaded, and on upload for items imported before. The control types already read those
keys, so every path that validates an answer (the save path, gold, practice, exams, examples)
gets the real bounds with no query of its own: the save path, benchmarked, is unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import orjson
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from goldlabel.controls.schema import MEDIA_KINDS, load_schema
from goldlabel.core.errors import ErrorCode, NotFound
from goldlabel.core.security import contained_path
from goldlabel.db.dialect import insert
from goldlabel.db.engine import Database
from goldlabel.db.models import Item, Media, Project, utcnow
from goldlabel.formats.items import Row
from goldlabel.services.access import Actor, project_access
from goldlabel.services.views import View

DERIVED = ".derived"
PEAKS_FILE = "peaks.json"
THUMBNAIL_FILE = "thumbnail.webp"
LOCAL_URL = re.compile(r"^/api/media/(\d+)/([^/?#]+)$")
#: Items read per query when looking for items that point at newly uploaded files.
BACKFILL_BATCH = 2000
#: The measured values an item's data receives, per key suffix.
SIZE_KEYS = ("width", "height", "duration", "fps", "frames")


@dataclass(frozen=True, slots=True)
class Measured:
    """One stored file and what was read from it (``media_probe.Probe`` plus the file)."""

    name: str
    content_type: str
    bytes: int
    width: int | None
    height: int | None
    duration: float | None
    fps: float | None
    frames: int | None
    has_audio: bool
    has_peaks: bool
    has_thumbnail: bool

    def sizes(self) -> dict[str, float | int]:
        values = (self.width, self.height, self.duration, self.fps, self.frames)
        return {k: v for k, v in zip(SIZE_KEYS, values, strict=True) if v is not None}


class MediaInfoView(View):
    """What the labeling UI reads about a file (``frontend/src/media/mediaInfo.ts``)."""

    name: str
    url: str
    content_type: str
    bytes: int
    width: int | None
    height: int | None
    duration: float | None
    fps: float | None
    frames: int | None
    peaks_url: str | None
    thumbnail_url: str | None


class PeaksView(View):
    """The shape of a ``peaks.json`` (written by ``media_probe.peaks``), for the API document."""

    duration: float
    peaks_per_second: float
    peaks: list[float]


class MediaPage(View):
    items: list[MediaInfoView]
    total: int


def media_url(project_id: int, name: str) -> str:
    return f"/api/media/{project_id}/{quote(name)}"


def derived_dir(root: Path, project_id: int, name: str) -> Path:
    """Where a file's peaks and thumbnail live (through the one containment function)."""
    return contained_path(root / str(project_id), f"{DERIVED}/{name}")


def is_derived(root: Path, project_id: int, path: Path) -> bool:
    return contained_path(root / str(project_id), DERIVED) in (path, *path.parents)


def _view(project_id: int, row: Media) -> MediaInfoView:
    info = f"/api/projects/{project_id}/media/{quote(row.name)}"
    return MediaInfoView(
        name=row.name,
        url=media_url(project_id, row.name),
        content_type=row.content_type,
        bytes=row.bytes,
        width=row.width,
        height=row.height,
        duration=row.duration,
        fps=row.fps,
        frames=row.frames,
        peaks_url=f"{info}/peaks" if row.has_peaks else None,
        thumbnail_url=f"{info}/thumbnail" if row.has_thumbnail else None,
    )


def record(db: Session, actor: Actor, project_id: int, measured: Iterable[Measured]) -> list[MediaInfoView]:
    """Insert or replace (a file uploaded again under its name) the rows of stored files."""
    views = []
    for m in measured:
        values = {
            "content_type": m.content_type,
            "bytes": m.bytes,
            "width": m.width,
            "height": m.height,
            "duration": m.duration,
            "fps": m.fps,
            "frames": m.frames,
            "has_audio": m.has_audio,
            "has_peaks": m.has_peaks,
            "has_thumbnail": m.has_thumbnail,
            "uploaded_by": actor.id,
            "uploaded_at": utcnow(),
        }
        statement = (
            insert(db, Media)
            .values(project_id=project_id, name=m.name, **values)
            .on_conflict_do_update(index_elements=["project_id", "name"], set_=values)
            .returning(Media)
        )
        views.append(_view(project_id, db.scalars(statement).one()))
    return views


def forget(db: Session, project_id: int, names: list[str]) -> None:
    """Delete the rows of files an import stored and then refused (``media.remove_archive_images``)."""
    db.execute(delete(Media).where(Media.project_id == project_id, Media.name.in_(names)))


def _row(db: Session, project_id: int, name: str) -> Media:
    row = db.scalar(select(Media).where(Media.project_id == project_id, Media.name == name))
    if row is None:
        raise NotFound("media file not found")
    return row


def media_info(db: Session, actor: Actor, project_id: int, name: str) -> MediaInfoView:
    """Any member of the project (annotators label these files)."""
    project_access(db, actor, project_id)
    return _view(project_id, _row(db, project_id, name))


def list_media(db: Session, actor: Actor, project_id: int, *, page: int, page_size: int) -> MediaPage:
    """The project's files by name, for its managers."""
    project_access(db, actor, project_id, minimum="manager")
    scoped = select(Media).where(Media.project_id == project_id)
    total = db.scalar(select(func.count(Media.id)).where(Media.project_id == project_id))
    rows = db.scalars(scoped.order_by(Media.name).offset((page - 1) * page_size).limit(page_size))
    return MediaPage(items=[_view(project_id, r) for r in rows], total=total or 0)


def derived_file(db: Session, actor: Actor, project_id: int, root: Path, name: str, kind: str) -> Path:
    """The peaks (``kind="peaks"``) or thumbnail of a file, for any member."""
    project_access(db, actor, project_id)
    row = _row(db, project_id, name)
    if kind == "peaks":
        if not row.has_peaks:
            raise NotFound("this file has no sound, so no waveform peaks", code=ErrorCode.NO_PEAKS)
        return derived_dir(root, project_id, row.name) / PEAKS_FILE
    if not row.has_thumbnail:
        raise NotFound("this file has no picture to make a thumbnail of", code=ErrorCode.NO_THUMBNAIL)
    return derived_dir(root, project_id, row.name) / THUMBNAIL_FILE


# --- item data: the measured sizes beside each media field -------------------------------------

SizesLookup = Callable[[str], Mapping[str, float | int] | None]


def local_name(project_id: int, url: Any) -> str | None:
    """The file name if ``url`` is this project's local media URL, else None."""
    if not isinstance(url, str):
        return None
    match = LOCAL_URL.match(url)
    return unquote(match[2]) if match and int(match[1]) == project_id else None


def filled_data(
    data: Mapping[str, Any], media_fields: Iterable[str], project_id: int, sizes: SizesLookup
) -> dict[str, Any] | None:
    """``data`` with the measured sizes of its local media files, or None when nothing changes.
    Measured values replace hand-written ones: the file is the truth."""
    changes: dict[str, Any] = {}
    for field in media_fields:
        name = local_name(project_id, data.get(field))
        found = sizes(name) if name is not None else None
        for key, value in (found or {}).items():
            if data.get(f"{field}_{key}") != value:
                changes[f"{field}_{key}"] = value
    return {**data, **changes} if changes else None


def _media_fields(schema: Mapping[str, Any]) -> list[str]:
    return [name for name, kind in load_schema(dict(schema)).fields.items() if kind in MEDIA_KINDS]


def row_filler(db: Session, project_id: int, schema: Mapping[str, Any]) -> Callable[[Row], Row]:
    """For an import: a function giving each row the sizes of the project's files it points at.
    The project's measurements are read once, and only when the schema has a media field."""
    fields = _media_fields(schema)
    if not fields:
        return lambda row: row
    known: dict[str, dict[str, float | int]] = {}
    for m in db.execute(
        select(Media.name, Media.width, Media.height, Media.duration, Media.fps, Media.frames).where(
            Media.project_id == project_id
        )
    ):
        known[m.name] = {k: v for k, v in zip(SIZE_KEYS, m[1:], strict=True) if v is not None}

    def fill(row: Row) -> Row:
        data = filled_data(row.data, fields, project_id, known.get)
        if data is None:
            return row
        return replace(row, data=data, data_json=orjson.dumps(data).decode())

    return fill


@dataclass(frozen=True, slots=True)
class MediaIndex:
    """The project's files, read once for an import's reader (``ReadContext.media_size`` and
    ``media_url``): found by name, local URL or base name (label files name media that way), and
    for a URL also by stem when one file alone has it (a subtitle ``clip.vtt`` names ``clip.mp4``)."""

    project_id: int
    names: dict[str, str]  # name or base name -> stored name
    stems: dict[str, list[str]]  # stem -> stored names
    sizes: dict[str, tuple[float, float]]  # stored name -> (width, height) in pixels

    def _stored(self, name_or_url: str) -> tuple[str | None, str]:
        name = local_name(self.project_id, name_or_url) or name_or_url
        base = name.rsplit("/", 1)[-1]
        return self.names.get(name) or self.names.get(base), base

    def size(self, name_or_url: str) -> tuple[float, float] | None:
        stored, _base = self._stored(name_or_url)
        return self.sizes.get(stored) if stored is not None else None

    def url(self, name_or_url: str) -> str | None:
        stored, base = self._stored(name_or_url)
        if stored is None and len(self.stems.get(base, ())) == 1:
            stored = self.stems[base][0]
        return media_url(self.project_id, stored) if stored is not None else None


def media_index(db: Session, project_id: int) -> MediaIndex:
    index = MediaIndex(project_id, {}, {}, {})
    rows = select(Media.name, Media.width, Media.height).where(Media.project_id == project_id)
    for name, width, height in db.execute(rows):
        base = name.rsplit("/", 1)[-1]
        index.names[name] = name
        index.names.setdefault(base, name)
        index.stems.setdefault(base.rsplit(".", 1)[0], []).append(name)
        if width is not None and height is not None:
            index.sizes[name] = (float(width), float(height))
    return index


def backfill_items(database: Database, project_id: int, measured: Iterable[Measured]) -> int:
    """Give the project's items that point at these files their sizes; returns how many changed.

    The items are read in id batches with no transaction held open across them, then changed in
    one short write (only the rows that change).
    """
    sizes = {m.name: m.sizes() for m in measured}
    with database.session() as db:
        schema = db.scalar(select(Project.schema).where(Project.id == project_id))
    fields = _media_fields(schema or {})
    if not fields or not sizes:
        return 0
    changed: list[dict[str, Any]] = []
    last = -1
    while True:
        with database.session() as db:
            batch = db.execute(
                select(Item.id, Item.data)
                .where(Item.project_id == project_id, Item.id > last)
                .order_by(Item.id)
                .limit(BACKFILL_BATCH)
            ).all()
        if not batch:
            break
        last = batch[-1].id
        for item_id, data in batch:
            new = filled_data(data, fields, project_id, sizes.get)
            if new is not None:
                changed.append({"id": item_id, "data": new})
    if changed:
        with database.session(write=True) as db:
            for start in range(0, len(changed), BACKFILL_BATCH):
                db.execute(update(Item), changed[start : start + BACKFILL_BATCH])
    return len(changed)
