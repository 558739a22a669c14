"""An image label import that arrives as a zip holding the images too (COCO, YOLO, VOC).

``unpacked`` prepares what the format's reader gets — the stream (the COCO JSON inside the zip;
the zip itself for YOLO and VOC, whose readers skip the images) and a ``ReadContext`` whose
``media_url``/``media_size`` know the zip's images — and undoes it if the import is refused.

The images go into the project's media library exactly as an upload puts them
(``media.store_archive_images``: sniffed, probed, thumbnails, ``media`` rows) *before* the rows
are read, so each item gets its measured size like any import of uploaded media. The media rows
and the items are two transactions: when the import is refused, the files and rows this import
added are removed again, and files the project already held are never replaced or removed (one
with the same bytes is reused, a different one refused). A server killed between the two
leaves the new images in the Media tab and no items — nothing half-imported.
"""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from goldlabel.core.archives import is_zip, open_zip
from goldlabel.core.errors import ErrorCode, InvalidInput
from goldlabel.core.limits import MAX_ARCHIVE_MEMBERS, MAX_LABEL_FILES
from goldlabel.db.engine import Database
from goldlabel.formats.image_datasets import is_image
from goldlabel.formats.registry import FileFormat, ReadContext
from goldlabel.services import media, media_library
from goldlabel.services.access import Actor


@contextmanager
def unpacked(
    database: Database,
    actor: Actor,
    project_id: int,
    stream: IO[bytes],
    fmt: FileFormat,
    context: ReadContext,
    media_dir: Path | None,
) -> Iterator[tuple[IO[bytes], ReadContext]]:
    """``(stream, context)`` for the reader; anything but an image format's zip passes as it is."""
    if fmt.kind != "images" or media_dir is None or not is_zip(stream):
        yield stream, context
        return
    name = context.filename or "the file"
    archive, members = open_zip(name, stream, max_members=MAX_LABEL_FILES)
    images = [m for m in members if is_image(m.filename)]
    if len(images) > MAX_ARCHIVE_MEMBERS:  # each image becomes a file in the media folder
        raise InvalidInput(
            f"{name!r} holds {len(images)} images; at most {MAX_ARCHIVE_MEMBERS} per upload: split it, "
            "or upload the images first (Media tab) and import the labels alone"
        )
    stored = media.store_archive_images(database, actor, project_id, media_dir, name, archive, images)
    try:
        with database.session() as db:
            media_now = media_library.media_index(db, project_id)  # with the zip's images
        ready = dataclasses.replace(
            context,
            media_size=media_now.size,
            media_url=_archive_first(stored.names, project_id, media_now.url),
        )
        if fmt.name != "coco":
            stream.seek(0)
            yield stream, ready
        else:
            documents = [m for m in members if m.filename.lower().endswith(".json")]
            if len(documents) != 1:
                raise InvalidInput(
                    f"{name!r}: a COCO zip holds its images and one .json document; it has {len(documents)}",
                    code=ErrorCode.INVALID_IMPORT,
                )
            with archive.open(documents[0]) as document:
                yield document, dataclasses.replace(ready, filename=documents[0].filename)
    except BaseException:
        media.remove_archive_images(database, project_id, media_dir, stored.new)
        raise


def _archive_first(
    names: dict[str, str], project_id: int, project: Callable[[str], str | None]
) -> Callable[[str], str | None]:
    """A name looked up among the zip's images first (by path, base name or stem), then among the
    project's files: a label file names the image beside it."""
    mine: dict[str, str] = {}
    for path, stored in names.items():
        url = media_library.media_url(project_id, stored)
        base = posixpath.basename(path)
        for key in (path, base, posixpath.splitext(base)[0], stored):
            mine.setdefault(key, url)

    def lookup(name: str) -> str | None:
        return mine.get(name) or mine.get(posixpath.basename(name)) or project(name)

    return lookup
