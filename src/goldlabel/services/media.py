"""Media uploads (files or a zip of them) into the project's media folder, and serving them.

Files are accepted only when their bytes sniff as an allowlisted image/audio/video type (SVG
is refused: it can carry script); archives are capped in members, size and compression ratio;
every path goes through the one containment check.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import filetype
from sqlalchemy.orm import Session

from goldlabel.core.errors import ErrorCode, InvalidInput, NotFound, TooLarge
from goldlabel.core.limits import MAX_ARCHIVE_BYTES, MAX_ARCHIVE_MEMBERS, MAX_ARCHIVE_RATIO
from goldlabel.core.security import contained_path
from goldlabel.services.access import Actor, project_access
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
    url: str


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
    if sniff(head) is None:
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
    return StoredMedia(name=target.name, url=f"/api/media/{project_id}/{target.name}")


def check_upload_access(db: Session, actor: Actor, project_id: int) -> None:
    """Before a byte of the body is read: only the project's managers may upload."""
    project_access(db, actor, project_id, minimum="manager")


def upload_media(
    db: Session, actor: Actor, project_id: int, root: Path, files: list[tuple[str, IO[bytes]]]
) -> list[StoredMedia]:
    """Store every file or none: all are checked before any is written, and a failure while
    writing removes what this upload already wrote."""
    project = project_access(db, actor, project_id, minimum="manager").project
    refuse_if_archived(project.archived_at, "uploading media")
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
            (root / str(project_id) / done.name).unlink(missing_ok=True)
        raise
    return stored


def _is_zip(name: str) -> bool:
    return name.lower().endswith(".zip")


def _checked_zip(name: str, stream: IO[bytes]) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    try:
        archive = zipfile.ZipFile(stream)
    except zipfile.BadZipFile:
        raise InvalidInput(f"{name!r} is not a valid zip file", code=ErrorCode.INVALID_FILE) from None
    members = [m for m in archive.infolist() if not m.is_dir()]
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise InvalidInput(f"{name!r} has {len(members)} files; at most {MAX_ARCHIVE_MEMBERS}")
    total = sum(m.file_size for m in members)
    if total > MAX_ARCHIVE_BYTES:
        raise TooLarge(
            f"{name!r} unpacks to {total} bytes; at most {MAX_ARCHIVE_BYTES}", limit=MAX_ARCHIVE_BYTES
        )
    for m in members:
        if m.compress_size and m.file_size / m.compress_size > MAX_ARCHIVE_RATIO:
            raise InvalidInput(
                f"{name!r}: {m.filename!r} is compressed suspiciously well (zip bomb?)",
                code=ErrorCode.INVALID_FILE,
            )
        with archive.open(m) as member:
            if sniff(member.read(8192)) is None:
                raise InvalidInput(
                    f"{name!r}: {m.filename!r} is not an allowed image, audio or video file",
                    code=ErrorCode.INVALID_FILE,
                )
    return archive, members


def media_file(db: Session, actor: Actor, project_id: int, root: Path, relative: str) -> MediaFile:
    project_access(db, actor, project_id)
    try:
        path = contained_path(root / str(project_id), relative)
    except ValueError:
        raise NotFound("file not found") from None
    if not path.is_file():
        raise NotFound("file not found")
    with path.open("rb") as f:
        content_type = sniff(f.read(8192))
    if content_type is None:
        raise NotFound("file not found")
    return MediaFile(path=path, content_type=content_type)
