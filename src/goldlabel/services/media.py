"""Media uploads (files or a zip of them) into the project's media folder, and serving them.

Files are accepted only when their bytes sniff as an allowlisted image/audio/video type (SVG
is refused: it can carry script) and their decoder reads them; archives are capped in members,
size and compression ratio; every path goes through the one containment check. Each stored file
is measured and gets its derived files (``media_probe``) and its ``media`` row
(``media_library``) before the upload answers.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import filetype
from sqlalchemy.orm import Session

from goldlabel.core.archives import open_zip
from goldlabel.core.errors import ErrorCode, InvalidInput, NotFound, TooLarge
from goldlabel.core.security import contained_path
from goldlabel.db.engine import Database
from goldlabel.services import media_library
from goldlabel.services.access import Actor, project_access
from goldlabel.services.media_library import Measured, MediaInfoView
from goldlabel.services.project_lifecycle import refuse_if_archived

ALLOWED_TYPES = frozenset(
    {
        "image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp", "image/tiff",
        "audio/mpeg", "audio/x-wav", "audio/ogg", "audio/x-flac", "audio/mp4", "audio/webm",
        "video/mp4", "video/webm", "video/quicktime", "video/x-matroska",
    }
)  # fmt: skip
SAFE_NAME = re.compile(r"[^A-Za-z0-9._\-]+")


@dataclass(frozen=True, slots=True)
class StoredMedia:
    name: str
    path: Path
    content_type: str


@dataclass(frozen=True, slots=True)
class MediaFile:
    path: Path
    content_type: str


def sniff(head: bytes) -> str | None:
    kind = filetype.guess(head)
    return kind.mime if kind and kind.mime in ALLOWED_TYPES else None


def _safe_name(name: str) -> str:
    base = SAFE_NAME.sub("_", Path(name.replace("\\", "/")).name).strip("._")
    if not base:
        raise InvalidInput(f"{name!r} is not a usable file name")
    return base[:200]


def _store(root: Path, project_id: int, name: str, stream: IO[bytes], limit: int | None) -> StoredMedia:
    """Copy one file in; ``limit`` caps a zip member at its declared size (an uploaded file was
    capped with the whole body as it arrived)."""
    head = stream.read(8192)
    content_type = sniff(head)
    if content_type is None:
        raise InvalidInput(
            f"{name!r} is not an allowed image, audio or video file", code=ErrorCode.INVALID_FILE
        )
    target = contained_path(root, f"{project_id}/{_safe_name(name)}")
    target.parent.mkdir(parents=True, exist_ok=True)
    written = len(head)
    tmp = target.with_suffix(target.suffix + ".part")
    with tmp.open("wb") as out:
        out.write(head)
        while chunk := stream.read(1 << 20):
            written += len(chunk)
            if limit is not None and written > limit:
                out.close()
                tmp.unlink()
                raise TooLarge(f"{name!r} is larger than {limit} bytes", limit=limit)
            out.write(chunk)
    tmp.replace(target)
    return StoredMedia(name=target.name, path=target, content_type=content_type)


def check_upload_access(db: Session, actor: Actor, project_id: int) -> None:
    """Before a byte of the body is read, and again where the rows are written: only the
    project's managers may upload, and not into an archived project."""
    project = project_access(db, actor, project_id, minimum="manager").project
    refuse_if_archived(project.archived_at, "uploading media")


def upload_media(
    database: Database, actor: Actor, project_id: int, root: Path, files: list[tuple[str, IO[bytes]]]
) -> list[MediaInfoView]:
    """Store every file or none: all are checked before any is written, and a failure while
    writing, measuring or recording removes what this upload already wrote.

    Copying, measuring and deriving run with no transaction open; the rows go in one short write
    that checks access again, then items pointing at the files get their sizes
    (``media_library.backfill_items``).
    """
    with database.session() as db:
        check_upload_access(db, actor, project_id)
    stored = _store_all(root, project_id, files)
    try:
        measured = [_measure(root, project_id, s) for s in stored]
        with database.session(write=True) as db:
            check_upload_access(db, actor, project_id)
            views = media_library.record(db, actor, project_id, measured)
    except Exception:
        for done in stored:
            done.path.unlink(missing_ok=True)
            shutil.rmtree(media_library.derived_dir(root, project_id, done.name), ignore_errors=True)
        raise
    media_library.backfill_items(database, project_id, measured)
    return views


