"""Media upload and serving: sniffed types, safe headers, members only, no way out of the media dir."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from goldlabel.core.settings import Settings
from goldlabel.db.engine import Database
from tests.api.conftest import SCHEMA, Api, add_member, table_counts
from tests.api.helpers_files import asgi_get, png_bytes, zip_bytes

MISSING = 987_654
RED = png_bytes((255, 0, 0))
GREEN = png_bytes((0, 255, 0))
MARKER = b"OUTSIDE-THE-MEDIA-DIR-7f3a"


def upload(client: Any, project_id: int, *files: tuple[str, bytes, str]) -> Any:
    return client.post(f"/api/projects/{project_id}/media", files=[("files", (n, c, t)) for n, c, t in files])


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root (the data dir) with its content."""
    if not root.exists():
        return {}
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_png_is_served_to_members_as_data(
    manager: Api, project: dict[str, Any], client_for: Callable[..., Api], settings: Settings, app: Any
) -> None:
    pid = project["id"]
    r = upload(manager, pid, ("cat photo.png", RED, "image/png"))
    assert r.status_code == 201, r.text
    [stored] = r.json()
    assert stored["url"] == f"/api/media/{pid}/{stored['name']}"
    assert (settings.media_dir / str(pid) / stored["name"]).read_bytes() == RED

    annotator = client_for("annotator@example.com")
    reviewer = client_for("reviewer@example.com")
    add_member(manager, pid, "annotator@example.com", "annotator")
    add_member(manager, pid, "reviewer@example.com", "reviewer")
    for who in (manager, annotator, reviewer):
        got = who.get(stored["url"])
        assert got.status_code == 200, got.text
        assert got.content == RED
        assert got.headers["content-type"] == "image/png"
        assert got.headers["x-content-type-options"] == "nosniff"
        csp = got.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "object-src 'none'" in csp
        assert not got.headers.get("content-disposition", "inline").startswith("attachment")

    with TestClient(app) as anonymous:
        assert anonymous.get(stored["url"]).status_code == 401

    outsider = client_for("outsider@example.com", can_create_projects=True)
    r = outsider.post("/api/projects", json={"name": "Other", "schema": SCHEMA})
    assert r.status_code == 201
    hidden = outsider.get(stored["url"])
    missing = outsider.get(f"/api/media/{MISSING}/{stored['name']}")
    assert hidden.status_code == 404 and hidden.json() == missing.json()
    assert RED not in hidden.content


def test_non_members_cannot_upload(
    manager: Api,
    project: dict[str, Any],
    client_for: Callable[..., Api],
    settings: Settings,
    database: Database,
) -> None:
    pid = project["id"]
    outsider = client_for("outsider@example.com")
    annotator = client_for("annotator@example.com")
    reviewer = client_for("reviewer@example.com")
    add_member(manager, pid, "annotator@example.com", "annotator")
    add_member(manager, pid, "reviewer@example.com", "reviewer")
    before, files = table_counts(database), snapshot(settings.data_dir)
    r = upload(outsider, pid, ("x.png", RED, "image/png"))
    missing = upload(outsider, MISSING, ("x.png", RED, "image/png"))
    assert r.status_code == 404 and r.json() == missing.json()
    for who in (annotator, reviewer):
        assert upload(who, pid, ("x.png", RED, "image/png")).status_code == 403
    assert snapshot(settings.data_dir) == files
    assert table_counts(database) == before
    assert manager.get(f"/api/media/{pid}/x.png").status_code == 404


SVG = b"""<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script>
<circle r="4"/></svg>"""
HTML = b"<!doctype html><html><body><script>fetch('/api/auth/me')</script></body></html>"


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("logo.svg", SVG, "image/svg+xml"),
        ("logo.png", SVG, "image/png"),  # SVG under an image name
        ("bare.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/svg+xml"),
        ("page.html", HTML, "text/html"),
        ("page.png", HTML, "image/png"),  # HTML under an image name
        ("page.htm", b"<html><script>alert(1)</script></html>", "text/html"),
        ("notes.txt", b"just text", "text/plain"),
        ("empty.png", b"", "image/png"),
    ],
)
def test_svg_html_and_other_non_media_are_refused(
    manager: Api,
    project: dict[str, Any],
    settings: Settings,
    database: Database,
    name: str,
    content: bytes,
    content_type: str,
) -> None:
    pid = project["id"]
    before, files = table_counts(database), snapshot(settings.data_dir)
    r = upload(manager, pid, (name, content, content_type))
    assert r.status_code == 422, r.text
    assert snapshot(settings.data_dir) == files
    assert table_counts(database) == before
    assert manager.get(f"/api/media/{pid}/{name}").status_code == 404


