"""Test helpers: tiny real media files, zip archives, and raw ASGI requests.

Nothing here needs Pillow: PNGs are assembled from their chunks with zlib and struct.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from typing import Any
from urllib.parse import unquote

import anyio
import anyio.from_thread

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)


def png_bytes(rgb: tuple[int, int, int] = (200, 30, 30), *, size: int = 2, text: bytes = b"") -> bytes:
    """A valid size x size RGB PNG; ``text`` goes into a tEXt chunk (a marker to search for)."""
    row = b"\x00" + bytes(rgb) * size
    ihdr = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    parts = [PNG_SIGNATURE, _chunk(b"IHDR", ihdr), _chunk(b"IDAT", zlib.compress(row * size))]
    if text:
        parts.append(_chunk(b"tEXt", b"Comment\x00" + text))
    parts.append(_chunk(b"IEND", b""))
    return b"".join(parts)


def zip_bytes(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def asgi_get(app: Any, raw_path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    """GET a path exactly as sent (no client-side ``..`` normalisation), straight into the app.

    HTTP clients collapse ``/a/../b`` before sending; a hostile client need not, so this sends
    the literal path like ``curl --path-as-is`` would.
    """
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": unquote(raw_path),  # servers decode the path; raw_path keeps the bytes sent
        "raw_path": raw_path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver")]
        + [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "state": {},
    }
    status = 0
    response_headers: dict[str, str] = {}
    body = bytearray()

    requested = False
    done: anyio.Event

    async def receive() -> dict[str, Any]:
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await done.wait()  # then the client goes away, like a real one after the response
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
            response_headers.update({k.decode().lower(): v.decode() for k, v in message.get("headers", [])})
        elif message["type"] == "http.response.body":
            body.extend(message.get("body", b""))
            if not message.get("more_body", False):
                done.set()

    async def run() -> None:
        nonlocal done
        done = anyio.Event()
        await app(scope, receive, send)

    # In a loop of its own thread: a browser test on the same worker keeps a loop running here.
    with anyio.from_thread.start_blocking_portal() as portal:
        portal.call(run)
    return status, response_headers, bytes(body)
