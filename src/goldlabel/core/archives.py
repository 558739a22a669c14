"""Zip archives from users, opened with their caps checked before a member is read.

One place for the caps (``MAX_ARCHIVE_MEMBERS``, ``MAX_ARCHIVE_BYTES``, ``MAX_ARCHIVE_RATIO`` in
``core/limits.py``) so a media upload and an import of images with their labels refuse the same
archives. Member names are never used as paths here: whoever writes a member to disk goes
through ``core.security.contained_path``.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from typing import IO

from goldlabel.core.errors import ErrorCode, InvalidInput, TooLarge
from goldlabel.core.limits import MAX_ARCHIVE_BYTES, MAX_ARCHIVE_MEMBERS, MAX_ARCHIVE_RATIO

ZIP_MAGIC = b"PK\x03\x04"


def is_zip(stream: IO[bytes]) -> bool:
    """Whether a seekable stream starts like a zip (an empty archive is refused elsewhere)."""
    start = stream.tell()
    head = stream.read(len(ZIP_MAGIC))
    stream.seek(start)
    return head == ZIP_MAGIC


def open_zip(
    name: str,
    stream: IO[bytes],
    *,
    max_members: int = MAX_ARCHIVE_MEMBERS,
    keep: Callable[[zipfile.ZipInfo], bool] = lambda _member: True,
) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """The archive and its file members that ``keep`` accepts (folders left out), or a 4xx naming
    the archive: not a zip, too many members, too large unpacked, or a member compressed
    suspiciously well. Media archives keep the default cap (each member becomes a file on disk);
    label archives, one small file per item, take ``MAX_LABEL_FILES``."""
    try:
        archive = zipfile.ZipFile(stream)
    except zipfile.BadZipFile:
        raise InvalidInput(f"{name!r} is not a valid zip file", code=ErrorCode.INVALID_FILE) from None
    members = [m for m in archive.infolist() if not m.is_dir() and keep(m)]
    if len(members) > max_members:
        raise InvalidInput(f"{name!r} has {len(members)} files; at most {max_members}: split it")
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
    return archive, members
