"""Zip caps: a media archive holds at most MAX_ARCHIVE_MEMBERS files (each becomes a file on
disk), a label archive (one small file per item) up to MAX_LABEL_FILES, so an export of more
than 10,000 items imports back."""

from __future__ import annotations

import io
import zipfile

import pytest

from goldlabel.core.archives import open_zip
from goldlabel.core.errors import InvalidInput
from goldlabel.core.limits import MAX_ARCHIVE_MEMBERS, MAX_LABEL_FILES


def _zip(members: int) -> io.BytesIO:
    body = io.BytesIO()
    with zipfile.ZipFile(body, "w") as archive:
        for n in range(members):
            archive.writestr(f"labels/{n}.txt", "0 0.5 0.5 0.1 0.1\n")
        archive.writestr("notes/readme.md", "not a label")
    body.seek(0)
    return body


def test_label_archives_hold_more_members_than_media_archives() -> None:
    assert MAX_LABEL_FILES > MAX_ARCHIVE_MEMBERS
    body = _zip(MAX_ARCHIVE_MEMBERS + 1)
    with pytest.raises(
        InvalidInput, match=rf"has {MAX_ARCHIVE_MEMBERS + 2} files; at most {MAX_ARCHIVE_MEMBERS}"
    ):
        open_zip("big.zip", body)
    _archive, members = open_zip(
        "big.zip", body, max_members=MAX_LABEL_FILES, keep=lambda m: m.filename.endswith(".txt")
    )
    assert len(members) == MAX_ARCHIVE_MEMBERS + 1