def test_multi_file_upload_with_one_bad_file_lands_nothing(
    manager: Api, project: dict[str, Any], settings: Settings
) -> None:
    pid = project["id"]
    files = snapshot(settings.data_dir)
    r = upload(manager, pid, ("good.png", RED, "image/png"), ("page.html", HTML, "text/html"))
    assert r.status_code == 422, r.text
    assert manager.get(f"/api/media/{pid}/good.png").status_code == 404
    assert snapshot(settings.data_dir) == files


@pytest.fixture
def planted(manager: Api, project: dict[str, Any], settings: Settings, tmp_path: Path) -> dict[str, Path]:
    """Image files outside the project's media folder, each carrying MARKER, plus a served file."""
    pid = project["id"]
    assert upload(manager, pid, ("inside.png", RED, "image/png")).status_code == 201
    secret = png_bytes((1, 2, 3), text=MARKER)
    places = {
        "data_dir": settings.data_dir / "outside.png",
        "media_root": settings.media_dir / "outside.png",
        "other_project": settings.media_dir / str(pid + 1) / "other.png",
        "tmp": tmp_path / "outside.png",
    }
    for path in places.values():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(secret)
    link = settings.media_dir / str(pid) / "link.png"
    os.symlink(places["data_dir"], link)
    places["symlink"] = link
    return places


def _traversals(pid: int, places: dict[str, Path]) -> list[str]:
    absolute = str(places["data_dir"].resolve())
    encoded_absolute = absolute.replace("/", "%2F")
    return [
        "../outside.png",
        "../../outside.png",
        f"../{pid + 1}/other.png",
        "sub/../../outside.png",
        "./../../outside.png",
        "../../../outside.png",
        "%2e%2e/outside.png",
        "%2e%2e%2foutside.png",
        "%2e%2e%2f%2e%2e%2foutside.png",
        "..%2f..%2foutside.png",
        "%2E%2E%2F%2E%2E%2Foutside.png",
        f"%2e%2e%2f{pid + 1}%2fother.png",
        "..%5c..%5coutside.png",
        "%252e%252e%252f%252e%252e%252foutside.png",
        "/" + absolute,
        encoded_absolute,
        "/" + str(places["tmp"].resolve()),
        "%2F" + str(places["tmp"].resolve()).lstrip("/").replace("/", "%2F"),
        "//etc/passwd",
        "%2Fetc%2Fpasswd",
        "../../../../../../../../etc/passwd",
        "%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "link.png",
    ]


def test_path_traversal_never_leaves_the_media_dir(
    manager: Api, project: dict[str, Any], planted: dict[str, Path], app: Any
) -> None:
    pid = project["id"]
    assert manager.get(f"/api/media/{pid}/inside.png").content == RED  # control: serving works
    cookie = {"cookie": f"goldlabel_session={manager.cookies['goldlabel_session']}"}
    status, _, body = asgi_get(app, f"/api/media/{pid}/inside.png", cookie)
    assert (status, body) == (200, RED)  # control: the raw-path helper is authenticated
    for attempt in _traversals(pid, planted):
        url = f"/api/media/{pid}/{attempt}"
        # 1) through an ordinary HTTP client (percent-escapes survive; it collapses a literal "..",
        #    which may then land outside /api/media altogether, e.g. on the web UI's index page)
        r = manager.get(url)
        if r.request.url.raw_path.startswith(f"/api/media/{pid}/".encode()):
            assert r.status_code == 404, (attempt, r.status_code, r.text[:200])
        assert MARKER not in r.content and b"root:" not in r.content
        # 2) exactly as written, like `curl --path-as-is`
        status, _, body = asgi_get(app, url, cookie)
        assert status == 404, (attempt, status, body[:200])
        assert MARKER not in body and b"root:" not in body


def test_traversal_as_admin_is_refused_too(
    project: dict[str, Any], planted: dict[str, Path], client_for: Callable[..., Api], app: Any
) -> None:
    pid = project["id"]
    admin = client_for("root@example.com", admin=True)
    cookie = {"cookie": f"goldlabel_session={admin.cookies['goldlabel_session']}"}
    for attempt in _traversals(pid, planted):
        status, _, body = asgi_get(app, f"/api/media/{pid}/{attempt}", cookie)
        assert status == 404, (attempt, status)
        assert MARKER not in body