def _measure(root: Path, project_id: int, stored: StoredMedia) -> Measured:
    """Probe a stored file and write its derived files; a file its decoder refuses is refused.

    Pillow and PyAV (with FFmpeg's libraries) load on the first upload, not at server start.
    """
    from goldlabel.services import media_probe

    try:
        probe = media_probe.probe(stored.path, stored.content_type)
    except media_probe.ProbeError as e:
        raise InvalidInput(f"{stored.name!r} {e}", code=ErrorCode.INVALID_FILE) from None
    derived = media_library.derived_dir(root, project_id, stored.name)
    shutil.rmtree(derived, ignore_errors=True)  # a file uploaded again under its name
    derived.mkdir(parents=True)
    peaks = derived / media_library.PEAKS_FILE
    has_peaks = probe.has_audio and _write(peaks, media_probe.peaks_json, stored.path)
    has_thumbnail = probe.kind != "audio" and _write(
        derived / media_library.THUMBNAIL_FILE, lambda p: media_probe.thumbnail(p, probe.kind), stored.path
    )
    return Measured(
        name=stored.name,
        content_type=stored.content_type,
        bytes=stored.path.stat().st_size,
        width=probe.width,
        height=probe.height,
        duration=probe.duration,
        fps=probe.fps,
        frames=probe.frames,
        has_audio=probe.has_audio,
        has_peaks=has_peaks,
        has_thumbnail=has_thumbnail,
    )


def _write(target: Path, make: Callable[[Path], bytes], source: Path) -> bool:
    """Write a derived file; False (and the file absent) when the decoder fails part-way: the
    media itself probed fine, so the upload stands without its waveform or thumbnail."""
    try:
        target.write_bytes(make(source))
    except (OSError, ValueError):  # media_probe.ProbeError is a ValueError
        target.unlink(missing_ok=True)
        return False
    return True


def _store_all(root: Path, project_id: int, files: list[tuple[str, IO[bytes]]]) -> list[StoredMedia]:
    archives = {name: _checked_zip(name, stream) for name, stream in files if _is_zip(name)}
    for name, stream in files:
        if not _is_zip(name):
            if sniff(stream.read(8192)) is None:
                raise InvalidInput(
                    f"{name!r} is not an allowed image, audio or video file", code=ErrorCode.INVALID_FILE
                )
            stream.seek(0)
    stored: list[StoredMedia] = []
    try:
        for name, stream in files:
            if _is_zip(name):
                archive, members = archives[name]
                for m in members:
                    with archive.open(m) as member:
                        stored.append(_store(root, project_id, m.filename, member, m.file_size + 1))
            else:
                stored.append(_store(root, project_id, name, stream, None))
    except Exception:
        for done in stored:
            done.path.unlink(missing_ok=True)
        raise
    return stored


def _is_zip(name: str) -> bool:
    return name.lower().endswith(".zip")


def _checked_zip(name: str, stream: IO[bytes]) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """The archive within its caps (``core.archives``), every member an allowed media file."""
    archive, members = open_zip(name, stream)
    for m in members:
        _sniffed(name, archive, m, "image, audio or video")
    return archive, members


def _sniffed(name: str, archive: zipfile.ZipFile, m: zipfile.ZipInfo, kinds: str) -> None:
    """Refuse a member whose bytes do not sniff as allowlisted media."""
    with archive.open(m) as member:
        if sniff(member.read(8192)) is None:
            raise InvalidInput(
                f"{name!r}: {m.filename!r} is not an allowed {kinds} file", code=ErrorCode.INVALID_FILE
            )


