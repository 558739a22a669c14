"""HTTP range requests on the media route (Starlette's FileResponse answers them): a 300 MB file
is served in parts, 206 with Content-Range and exactly the bytes asked for, and never read whole.

"Never read whole" is measured, not assumed: the bytes this process reads from files, counted by
the kernel (``rchar`` in ``/proc/self/io``, every thread, page cache or not), stay far below the
file's size while serving ranges; the same counter sees a whole read when one happens.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from goldlabel.core.settings import Settings
from tests.api.conftest import Api
from tests.api.media_samples import video_bytes
from tests.api.test_media import upload

SIZE = 300 * 1024 * 1024
MARK_AT = 200 * 1024 * 1024
MARK = b"range-marker-0123456789"

pytestmark = pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="needs Linux's /proc/self/io")


def bytes_read() -> int:
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    raise AssertionError("no rchar in /proc/self/io")


@pytest.fixture
def big(project: dict[str, Any], settings: Settings) -> tuple[str, bytes]:
    """A sparse 300 MB MP4: a real header (it sniffs as video/mp4), a marker at 200 MB, zeros."""
    header = video_bytes(5)
    folder = settings.media_dir / str(project["id"])
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "big.mp4").open("wb") as f:
        f.write(header)
        f.seek(MARK_AT)
        f.write(MARK)
        f.truncate(SIZE)
    return f"/api/media/{project['id']}/big.mp4", header


def test_a_large_file_is_served_in_parts_and_never_read_whole(
    manager: Api, big: tuple[str, bytes], settings: Settings
) -> None:
    url, header = big
    before = bytes_read()
    first = manager.get(url, headers={"Range": "bytes=0-1023"})
    middle = manager.get(url, headers={"Range": f"bytes={MARK_AT - 10}-{MARK_AT + len(MARK) + 9}"})
    last = manager.get(url, headers={"Range": "bytes=-100"})
    read = bytes_read() - before

    assert first.status_code == 206 and first.content == header[:1024]
    assert first.headers["content-range"] == f"bytes 0-1023/{SIZE}"
    assert first.headers["content-length"] == "1024" and first.headers["content-type"] == "video/mp4"
    assert middle.status_code == 206
    assert middle.content == b"\0" * 10 + MARK + b"\0" * 10
    assert middle.headers["content-range"] == f"bytes {MARK_AT - 10}-{MARK_AT + len(MARK) + 9}/{SIZE}"
    assert last.status_code == 206 and last.content == b"\0" * 100
    assert last.headers["content-range"] == f"bytes {SIZE - 100}-{SIZE - 1}/{SIZE}"
    assert read < 8 * 1024 * 1024, f"serving three small ranges read {read} bytes"

    # The counter sees a whole read: reading the file ourselves moves it by the file's size.
    before = bytes_read()
    with (settings.media_dir / url.split("/api/media/")[1]).open("rb") as f:
        while f.read(1 << 24):
            pass
    assert bytes_read() - before >= SIZE


def test_a_range_past_the_end_is_416_not_an_error(manager: Api, big: tuple[str, bytes]) -> None:
    url, _ = big
    r = manager.get(url, headers={"Range": f"bytes={SIZE}-{SIZE + 10}"})
    assert r.status_code == 416 and r.headers["content-range"] == f"bytes */{SIZE}"
    r = manager.get(url, headers={"Range": "lines=1-2"})
    assert r.status_code == 400


def test_a_browser_is_told_it_may_ask_for_ranges(manager: Api, project: dict[str, Any]) -> None:
    stored = upload(manager, project["id"], ("clip.mp4", video_bytes(5), "video/mp4")).json()[0]
    r = manager.get(stored["url"])
    assert r.status_code == 200 and r.headers["accept-ranges"] == "bytes"