def test_zip_of_two_pngs_lands_both(manager: Api, project: dict[str, Any], settings: Settings) -> None:
    pid = project["id"]
    archive = zip_bytes({"red.png": RED, "nested/dir/green.png": GREEN})
    r = upload(manager, pid, ("batch.zip", archive, "application/zip"))
    assert r.status_code == 201, r.text
    by_name = {s["name"]: s["url"] for s in r.json()}
    assert set(by_name) == {"red.png", "green.png"}
    for name, content in (("red.png", RED), ("green.png", GREEN)):
        got = manager.get(by_name[name])
        assert got.status_code == 200 and got.content == content
        assert got.headers["content-type"] == "image/png"
    files = sorted(p.name for p in (settings.media_dir / str(pid)).iterdir() if p.is_file())
    assert files == ["green.png", "red.png"]


@pytest.mark.parametrize("bad_first", [True, False])
@pytest.mark.parametrize(
    ("bad_name", "bad_content"),
    [("evil.svg", SVG), ("evil.png", HTML), ("evil.html", HTML), ("readme.txt", b"hello")],
)
def test_zip_with_one_bad_member_lands_nothing(
    manager: Api,
    project: dict[str, Any],
    settings: Settings,
    database: Database,
    bad_first: bool,
    bad_name: str,
    bad_content: bytes,
) -> None:
    pid = project["id"]
    members = [("red.png", RED), ("green.png", GREEN)]
    members.insert(0 if bad_first else 2, (bad_name, bad_content))
    before, files = table_counts(database), snapshot(settings.data_dir)
    r = upload(manager, pid, ("batch.zip", zip_bytes(dict(members)), "application/zip"))
    assert r.status_code == 422, r.text
    assert bad_name in r.json()["detail"]["message"]
    assert snapshot(settings.data_dir) == files
    assert table_counts(database) == before
    for name in ("red.png", "green.png", bad_name):
        assert manager.get(f"/api/media/{pid}/{name}").status_code == 404


def test_zip_bomb_ratio_is_refused(
    manager: Api, project: dict[str, Any], settings: Settings, database: Database
) -> None:
    pid = project["id"]
    # sniffs as a PNG, but 512 KiB of zeros deflate about a thousandfold
    payload = RED + b"\x00" * (512 * 1024)
    bomb = zip_bytes({"huge.png": payload}, compression=zipfile.ZIP_DEFLATED)
    info = zipfile.ZipFile(io.BytesIO(bomb)).infolist()[0]
    assert info.file_size / info.compress_size > 100
    before, files = table_counts(database), snapshot(settings.data_dir)
    r = upload(manager, pid, ("bomb.zip", bomb, "application/zip"))
    assert r.status_code in (413, 422), r.text
    assert snapshot(settings.data_dir) == files
    assert table_counts(database) == before
    assert manager.get(f"/api/media/{pid}/huge.png").status_code == 404
    # control: the same member stored uncompressed is accepted, so the ratio was the reason
    stored = zip_bytes({"huge.png": payload}, compression=zipfile.ZIP_STORED)
    r = upload(manager, pid, ("plain.zip", stored, "application/zip"))
    assert r.status_code == 201, r.text
    assert manager.get(f"/api/media/{pid}/huge.png").content == payload


def test_zip_member_names_cannot_escape(manager: Api, project: dict[str, Any], settings: Settings) -> None:
    pid = project["id"]
    archive = zip_bytes({"../../escape.png": RED, "/abs/escape2.png": GREEN, "..\\..\\win.png": RED})
    before = snapshot(settings.data_dir)
    r = upload(manager, pid, ("names.zip", archive, "application/zip"))
    after = snapshot(settings.data_dir)
    new = set(after) - set(before)
    # The files themselves, and their derived files (thumbnails) under the project's .derived/.
    derived = Path("media") / str(pid) / ".derived"
    assert all(
        Path(n).parent
        in (Path("media") / str(pid), *(derived / x for x in os.listdir(settings.data_dir / derived)))
        for n in new
    ), new
    if r.status_code == 201:
        for stored in r.json():
            assert "/" not in stored["name"] and "\\" not in stored["name"] and ".." not in stored["name"]
            assert manager.get(stored["url"]).status_code == 200
    else:
        assert r.status_code == 422 and not new


def test_not_a_zip_is_refused(manager: Api, project: dict[str, Any], settings: Settings) -> None:
    files = snapshot(settings.data_dir)
    r = upload(manager, project["id"], ("broken.zip", b"PK\x03\x04 not really", "application/zip"))
    assert r.status_code == 422, r.text
    assert snapshot(settings.data_dir) == files