def media_file(db: Session, actor: Actor, project_id: int, root: Path, relative: str) -> MediaFile:
    """A project file for any member; derived files (peaks, thumbnails) are never media."""
    project_access(db, actor, project_id)
    try:
        path = contained_path(root / str(project_id), relative)
    except ValueError:
        raise NotFound("file not found") from None
    if media_library.is_derived(root, project_id, path) or not path.is_file():
        raise NotFound("file not found")
    with path.open("rb") as f:
        content_type = sniff(f.read(8192))
    if content_type is None:
        raise NotFound("file not found")
    return MediaFile(path=path, content_type=content_type)


def local_file(root: Path, project_id: int) -> Callable[[str], Path | None]:
    """For an export that copies media (``WriteContext.options["media_file"]``): the stored file
    a URL of this project names, or None (another project's, a remote URL, a derived file)."""
    folder = root / str(project_id)

    def find(url: str) -> Path | None:
        name = media_library.local_name(project_id, url)
        if name is None:
            return None
        try:
            path = contained_path(folder, name)
        except ValueError:
            return None
        return path if path.is_file() and not media_library.is_derived(root, project_id, path) else None

    return find


# --- images that arrive in an import's zip (``services/archive_imports.py``) -------------------


@dataclass(frozen=True, slots=True)
class ArchiveImages:
    """The images of an import's zip in the media library: each member's stored name, and the
    names this import stored (the ones to remove if the import is refused)."""

    names: dict[str, str]
    new: list[str]


def store_archive_images(
    database: Database,
    actor: Actor,
    project_id: int,
    root: Path,
    archive_name: str,
    archive: zipfile.ZipFile,
    members: list[zipfile.ZipInfo],
) -> ArchiveImages:
    """Store, measure and record an import's images exactly as an upload would, but never
    replace a file the project holds: one with the same bytes is reused, a different one is
    refused (rename it in the zip). All are checked before any is written."""
    with database.session() as db:
        check_upload_access(db, actor, project_id)
    planned: dict[str, zipfile.ZipInfo] = {}
    for m in members:
        _sniffed(archive_name, archive, m, "image")
        name = _safe_name(m.filename)
        if name in planned:
            raise InvalidInput(
                f"{archive_name!r}: {m.filename!r} and {planned[name].filename!r} would both be stored "
                f"as {name!r}; give them distinct file names",
                code=ErrorCode.INVALID_FILE,
            )
        planned[name] = m
    fresh = []
    for name, m in planned.items():
        held = contained_path(root, f"{project_id}/{name}")
        if held.exists():
            if not _same_bytes(held, archive, m):
                raise InvalidInput(
                    f"{archive_name!r}: the project already holds a different file named {name!r}; "
                    f"rename {m.filename!r} in the zip, or leave it out to label the project's file",
                    code=ErrorCode.INVALID_FILE,
                )
            continue
        fresh.append(m)
    stored: list[StoredMedia] = []
    try:
        for m in fresh:
            with archive.open(m) as member:
                stored.append(_store(root, project_id, m.filename, member, m.file_size + 1))
        measured = [_measure(root, project_id, s) for s in stored]
        if measured:
            with database.session(write=True) as db:
                check_upload_access(db, actor, project_id)
                media_library.record(db, actor, project_id, measured)
    except Exception:
        _remove_files(root, project_id, [s.name for s in stored])
        raise
    return ArchiveImages({m.filename: name for name, m in planned.items()}, [s.name for s in stored])


def remove_archive_images(database: Database, project_id: int, root: Path, names: list[str]) -> None:
    """Undo ``store_archive_images`` for a refused import: its rows, files and derived files."""
    if names:
        with database.session(write=True) as db:
            media_library.forget(db, project_id, names)
    _remove_files(root, project_id, names)


def _remove_files(root: Path, project_id: int, names: list[str]) -> None:
    for name in names:
        contained_path(root, f"{project_id}/{name}").unlink(missing_ok=True)
        shutil.rmtree(media_library.derived_dir(root, project_id, name), ignore_errors=True)


def _same_bytes(path: Path, archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    if path.stat().st_size != member.file_size:
        return False
    with path.open("rb") as held, archive.open(member) as incoming:
        while chunk := held.read(1 << 20):
            if incoming.read(len(chunk)) != chunk:
                return False
    return True
