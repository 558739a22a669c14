"""GET /api/control-types: the server's control types, with the widgets the built UI has."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from goldlabel.api.app import STATIC_DIR
from goldlabel.controls.registry import CONTROL_TYPES
from tests.api.conftest import Api


@pytest.fixture
def static_dir(app: Any, tmp_path: Path) -> Path:
    """The app reads the UI build from here instead of the package's static folder."""
    folder = tmp_path / "static"
    folder.mkdir()
    app.state.static_dir = folder
    return folder


def write_manifest(folder: Path, widgets: dict[str, list[str]], surfaces: list[str]) -> None:
    (folder / "widgets.json").write_bytes(orjson.dumps({"widgets": widgets, "surfaces": surfaces}))


def test_widgets_come_from_the_ui_build_manifest(manager: Api, static_dir: Path) -> None:
    write_manifest(static_dir, {"choices": [], "boxes": ["image"], "segments": ["audio"]}, ["image", "audio"])
    r = manager.get("/api/control-types")
    assert r.status_code == 200, r.text
    listed = r.json()
    assert [t["type"] for t in listed] == list(CONTROL_TYPES)
    by_type = {t["type"]: t for t in listed}
    assert by_type["choices"] == {
        "type": "choices",
        "field_kinds": ["audio", "image", "json", "text", "video"],
        "widget": True,
        "surfaces": [],
        "ui_built": True,
    }
    assert by_type["boxes"]["widget"] is True and by_type["boxes"]["surfaces"] == ["image"]
    assert by_type["boxes"]["field_kinds"] == ["image"]
    assert by_type["segments"]["surfaces"] == ["audio"]
    assert by_type["segments"]["field_kinds"] == ["audio", "video"]
    # Never claimed when the UI does not list it, whatever the server supports.
    assert by_type["tracks"]["widget"] is False and by_type["tracks"]["surfaces"] == []
    assert by_type["spans"]["widget"] is False


def test_a_rebuilt_ui_shows_at_once(manager: Api, static_dir: Path) -> None:
    write_manifest(static_dir, {"choices": []}, [])
    assert {t["type"] for t in manager.get("/api/control-types").json() if t["widget"]} == {"choices"}
    write_manifest(static_dir, {"choices": [], "tracks": ["video"]}, ["video"])
    assert {t["type"] for t in manager.get("/api/control-types").json() if t["widget"]} == {
        "choices",
        "tracks",
    }


@pytest.mark.parametrize("content", [None, b"{not json", b'{"widgets": ["choices"]}', b"[]"])
def test_without_a_usable_ui_build_no_widget_is_claimed_and_it_says_so(
    manager: Api, static_dir: Path, content: bytes | None
) -> None:
    if content is not None:
        (static_dir / "widgets.json").write_bytes(content)
    listed = manager.get("/api/control-types").json()
    assert len(listed) == len(CONTROL_TYPES)
    assert all(t["widget"] is False and t["surfaces"] == [] and t["ui_built"] is False for t in listed)


def test_every_member_may_read_it_but_not_an_anonymous_caller(
    client_for: Callable[..., Api], static_dir: Path
) -> None:
    annotator = client_for("someone@example.com")
    assert annotator.get("/api/control-types").status_code == 200
    anonymous = client_for("anon@example.com", login=False)
    r = anonymous.get("/api/control-types")
    assert r.status_code == 401 and r.json()["detail"]["code"] == "not_authenticated"


@pytest.mark.skipif(
    not (STATIC_DIR / "widgets.json").exists(), reason="the web UI is not built (npm run build)"
)
def test_the_built_ui_manifest_lists_the_widgets_the_ui_has(manager: Api) -> None:
    """The real build: the text widgets are on every branch; each listed widget is a server type."""
    listed = {t["type"]: t for t in manager.get("/api/control-types").json()}
    assert all(t["ui_built"] for t in listed.values())
    assert {"choices", "rating", "spans", "text"} <= {n for n, t in listed.items() if t["widget"]}
    manifest = orjson.loads((STATIC_DIR / "widgets.json").read_bytes())
    assert set(manifest["widgets"]) <= set(CONTROL_TYPES)
